/**
 * The local Admin API's shop: products with media, manual collections, files (media images) and the
 * image bytes behind them. In memory, optionally persisted as one JSON file.
 *
 * Ids are numeric here and exposed as Shopify gids (gid://shopify/Product/1001). Image bytes are kept
 * once per content hash, so a generated 2,000-product collection can share a handful of images.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { renderCached, renderKey, renderedMimeType, type GarmentImageSpec } from "./images";

export interface ShopRecord {
  name: string;
  myshopifyDomain: string;
  email: string;
  currencyCode: string;
  plan: { publicDisplayName: string; partnerDevelopment: boolean; shopifyPlus: boolean };
}

export interface CategoryRecord {
  /** gid://shopify/TaxonomyCategory/aa-1-4 */
  id: string;
  name: string;
  fullName: string;
}

/** A product option (Color, Size, …). `linkedMetafield` links it to a category metafield (shopify.color-pattern). */
export interface OptionRecord {
  id: number;
  name: string;
  values: string[];
  linkedMetafield?: { namespace: string; key: string } | null;
  /** Swatch colour (hex) per value, for options linked to shopify.color-pattern. */
  swatches?: Record<string, string>;
}

/** A product variant: one value per option; at most one medium (Shopify's rule). */
export interface VariantRecord {
  id: number;
  title: string;
  selectedOptions: Array<{ name: string; value: string }>;
  mediaId: number | null;
  price: string;
  sku: string;
}

export interface ProductRecord {
  id: number;
  title: string;
  handle: string;
  productType: string;
  vendor: string;
  status: "ACTIVE" | "DRAFT" | "ARCHIVED" | "UNLISTED";
  tags: string[];
  category: CategoryRecord | null;
  descriptionHtml: string;
  /** Media ids in display order. */
  mediaIds: number[];
  /** Options and variants; absent for a product with only Shopify's default variant ("Default Title"). */
  options?: OptionRecord[];
  variants?: VariantRecord[];
  createdAt: string;
  updatedAt: string;
}

export interface MediaRecord {
  id: number;
  alt: string | null;
  /** Content-hash key of the bytes in the blob table (null when the source could not be fetched). */
  blob: string | null;
  filename: string;
  mimeType: string;
  width: number | null;
  height: number | null;
  fileSize: number | null;
  /** Epoch ms from which the medium is READY (processing simulated until then). */
  readyAt: number;
  /** Set when processing failed; `details` says why (e.g. the source's HTTP status). */
  error: { code: string; message: string; details?: string | null } | null;
  /**
   * While the source is being fetched (fileCreate / productUpdate media are asynchronous, as on
   * Shopify): UPLOADED until the fetch starts, PROCESSING while it runs. Absent once settled.
   */
  stage?: "UPLOADED" | "PROCESSING" | null;
  /** The originalSource it was created from (a restarted server resumes unfinished fetches). */
  source?: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CollectionRecord {
  id: number;
  title: string;
  handle: string;
  descriptionHtml: string;
  /** Product ids in the collection's manual order. */
  productIds: number[];
  updatedAt: string;
}

/** The persisted form of a store (also accepted as a seed file). */
export interface StoreSnapshot {
  format: "fitting-room-local-admin-api/1";
  shop: ShopRecord;
  products: ProductRecord[];
  collections: CollectionRecord[];
  media: MediaRecord[];
  /** Image bytes, base64, by content hash — or, for seed photos, the spec that draws them. */
  blobs: Record<string, { mimeType: string; base64?: string; render?: GarmentImageSpec }>;
  nextId: number;
}

export interface StoreMetrics {
  /** HTTP requests to the GraphQL endpoint (authorised or not). */
  graphqlRequests: number;
  /** Requests refused with 401. */
  unauthorized: number;
  /** Sum of requestedQueryCost of executed requests. */
  pointsRequested: number;
  /** Sum of actualQueryCost (what the bucket was charged). */
  pointsSpent: number;
  /**
   * actualQueryCost per operation, keyed by the operation's name, else its root fields (e.g.
   * "mutation fileCreate"): which work spent the points (benchmarks report the Files copy's share).
   */
  pointsByOperation: Record<string, number>;
  /** Requests answered THROTTLED. */
  throttled: number;
  /** Requests refused for MAX_COST_EXCEEDED. */
  maxCostExceeded: number;
  /** Requests answered with GraphQL errors (validation, execution, unimplemented fields). */
  errored: number;
  bulkOperations: number;
  /** Bytes of bulk JSONL results served. */
  bulkBytesServed: number;
  uploads: number;
  /** Every request to the CDN route (GET and HEAD, found or not). */
  imageRequests: number;
  /** CDN GETs answered with an original's full bytes (no transform). */
  cdnOriginalDownloads: number;
  /** CDN GETs answered with a transformed rendition (url(transform:)). */
  cdnRenditionDownloads: number;
  cdnOriginalBytes: number;
  cdnRenditionBytes: number;
  /** Access-token grants (token exchange, client credentials). */
  tokenGrants: number;
  /** Refresh-token grants that issued a new pair. */
  refreshGrants: number;
  /** Refresh-token grants refused (unknown, used or expired refresh token, wrong client). */
  refreshRefused: number;
  /** GraphQL requests refused because their (otherwise known) access token had expired. */
  expiredTokenRefusals: number;
  /** Files created by fileCreate (and media by productUpdate), and those whose processing failed. */
  filesCreated: number;
  filesFailed: number;
  /** Files deleted by fileDelete. */
  filesDeleted: number;
  /** Product references added / removed by fileUpdate. */
  fileReferencesAdded: number;
  fileReferencesRemoved: number;
  /** Webhooks answered 2xx, and webhooks given up after every attempt got no answer or a non-2xx. */
  webhooksDelivered: number;
  webhooksFailed: number;
}

/** CDN downloads of one path (/cdn/files/{key}/{name}): full-size originals vs transformed renditions. */
export interface CdnPathStats {
  originals: number;
  renditions: number;
}

export const emptyMetrics = (): StoreMetrics => ({
  graphqlRequests: 0,
  unauthorized: 0,
  pointsRequested: 0,
  pointsSpent: 0,
  pointsByOperation: {},
  throttled: 0,
  maxCostExceeded: 0,
  errored: 0,
  bulkOperations: 0,
  bulkBytesServed: 0,
  uploads: 0,
  imageRequests: 0,
  cdnOriginalDownloads: 0,
  cdnRenditionDownloads: 0,
  cdnOriginalBytes: 0,
  cdnRenditionBytes: 0,
  tokenGrants: 0,
  refreshGrants: 0,
  refreshRefused: 0,
  expiredTokenRefusals: 0,
  filesCreated: 0,
  filesFailed: 0,
  filesDeleted: 0,
  fileReferencesAdded: 0,
  fileReferencesRemoved: 0,
  webhooksDelivered: 0,
  webhooksFailed: 0,
});

/** Bytes of an image, held in memory or drawn on first use from a seed spec. */
export interface BlobRecord {
  mimeType: string;
  bytes?: Buffer;
  render?: GarmentImageSpec;
}

export const DEFAULT_SHOP: ShopRecord = {
  name: "Fitting Room Demo",
  myshopifyDomain: "fitting-room-demo.myshopify.com",
  email: "owner@fitting-room-demo.example",
  currencyCode: "EUR",
  plan: { publicDisplayName: "Development", partnerDevelopment: true, shopifyPlus: false },
};

export const gid = (kind: string, id: number | string) => `gid://shopify/${kind}/${id}`;

/** Parses gid://shopify/{Kind}/{n}; returns null for anything else. */
export function parseGid(value: string): { kind: string; id: number } | null {
  const match = /^gid:\/\/shopify\/([A-Za-z0-9]+)\/(\d+)$/.exec(value);
  return match ? { kind: match[1], id: Number(match[2]) } : null;
}

export const handleize = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

/**
 * The variant of a product without options, as Shopify shows it: option "Title", value "Default
 * Title", id the product's number. It has no media of its own (the product's media are its images).
 */
export function defaultVariant(product: ProductRecord): VariantRecord {
  return { id: product.id, title: "Default Title", selectedOptions: [{ name: "Title", value: "Default Title" }], mediaId: null, price: "0.00", sku: "" };
}

/** Takes a medium off a product's media and off any of its variants showing it; true if it was there. */
export function detachMedia(product: ProductRecord, mediaId: number): boolean {
  const before = product.mediaIds.length;
  product.mediaIds = product.mediaIds.filter((id) => id !== mediaId);
  for (const variant of product.variants ?? []) if (variant.mediaId === mediaId) variant.mediaId = null;
  if (product.mediaIds.length === before) return false;
  product.updatedAt = new Date().toISOString();
  return true;
}

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
  private persistPath?: string;
  private persistTimer?: NodeJS.Timeout;
  private persisting: Promise<void> = Promise.resolve();

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
    const stats = this.cdnByPath.get(path) ?? { originals: 0, renditions: 0 };
    if (rendition) {
      stats.renditions++;
      this.metrics.cdnRenditionDownloads++;
      this.metrics.cdnRenditionBytes += bytes;
    } else {
      stats.originals++;
      this.metrics.cdnOriginalDownloads++;
      this.metrics.cdnOriginalBytes += bytes;
    }
    this.cdnByPath.set(path, stats);
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
    return [...this.collections.values()].filter((c) => c.productIds.includes(productId));
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
    const blobs: StoreSnapshot["blobs"] = {};
    for (const [key, blob] of this.blobs) {
      blobs[key] = blob.render ? { mimeType: blob.mimeType, render: blob.render } : { mimeType: blob.mimeType, base64: (blob.bytes ?? Buffer.alloc(0)).toString("base64") };
    }
    return {
      format: "fitting-room-local-admin-api/1",
      shop: this.shop,
      products: [...this.products.values()],
      collections: [...this.collections.values()],
      media: [...this.media.values()],
      blobs,
      nextId: this.nextId,
    };
  }

  static fromSnapshot(snapshot: StoreSnapshot): Store {
    if (snapshot.format !== "fitting-room-local-admin-api/1") {
      throw new Error(`Not a local Admin API store file (format "${String(snapshot.format)}").`);
    }
    const store = new Store(snapshot.shop);
    for (const [key, blob] of Object.entries(snapshot.blobs)) {
      store.blobs.set(key, blob.render ? { mimeType: blob.mimeType, render: blob.render } : { mimeType: blob.mimeType, bytes: Buffer.from(blob.base64 ?? "", "base64") });
    }
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
    return typeof value === "object" && value !== null && (value as { format?: unknown }).format === "fitting-room-local-admin-api/1";
  }

  /** Loads a snapshot file if it exists (returns null otherwise). */
  static load(path: string): Store | null {
    if (!existsSync(path)) return null;
    return Store.fromSnapshot(JSON.parse(readFileSync(path, "utf8")) as StoreSnapshot);
  }

  /** From now on, write the store to `path` shortly after every change (and on flush). */
  persistTo(path: string): void {
    this.persistPath = path;
    this.schedulePersist();
  }

  /** Marks the store changed (mutations call this). */
  touch(): void {
    this.schedulePersist();
  }

  private schedulePersist(): void {
    if (!this.persistPath || this.persistTimer) return;
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      void this.flush();
    }, 100);
    this.persistTimer.unref();
  }

  /** Writes the store now (atomic rename). No-op without a persist path. */
  async flush(): Promise<void> {
    if (!this.persistPath) return;
    if (this.persistTimer) {
      clearTimeout(this.persistTimer);
      this.persistTimer = undefined;
    }
    const path = this.persistPath;
    this.persisting = this.persisting.then(async () => {
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(this.snapshot()));
      await rename(tmp, path);
    });
    await this.persisting;
  }
}
