/** New products tried on by themselves (issue 15.2): the webhook effect, the baseline and the dashboard card. */
import { MissingSessionError } from "../pipeline/ports";
import { pipeline } from "./pipeline.server";

/** Records the baseline of collections that just turned "Try on new products" on, in the background. */
export function recordNewProductsBaseline(shop: string): void {
  const p = pipeline();
  void p.autoTryOn.sweepShop(shop).catch((error) => p.deps.log.warn("recording the new-products baseline failed; the sweep retries", { shop, error: (error as Error).message }));
}

/** products/create | products/update: start the product's try-on when a collection asks for it. */
export async function productChanged(shop: string, productId: string, event: "create" | "update"): Promise<void> {
  const p = pipeline();
  try {
    await p.autoTryOn.onProductEvent(shop, productId, event);
  } catch (error) {
    // Without an offline session nothing can run; the sweep picks the product up once the shop reconnects.
    if (error instanceof MissingSessionError) return;
    throw error;
  }
}

/** The dashboard card: products tried on by themselves. */
export async function autoTryOnRecent(shop: string) {
  const rows = await pipeline().autoTryOn.recent(shop, 8);
  return rows.map((r) => ({ id: r.id, productId: r.productId, productTitle: r.productTitle ?? r.productId, status: r.status, runId: r.runId, reason: r.reason, at: r.updatedAt.toISOString() }));
}
