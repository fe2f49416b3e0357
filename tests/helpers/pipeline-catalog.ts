/**
 * Collections for pipeline tests, built in the local Admin API's store: generated good products
 * (cheap: shared images), the demo seed's deliberately bad products, and products whose garment file
 * name carries a fault marker for the local try-on service (e.g. "fault-1000" → 1000 at query time).
 */
import { generateCollection, type Store } from "../../local/admin-api";

/** Demo products skipped before anything is sent (metadata alone shows try-on cannot use them): app codes. */
export const BAD_DEMO_PRODUCTS = [
  { id: 1012, title: "Mystery Garment", code: "preflight.no_image", message: /nothing was spent.*no photos/ },
  { id: 1024, title: "Mini Logo Tee", code: "preflight.too_small", message: /nothing was spent.*400×400 px; try-on needs more than 500×500 px/ },
] as const;

/**
 * Demo products that ARE sent although their only photo does not look like a flat lay (the look ranks,
 * it never blocks), flagged "may be refused"; and one whose 3200×3200 photo is sent as Shopify's ≤3000 px
 * rendition.
 */
export const FLAGGED_DEMO_PRODUCTS = [
  { id: 1025, title: "Weekend Lifestyle Shirt", reason: /background is busy/ },
  { id: 1026, title: "Cropped Print Tee", reason: /cut off/ },
] as const;
export const RESIZED_DEMO_PRODUCT = { id: 1040, title: "Oversized Tee" } as const;

/** Every demo product above, for collections that mix them in. */
export const DEMO_EDGE_PRODUCTS = [...BAD_DEMO_PRODUCTS.map((b) => b.id), ...FLAGGED_DEMO_PRODUCTS.map((f) => f.id), RESIZED_DEMO_PRODUCT.id];

export interface TestCollection {
  /** gid://shopify/Collection/… */
  collectionId: string;
  /** Product gids in collection order. */
  productIds: string[];
}

/**
 * A collection of `good` generated products plus the given demo product ids and fault products.
 * `faults` are file-name markers, one product each (e.g. ["fault-1000", "fault-500x1"]).
 */
export async function buildTestCollection(store: Store, o: { good: number; demo?: number[]; faults?: string[]; title?: string }): Promise<TestCollection> {
  const id = await generateCollection(store, { collectionSize: o.good, title: o.title });
  const collection = store.collections.get(id)!;
  // A good flat lay to copy for fault products: the first generated product's, else the demo's navy tee.
  const templateProduct = collection.productIds[0] ?? 1013;
  collection.productIds.push(...(o.demo ?? []));
  if (o.faults?.length) {
    const template = store.media.get(store.products.get(templateProduct)!.mediaIds[0])!;
    for (const marker of o.faults) {
      const media = store.addMedia({ blob: template.blob, filename: `tee-${marker}.jpg`, mimeType: template.mimeType, width: template.width, height: template.height, alt: `Tee ${marker}` });
      const product = store.addProduct({ title: `Fault Tee ${marker}`, productType: "T-Shirts", tags: ["fault"], mediaIds: [media.id] });
      collection.productIds.push(product.id);
    }
  }
  return { collectionId: `gid://shopify/Collection/${id}`, productIds: collection.productIds.map((p) => `gid://shopify/Product/${p}`) };
}

/** Media of a product that are Fitting Room try-on results (shopper alt text: "Model wearing the …"). */
export function tryOnMediaOf(store: Store, productGid: string): Array<{ id: number; alt: string | null }> {
  const id = Number(productGid.split("/").pop());
  const product = store.products.get(id);
  if (!product) return [];
  return product.mediaIds.map((m) => store.media.get(m)!).filter((m) => m && (m.alt ?? "").startsWith("Model wearing the "));
}
