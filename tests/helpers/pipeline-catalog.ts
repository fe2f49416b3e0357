/**
 * Collections for pipeline tests, built in the local Admin API's store: generated good products
 * (cheap: shared images), the demo seed's deliberately bad products, and products whose garment file
 * name carries a fault marker for the local try-on service (e.g. "fault-1000" → 1000 at query time).
 */
import { generateCollection, type Store } from "../../local/admin-api";

/** Demo products that must fail, with the code the pipeline gives them (all checked locally). */
export const BAD_DEMO_PRODUCTS = [
  { id: 1012, title: "Mystery Garment", code: "NO_GARMENT_IMAGE", message: /no images/ },
  { id: 1024, title: "Mini Logo Tee", code: "703", message: /400×400 px; try-on needs more than 500×500 px/ },
  { id: 1025, title: "Weekend Lifestyle Shirt", code: "707", message: /background is busy/ },
  { id: 1026, title: "Cropped Print Tee", code: "707", message: /cut off/ },
  { id: 1040, title: "Oversized Tee", code: "703", message: /3200×3200 px.*at most 3000×3000 px/ },
] as const;

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

/** Media of a product whose alt text marks it as a Fitting Room try-on result. */
export function tryOnMediaOf(store: Store, productGid: string): Array<{ id: number; alt: string | null }> {
  const id = Number(productGid.split("/").pop());
  const product = store.products.get(id);
  if (!product) return [];
  return product.mediaIds.map((m) => store.media.get(m)!).filter((m) => m && (m.alt ?? "").includes("AI try-on") && (m.alt ?? "").includes("(ref "));
}
