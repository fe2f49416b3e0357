/// <reference types="@shopify/app-bridge-types" />
/**
 * Thin, client-only access to App Bridge's `shopify` global (Shopify's CDN script in production, the
 * local stand-in in the demo and tests). Safe to call during SSR or before App Bridge loads: it does
 * nothing then, instead of throwing.
 */
function bridge(): ShopifyGlobal | null {
  if (typeof window === "undefined") return null;
  return (window as unknown as { shopify?: ShopifyGlobal }).shopify ?? null;
}

type ShopifyGlobal = typeof globalThis.shopify;

export function showToast(message: string, options: { isError?: boolean; duration?: number } = {}): void {
  bridge()?.toast.show(message, { duration: options.duration ?? 4000, isError: options.isError });
}

export function setLoading(on: boolean): void {
  bridge()?.loading(on);
}

export interface PickedResource {
  id: string;
  title: string;
}

/** App Bridge's resource picker; resolves to the chosen resources ([] when cancelled). */
export async function pickResources(type: "product" | "collection", options: { multiple?: boolean; action?: "add" | "select" } = {}): Promise<PickedResource[]> {
  const b = bridge();
  if (!b) return [];
  const selection = await b.resourcePicker({ type, multiple: options.multiple ?? false, action: options.action ?? "select" });
  return (selection ?? []).map((r) => ({ id: String((r as { id: string }).id), title: String((r as { title?: string }).title ?? "") }));
}

/** Opens a Shopify admin page (shopify://admin/…) from inside the embedded app. */
export function openAdmin(path: string): void {
  if (typeof window === "undefined") return;
  window.open(`shopify://admin${path.startsWith("/") ? path : `/${path}`}`, "_top");
}

/** Opens an App Bridge modal (`<Modal id>`); does nothing before App Bridge loads. */
export function showModal(id: string): void {
  void bridge()?.modal.show(id);
}

export function hideModal(id: string): void {
  void bridge()?.modal.hide(id);
}
