/**
 * Seeds for the local Admin API: builds a store from the `demo` shop, a seed spec (JSON file or
 * object) or a store snapshot, and generates large collections for tests and benchmarks.
 *
 * The demo's catalogue itself is data, in demo-shop.ts; the seed format is seed-spec.ts; the
 * categories are categories.ts. They are re-exported here, so `./seed` stays the one import.
 */
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import sharp from "sharp";
import { CATEGORIES } from "./categories";
import { DEMO_IDS, demoSpec } from "./demo-shop";
import { renderedMimeType, renderedSize } from "./images";
import { flat, type GenerateSpec, type SeedImage, type SeedOption, type SeedSpec } from "./seed-spec";
import { handleize, Store, type OptionRecord, type StoreSnapshot, type VariantRecord } from "./store";

export { CATEGORIES } from "./categories";
export { DEMO_IDS } from "./demo-shop";
export type { GenerateSpec, SeedCollection, SeedImage, SeedOption, SeedProduct, SeedSpec } from "./seed-spec";

/** Puts a seed image into the store: a file's bytes, or a drawn photo's spec (drawn on first download). */
async function putImage(store: Store, image: SeedImage): Promise<{ blob: string; mimeType: string; filename: string; width: number | null; height: number | null }> {
  if ("path" in image) {
    const bytes = await readFile(image.path);
    const meta = await sharp(bytes).metadata();
    const ext = meta.format === "jpeg" ? "jpg" : (meta.format ?? "bin");
    const mimeType = `image/${meta.format ?? "octet-stream"}`;
    return { blob: store.putBlob(bytes, mimeType), mimeType, filename: image.path.split("/").pop() ?? `image.${ext}`, width: meta.width ?? null, height: meta.height ?? null };
  }
  const { alt: _alt, filename, ...spec } = image;
  const png = spec.format === "png";
  return { blob: store.putRenderedBlob(spec), mimeType: renderedMimeType(spec), filename: filename ?? `${spec.kind}-${spec.colour.replace("#", "")}.${png ? "png" : "jpg"}`, ...renderedSize(spec) };
}

/** Adds a seed spec's shop, products and collections to a store. */
export async function applySeedSpec(store: Store, spec: SeedSpec, options: { firstMediaId?: number; firstVariantId?: number; firstOptionId?: number } = {}): Promise<void> {
  if (spec.shop) store.shop = { ...store.shop, ...spec.shop, plan: { ...store.shop.plan, ...spec.shop.plan } };
  let nextMediaId = options.firstMediaId;
  let nextVariantId = options.firstVariantId;
  let nextOptionId = options.firstOptionId;
  // Read every image first (in parallel), then create records in a fixed order so ids are stable.
  const products = spec.products ?? [];
  const images = await Promise.all(products.map((p) => Promise.all((p.images ?? []).map((image) => putImage(store, image)))));
  const byTitle = new Map<string, number>();
  products.forEach((p, i) => {
    const mediaIds: number[] = [];
    (p.images ?? []).forEach((image, j) => {
      const { blob, mimeType, filename, width, height } = images[i][j];
      const media = store.addMedia({ id: nextMediaId, blob, filename, mimeType, alt: image.alt ?? p.title, width, height });
      if (nextMediaId !== undefined) nextMediaId++;
      mediaIds.push(media.id);
    });
    const optionRecords: OptionRecord[] = (p.options ?? []).map((o) => ({ ...o, id: o.id ?? (nextOptionId !== undefined ? nextOptionId++ : store.allocateId()) }));
    const variants: VariantRecord[] = (p.variants ?? []).map((v, k) => {
      if (v.values.length !== optionRecords.length) throw new Error(`Seed product "${p.title}": variant ${k + 1} needs one value per option.`);
      if (v.image !== undefined && mediaIds[v.image] === undefined) throw new Error(`Seed product "${p.title}": variant ${k + 1} names image ${v.image}, which it does not have.`);
      return {
        id: v.id ?? (nextVariantId !== undefined ? nextVariantId++ : store.allocateId()),
        title: v.values.join(" / "),
        selectedOptions: v.values.map((value, j) => ({ name: optionRecords[j].name, value })),
        mediaId: v.image === undefined ? null : mediaIds[v.image],
        price: v.price ?? "0.00",
        sku: v.sku ?? `${handleize(p.title)}-${v.values.map(handleize).join("-")}`.toUpperCase(),
      };
    });
    const product = store.addProduct({
      id: p.id,
      title: p.title,
      options: optionRecords,
      variants,
      productType: p.productType,
      vendor: p.vendor,
      tags: p.tags,
      status: p.status,
      category: p.category ?? null,
      descriptionHtml: p.descriptionHtml ?? `<p>${p.title}.</p>`,
      mediaIds,
    });
    byTitle.set(p.title, product.id);
  });
  for (const c of spec.collections ?? []) {
    const productIds = [...(c.productIds ?? []), ...(c.productTitles ?? []).map((t) => {
      const id = byTitle.get(t);
      if (id === undefined) throw new Error(`Seed collection "${c.title}" lists unknown product title "${t}".`);
      return id;
    })];
    store.addCollection({ id: c.id, title: c.title, productIds });
  }
  for (const g of [spec.generate ?? []].flat()) await generateCollection(store, g);
}

/**
 * A large manual collection: `collectionSize` products (tops and dresses alternating), each with its
 * own media record(s) over four shared images, so thousands of products cost almost nothing.
 */
export async function generateCollection(store: Store, spec: GenerateSpec): Promise<number> {
  const blobs = await Promise.all(
    [flat("tops", "#1f3a6e"), flat("dresses", "#c0392b", { pattern: "dots" }), flat("tops", "#2e7d32", { pattern: "stripes" }), flat("dresses", "#8e44ad")].map((image) => putImage(store, image)),
  );
  const size = spec.collectionSize;
  const productIds: number[] = [];
  for (let i = 0; i < size; i++) {
    const image = blobs[i % blobs.length];
    const isTop = i % 2 === 0;
    const number = String(i + 1).padStart(String(size).length, "0");
    const mediaIds: number[] = [];
    for (let m = 0; m < (spec.mediaPerProduct ?? 1); m++) {
      const media = store.addMedia({ blob: image.blob, filename: image.filename, mimeType: image.mimeType, width: image.width, height: image.height, alt: `Generated ${isTop ? "tee" : "dress"} ${number}` });
      mediaIds.push(media.id);
    }
    const product = store.addProduct({
      title: isTop ? `Generated Tee ${number}` : `Generated Dress ${number}`,
      productType: isTop ? "T-Shirts" : "Dresses",
      category: isTop ? CATEGORIES.tshirts : CATEGORIES.dresses,
      tags: ["generated"],
      mediaIds,
    });
    productIds.push(product.id);
  }
  const collection = store.addCollection({ id: spec.collectionId, title: spec.title ?? `Generated Collection (${size})`, productIds });
  return collection.id;
}

/** Builds a store from a seed option (default: empty shop). */
export async function buildStore(seed: SeedOption | undefined): Promise<Store> {
  if (seed === undefined || seed === "empty") return new Store();
  if (seed === "demo") return buildStore({ base: "demo" });
  if (typeof seed === "string") {
    const parsed = JSON.parse(await readFile(seed, "utf8")) as SeedSpec | StoreSnapshot;
    return buildStore(parsed);
  }
  if (Store.isSnapshot(seed)) return Store.fromSnapshot(seed);
  const store = new Store();
  if (seed.base === "demo") await applySeedSpec(store, demoSpec(), { firstMediaId: DEMO_IDS.firstMediaId, firstVariantId: DEMO_IDS.firstVariantId, firstOptionId: 7001 });
  const { base: _base, ...rest } = seed;
  await applySeedSpec(store, rest);
  return store;
}

/** True when a string seed names an existing file (CLI validation). */
export const seedFileExists = (path: string) => existsSync(path) && readFileSync(path, "utf8").trim().startsWith("{");
