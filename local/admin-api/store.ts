/**
 * The local Admin API's shop: products with media, manual collections, files (media images) and the
 * image bytes behind them. In memory, optionally persisted as one JSON file.
 *
 * Ids are numeric here and exposed as Shopify gids (gid://shopify/Product/1001). Image bytes are kept
 * once per content hash, so a generated 2,000-product collection can share a handful of images.
 *
 * This file is the Store itself (the tables, ids, blobs and the mutations that keep them consistent);
 * the record types and shared rules are in records.ts, the counters in metrics.ts, the JSON file in
 * snapshot.ts. Everything is re-exported here, so `./store` stays the one import for all of it.
 */
import { createHash } from "node:crypto";
import { renderCached, renderKey, renderedMimeType, type GarmentImageSpec } from "./images";
import { countCdnDownload, emptyMetrics, type CdnPathStats, type StoreMetrics } from "./metrics";
import { DEFAULT_SHOP, defaultVariant, detachMedia, handleize, type BlobRecord, type CollectionRecord, type MediaRecord, type ProductRecord, type ShopRecord, type VariantRecord } from "./records";
import { decodeBlob, encodeBlobs, isSnapshot, readSnapshotFile, SnapshotWriter, type StoreSnapshot } from "./snapshot";

export * from "./records";
export { emptyMetrics, type CdnPathStats, type StoreMetrics } from "./metrics";
export type { StoreSnapshot } from "./snapshot";

export class Store {
  shop: ShopRecord;
  readonly products = new Map<number, ProductRecord>();
  readonly collections = new Map<number, CollectionRecord>();
  readonly media = new Map<number, MediaRecord>();
  readonly blobs = new Map<string, BlobRecord>();
  metrics: StoreMetrics = emptyMetrics();
  /** CDN downloads per path, reset with the metrics. */
  cdnByPath = new Map<string, CdnPathStats>();
  /** Which product each explicit variant belongs to. */
  private readonly variantProducts = new Map<number, number>();
  private nextId = 10_000;
  private writer?: SnapshotWriter;

  constructor(shop: ShopRecord = DEFAULT_SHOP) {
    this.shop = { ...shop, plan: { ...shop.plan } };
  }

  /** Next free numeric id (ids are unique across kinds, like Shopify's). */
  allocateId(): number {
    return this.nextId++;
  }

  /** Makes sure later allocations do not collide with an explicitly chosen id. */
  reserveId(id: number): void {
    if (id >= this.nextId) this.nextId = id + 1;
  }

  putBlob(bytes: Buffer, mimeType: string): string {
    const key = createHash("sha256").update(bytes).digest("hex").slice(0, 32);
    if (!this.blobs.has(key)) this.blobs.set(key, { mimeType, bytes });
    return key;
  }

  /**
   * A seed photo whose bytes are drawn only when first asked for (a 5000×5000 photo takes ~2 s and
   * ~150 MB to draw): the shop starts at once and knows its size from the spec.
   */
  putRenderedBlob(spec: GarmentImageSpec): string {
    const key = renderKey(spec);
    if (!this.blobs.has(key)) this.blobs.set(key, { mimeType: renderedMimeType(spec), render: spec });
    return key;
  }

  /** A blob's bytes (drawing a seed photo on first use); null when there is no such blob. */
  async blobBytes(key: string): Promise<{ bytes: Buffer; mimeType: string } | null> {
    const blob = this.blobs.get(key);
    if (!blob) return null;
    if (!blob.bytes && blob.render) blob.bytes = await renderCached(blob.render);
    return blob.bytes ? { bytes: blob.bytes, mimeType: blob.mimeType } : null;
  }

  /** Counts one CDN download of `path`. */
  countCdnDownload(path: string, rendition: boolean, bytes: number): void {
    countCdnDownload(this.metrics, this.cdnByPath, path, rendition, bytes);
  }

  addProduct(input: Partial<ProductRecord> & { title: string }): ProductRecord {
    const id = input.id ?? this.allocateId();
    this.reserveId(id);
    const now = new Date().toISOString();
    const product: ProductRecord = {
      id,
      title: input.title,
      handle: input.handle ?? handleize(input.title),
      productType: input.productType ?? "",
      vendor: input.vendor ?? this.shop.name,
      status: input.status ?? "ACTIVE",
      tags: input.tags ?? [],
      category: input.category ?? null,
      descriptionHtml: input.descriptionHtml ?? "",
      mediaIds: input.mediaIds ?? [],
      ...(input.variants?.length ? { options: input.options ?? [], variants: input.variants } : {}),
      createdAt: input.createdAt ?? now,
      updatedAt: input.updatedAt ?? now,
    };
    this.products.set(id, product);
    this.indexVariants(product);
    this.schedulePersist();
    return product;
  }

  addMedia(input: Partial<MediaRecord> & { blob: string | null; filename: string; mimeType: string }): MediaRecord {
    const id = input.id ?? this.allocateId();
    this.reserveId(id);
    const now = new Date().toISOString();
    const media: MediaRecord = {
      id,
      alt: input.alt ?? null,
      blob: input.blob,
      filename: input.filename,
      mimeType: input.mimeType,
      width: input.width ?? null,
      height: input.height ?? null,
      fileSize: input.fileSize ?? (input.blob ? (this.blobs.get(input.blob)?.bytes?.length ?? null) : null),
      readyAt: input.readyAt ?? 0,
      error: input.error ?? null,
      ...(input.stage ? { stage: input.stage, source: input.source ?? null } : {}),
      createdAt: input.createdAt ?? now,
      updatedAt: input.updatedAt ?? now,
    };
    this.media.set(id, media);
    this.schedulePersist();
    return media;
  }

  addCollection(input: Partial<CollectionRecord> & { title: string }): CollectionRecord {
    const id = input.id ?? this.allocateId();
    this.reserveId(id);
    const collection: CollectionRecord = {
      id,
      title: input.title,
      handle: input.handle ?? handleize(input.title),
      descriptionHtml: input.descriptionHtml ?? "",
      productIds: input.productIds ?? [],
      updatedAt: input.updatedAt ?? new Date().toISOString(),
    };
    this.collections.set(id, collection);
    this.schedulePersist();
    return collection;
  }

  /** Records which product each of a product's explicit variants belongs to (call after changing them). */
  indexVariants(product: ProductRecord): void {
    for (const variant of product.variants ?? []) {
      this.variantProducts.set(variant.id, product.id);
      this.reserveId(variant.id);
    }
    for (const option of product.options ?? []) this.reserveId(option.id);
  }

  /**
   * A variant by id: an explicit one, or the default variant of a product without options (whose id
   * is the product's own number, as nothing else in the store can have it).
   */
  variant(id: number): { product: ProductRecord; variant: VariantRecord } | null {
    const owner = this.variantProducts.get(id);
    if (owner !== undefined) {
      const product = this.products.get(owner);
      const variant = product?.variants?.find((v) => v.id === id);
      return product && variant ? { product, variant } : null;
    }
    const product = this.products.get(id);
    return product && !product.variants?.length ? { product, variant: defaultVariant(product) } : null;
  }

  /** Collections that contain the product. */
  collectionsOf(productId: number): CollectionRecord[] {
    return [...this.collections.values()].filter((c) => this.membersOf(c).has(productId));
  }

  /**
   * A collection's products as a set, rebuilt when its list grows or is replaced (lists are only ever
   * appended to). A `collection_id:` search asks this once per product: scanning the list each time
   * made a bulk read of a 100,000-product collection hold the process for 4 s.
   */
  private readonly memberSets = new WeakMap<number[], { length: number; ids: Set<number> }>();
  private membersOf(collection: CollectionRecord): Set<number> {
    const cached = this.memberSets.get(collection.productIds);
    if (cached && cached.length === collection.productIds.length) return cached.ids;
    const ids = new Set(collection.productIds);
    this.memberSets.set(collection.productIds, { length: collection.productIds.length, ids });
    return ids;
  }

  /** Deletes a medium and removes it from every product and variant. */
  deleteMedia(id: number): boolean {
    if (!this.media.delete(id)) return false;
    for (const product of this.products.values()) detachMedia(product, id);
    this.schedulePersist();
    return true;
  }

  /** Resets the request metrics (benchmarks measure one phase at a time). */
  resetMetrics(): void {
    this.metrics = emptyMetrics();
    this.cdnByPath = new Map();
  }

  snapshot(): StoreSnapshot {
    return {
      format: "fitting-room-local-admin-api/1",
      shop: this.shop,
      products: [...this.products.values()],
      collections: [...this.collections.values()],
      media: [...this.media.values()],
      blobs: encodeBlobs(this.blobs),
      nextId: this.nextId,
    };
  }

  static fromSnapshot(snapshot: StoreSnapshot): Store {
    if (snapshot.format !== "fitting-room-local-admin-api/1") {
      throw new Error(`Not a local Admin API store file (format "${String(snapshot.format)}").`);
    }
    const store = new Store(snapshot.shop);
    for (const [key, blob] of Object.entries(snapshot.blobs)) store.blobs.set(key, decodeBlob(blob));
    for (const p of snapshot.products) {
      store.products.set(p.id, p);
      store.indexVariants(p);
    }
    for (const c of snapshot.collections) store.collections.set(c.id, c);
    for (const m of snapshot.media) store.media.set(m.id, m);
    store.nextId = snapshot.nextId;
    return store;
  }

  static isSnapshot(value: unknown): value is StoreSnapshot {
    return isSnapshot(value);
  }

  /** Loads a snapshot file if it exists (returns null otherwise). */
  static load(path: string): Store | null {
    const snapshot = readSnapshotFile(path);
    return snapshot ? Store.fromSnapshot(snapshot) : null;
  }

  /** From now on, write the store to `path` shortly after every change (and on flush). */
  persistTo(path: string): void {
    if (this.writer) this.writer.path = path;
    else this.writer = new SnapshotWriter(path, () => this.snapshot());
    this.schedulePersist();
  }

  /** Marks the store changed (mutations call this). */
  touch(): void {
    this.schedulePersist();
  }

  private schedulePersist(): void {
    this.writer?.schedule();
  }

  /** Writes the store now (atomic rename). No-op without a persist path. */
  async flush(): Promise<void> {
    await this.writer?.flush();
  }
}
