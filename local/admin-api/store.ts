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
  /** Set when processing failed. */
  error: { code: string; message: string } | null;
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
  /** Webhooks delivered (any answer) and failed (no answer / non-2xx). */
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

export class Store {
  shop: ShopRecord;
  readonly products = new Map<number, ProductRecord>();
  readonly collections = new Map<number, CollectionRecord>();
  readonly media = new Map<number, MediaRecord>();
  readonly blobs = new Map<string, BlobRecord>();
  metrics: StoreMetrics = emptyMetrics();
  /** CDN downloads per path, reset with the metrics. */
  cdnByPath = new Map<string, CdnPathStats>();
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
      createdAt: input.createdAt ?? now,
      updatedAt: input.updatedAt ?? now,
    };
    this.products.set(id, product);
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

  /** Collections that contain the product. */
  collectionsOf(productId: number): CollectionRecord[] {
    return [...this.collections.values()].filter((c) => c.productIds.includes(productId));
  }

  /** Deletes a medium and removes it from every product. */
  deleteMedia(id: number): boolean {
    if (!this.media.delete(id)) return false;
    for (const product of this.products.values()) {
      const before = product.mediaIds.length;
      product.mediaIds = product.mediaIds.filter((m) => m !== id);
      if (product.mediaIds.length !== before) product.updatedAt = new Date().toISOString();
    }
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
    for (const p of snapshot.products) store.products.set(p.id, p);
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
