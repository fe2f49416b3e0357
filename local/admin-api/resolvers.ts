/**
 * Resolvers for the part of the Admin schema the app uses. Objects are plain "views": a property per
 * implemented field (a value, or a function of the field's arguments). The executor's strict field
 * resolver fails any field a view does not have, so an operation that strays outside what the
 * stand-in implements gets an error — never a silent null.
 */
import { GraphQLError } from "graphql";
import sharp from "sharp";
import { applySearch, type SearchWarning } from "./search";
import { gid, parseGid, type CollectionRecord, type MediaRecord, type ProductRecord, type Store } from "./store";

export interface StagedTarget {
  token: string;
  filename: string;
  mimeType: string;
  resource: string;
  blob: string | null;
}

export interface BulkOperationRecord {
  id: number;
  status: "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELING" | "CANCELED" | "EXPIRED";
  type: "QUERY" | "MUTATION";
  query: string;
  groupObjects: boolean;
  errorCode: "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT" | null;
  createdAt: string;
  completedAt: string | null;
  objectCount: number;
  rootObjectCount: number;
  /** The JSONL result (null until completed, or when there were no objects). */
  result: Buffer | null;
  /** Bytes of the result served so far (benchmarks/tests read it). */
  bytesServed: number;
}

/** Everything resolvers may touch, shared by all requests of one server. */
export interface ResolverEnv {
  store: Store;
  /** Public base URL of the server, e.g. http://127.0.0.1:4020 */
  base: () => string;
  staged: Map<string, StagedTarget>;
  bulkOperations: Map<number, BulkOperationRecord>;
  /** Starts a bulk query (validation happens there); returns the operation or user errors. */
  startBulkQuery: (query: string, groupObjects: boolean) => BulkOperationRecord | { userErrors: Array<{ field: string[]; message: string; code: string }> };
  /** Simulated processing time of a new medium, ms. */
  mediaProcessingMs: number;
  fetch: typeof fetch;
}

/** Per-request context. */
export interface RequestContext {
  env: ResolverEnv;
  /** Bulk mode: connections return everything, without first/last. */
  bulk: boolean;
  /** Actual cost accumulated while executing. */
  cost: number;
  /** Search warnings, reported in extensions.search like Shopify. */
  searchWarnings: Array<{ path: ReadonlyArray<string | number>; query: string; warnings: SearchWarning[] }>;
}

type View = Record<string, unknown>;

const stripHtml = (html: string) => html.replace(/<[^>]*>/g, "").trim();

// ---------- connections ----------

interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

const encodeCursor = (key: number) => Buffer.from(JSON.stringify({ last_id: key })).toString("base64url");

function decodeCursor(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { last_id?: unknown };
    if (typeof parsed.last_id === "number") return parsed.last_id;
  } catch {
    // fall through
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: "BAD_REQUEST" } });
}

function connection<T>(all: T[], args: ConnectionArgs, ctx: RequestContext, view: (item: T) => View, key: (item: T) => number): View {
  let items = args.reverse ? [...all].reverse() : all;
  let hasPreviousPage = false;
  let hasNextPage = false;
  if (args.after) {
    const id = decodeCursor(args.after);
    const index = items.findIndex((item) => key(item) === id);
    hasPreviousPage = index >= 0;
    items = index >= 0 ? items.slice(index + 1) : [];
  }
  if (args.before) {
    const id = decodeCursor(args.before);
    const index = items.findIndex((item) => key(item) === id);
    hasNextPage = index >= 0;
    items = index >= 0 ? items.slice(0, index) : items;
  }
  if (!ctx.bulk) {
    if (typeof args.first === "number") {
      hasNextPage = hasNextPage || items.length > args.first;
      items = items.slice(0, args.first);
    } else if (typeof args.last === "number") {
      hasPreviousPage = hasPreviousPage || items.length > args.last;
      items = items.slice(Math.max(0, items.length - args.last));
    }
  }
  const edges = items.map((item) => ({ cursor: encodeCursor(key(item)), node: view(item) }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

// ---------- views ----------

export function mediaStatus(media: MediaRecord, now = Date.now()): "UPLOADED" | "PROCESSING" | "READY" | "FAILED" {
  if (media.error) return "FAILED";
  return now >= media.readyAt ? "READY" : "PROCESSING";
}

export function blobUrl(env: ResolverEnv, media: MediaRecord): string | null {
  if (!media.blob) return null;
  return `${env.base()}/cdn/files/${media.blob}/${encodeURIComponent(media.filename)}?v=${Date.parse(media.updatedAt) || 0}`;
}

interface ImageTransform {
  maxWidth?: number | null;
  maxHeight?: number | null;
  crop?: "CENTER" | "TOP" | "BOTTOM" | "LEFT" | "RIGHT" | null;
  preferredContentType?: "JPG" | "PNG" | "WEBP" | null;
  scale?: number | null;
}

/**
 * Image.url(transform:) as Shopify's CDN URL: the original's URL plus width/height (× scale), crop and
 * format parameters, which the stand-in's CDN route really renders (server.ts).
 */
function transformUrl(url: string, transform: ImageTransform | null | undefined): string {
  if (!transform) return url;
  const scale = transform.scale ?? 1;
  if (!Number.isInteger(scale) || scale < 1 || scale > 3) {
    throw new GraphQLError(`transform.scale must be within 1..3 (got ${scale}).`, { extensions: { code: "BAD_REQUEST" } });
  }
  const params = new URLSearchParams();
  for (const [field, param] of [["maxWidth", "width"], ["maxHeight", "height"]] as const) {
    const value = transform[field];
    if (value === null || value === undefined) continue;
    if (value < 1 || value * scale > 5760) {
      throw new GraphQLError(`transform.${field} must be between 1 and ${Math.floor(5760 / scale)} (got ${value}).`, { extensions: { code: "BAD_REQUEST" } });
    }
    params.set(param, String(value * scale));
  }
  // Shopify: crop only applies with maxWidth and/or maxHeight.
  if (transform.crop && params.size) params.set("crop", transform.crop.toLowerCase());
  if (transform.preferredContentType) params.set("format", transform.preferredContentType.toLowerCase());
  const extra = params.toString();
  return extra ? `${url}&${extra}` : url;
}

function imageView(env: ResolverEnv, media: MediaRecord): View | null {
  const url = blobUrl(env, media);
  if (!url) return null;
  return {
    id: gid("ImageSource", media.id),
    altText: media.alt,
    width: media.width,
    height: media.height,
    url: ({ transform }: { transform?: ImageTransform | null }) => transformUrl(url, transform),
  };
}

export function mediaView(env: ResolverEnv, media: MediaRecord): View {
  const status = mediaStatus(media);
  const ready = status === "READY";
  const image = ready ? imageView(env, media) : null;
  const errors = media.error ? [{ code: media.error.code, message: media.error.message, details: null }] : [];
  return {
    __typename: "MediaImage",
    id: gid("MediaImage", media.id),
    alt: media.alt,
    mediaContentType: "IMAGE",
    mimeType: media.mimeType,
    status,
    fileStatus: status,
    image,
    preview: { status, image },
    mediaErrors: errors,
    mediaWarnings: [],
    fileErrors: errors,
    originalSource: { url: blobUrl(env, media), fileSize: media.fileSize },
    createdAt: media.createdAt,
    updatedAt: media.updatedAt,
  };
}

function countView(count: number): View {
  return { count, precision: "EXACT" };
}

export function productView(env: ResolverEnv, product: ProductRecord): View {
  const store = env.store;
  const mediaOf = () => product.mediaIds.map((id) => store.media.get(id)).filter((m): m is MediaRecord => Boolean(m));
  return {
    __typename: "Product",
    id: gid("Product", product.id),
    legacyResourceId: String(product.id),
    title: product.title,
    handle: product.handle,
    productType: product.productType,
    vendor: product.vendor,
    status: product.status,
    tags: product.tags,
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
    descriptionHtml: product.descriptionHtml,
    description: ({ truncateAt }: { truncateAt?: number | null }) => {
      const text = stripHtml(product.descriptionHtml);
      return truncateAt ? text.slice(0, truncateAt) : text;
    },
    category: product.category ? { __typename: "TaxonomyCategory", ...product.category } : null,
    media: (args: ConnectionArgs & { sortKey?: string; query?: string | null }, ctx: RequestContext) => {
      let media = mediaOf();
      if (args.sortKey === "ID") media = [...media].sort((a, b) => a.id - b.id);
      if (args.query) {
        // Product.media(query:) filters by media_type / alt text; free text matches alt.
        media = applySearch(media, args.query, { media_type: () => ["IMAGE"], alt: (m) => [m.alt ?? ""] }, (m) => [m.alt ?? ""]).items;
      }
      return connection(media, args, ctx, (m) => mediaView(env, m), (m) => m.id);
    },
    mediaCount: () => countView(product.mediaIds.length),
    featuredMedia: () => {
      const first = mediaOf()[0];
      return first ? mediaView(env, first) : null;
    },
    collections: (args: ConnectionArgs, ctx: RequestContext) =>
      connection(store.collectionsOf(product.id), args, ctx, (c) => collectionView(env, c), (c) => c.id),
    inCollection: ({ id }: { id: string }) => {
      const parsed = parseGid(id);
      return Boolean(parsed && store.collections.get(parsed.id)?.productIds.includes(product.id));
    },
  };
}

const PRODUCT_SORT: Record<string, (a: ProductRecord, b: ProductRecord) => number> = {
  ID: (a, b) => a.id - b.id,
  TITLE: (a, b) => a.title.localeCompare(b.title),
  PRODUCT_TYPE: (a, b) => a.productType.localeCompare(b.productType),
  VENDOR: (a, b) => a.vendor.localeCompare(b.vendor),
  CREATED_AT: (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id,
  UPDATED_AT: (a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id - b.id,
  RELEVANCE: (a, b) => a.id - b.id,
};

function sortProducts(products: ProductRecord[], sortKey: string | undefined): ProductRecord[] {
  if (!sortKey || sortKey === "COLLECTION_DEFAULT" || sortKey === "MANUAL") return products;
  const compare = PRODUCT_SORT[sortKey] ?? (sortKey === "BEST_SELLING" ? PRODUCT_SORT.ID : undefined);
  if (!compare) throw new GraphQLError(`Sort key ${sortKey} is not implemented by the local Admin API.`, { extensions: { code: "NOT_IMPLEMENTED" } });
  return [...products].sort(compare);
}

export function collectionView(env: ResolverEnv, collection: CollectionRecord): View {
  const store = env.store;
  const members = () => collection.productIds.map((id) => store.products.get(id)).filter((p): p is ProductRecord => Boolean(p));
  return {
    __typename: "Collection",
    id: gid("Collection", collection.id),
    legacyResourceId: String(collection.id),
    title: collection.title,
    handle: collection.handle,
    updatedAt: collection.updatedAt,
    descriptionHtml: collection.descriptionHtml,
    description: () => stripHtml(collection.descriptionHtml),
    sortOrder: "MANUAL",
    image: null,
    productsCount: () => countView(members().length),
    products: (args: ConnectionArgs & { sortKey?: string }, ctx: RequestContext) =>
      connection(sortProducts(members(), args.sortKey), args, ctx, (p) => productView(env, p), (p) => p.id),
    hasProduct: ({ id }: { id: string }) => {
      const parsed = parseGid(id);
      return Boolean(parsed && collection.productIds.includes(parsed.id));
    },
  };
}

function bulkOperationView(env: ResolverEnv, op: BulkOperationRecord): View {
  const url = op.status === "COMPLETED" && op.result ? `${env.base()}/bulk-results/${op.id}.jsonl` : null;
  return {
    __typename: "BulkOperation",
    id: gid("BulkOperation", op.id),
    status: op.status,
    type: op.type,
    query: op.query,
    errorCode: op.errorCode,
    createdAt: op.createdAt,
    completedAt: op.completedAt,
    objectCount: String(op.objectCount),
    rootObjectCount: String(op.rootObjectCount),
    fileSize: op.result ? String(op.result.length) : null,
    url,
    partialDataUrl: null,
  };
}

function shopView(env: ResolverEnv): View {
  const shop = env.store.shop;
  return {
    __typename: "Shop",
    id: gid("Shop", 1),
    name: shop.name,
    email: shop.email,
    myshopifyDomain: shop.myshopifyDomain,
    url: `https://${shop.myshopifyDomain}`,
    currencyCode: shop.currencyCode,
    plan: { ...shop.plan, displayName: shop.plan.publicDisplayName },
  };
}

/** Any object by gid (the Node interface). */
function nodeById(env: ResolverEnv, id: string): View | null {
  const parsed = parseGid(id);
  if (!parsed) throw new GraphQLError(`Invalid global id '${id}'`, { extensions: { code: "BAD_REQUEST" } });
  const store = env.store;
  switch (parsed.kind) {
    case "Product": {
      const p = store.products.get(parsed.id);
      return p ? productView(env, p) : null;
    }
    case "Collection": {
      const c = store.collections.get(parsed.id);
      return c ? collectionView(env, c) : null;
    }
    case "MediaImage": {
      const m = store.media.get(parsed.id);
      return m ? mediaView(env, m) : null;
    }
    case "BulkOperation": {
      const op = env.bulkOperations.get(parsed.id);
      return op ? bulkOperationView(env, op) : null;
    }
    default:
      return null;
  }
}

// ---------- root query ----------

function productSearch(env: ResolverEnv, products: ProductRecord[], query: string | null | undefined, ctx: RequestContext, path: string) {
  const store = env.store;
  const { items, warnings } = applySearch(
    products,
    query,
    {
      collection_id: (p) => store.collectionsOf(p.id).map((c) => String(c.id)),
      id: (p) => [String(p.id)],
      title: (p) => [p.title],
      handle: (p) => [p.handle],
      product_type: (p) => [p.productType],
      vendor: (p) => [p.vendor],
      status: (p) => [p.status.toLowerCase()],
      tag: (p) => p.tags,
      tag_not: (p) => p.tags,
      category_id: (p) => (p.category ? [p.category.id.split("/").pop() ?? ""] : []),
    },
    (p) => [p.title, p.productType, p.vendor, ...p.tags],
  );
  if (warnings.length && query) ctx.searchWarnings.push({ path: [path], query, warnings });
  return items;
}

export function queryRoot(env: ResolverEnv): View {
  const store = env.store;
  return {
    shop: () => shopView(env),
    node: ({ id }: { id: string }) => nodeById(env, id),
    nodes: ({ ids }: { ids: string[] }) => ids.map((id) => nodeById(env, id)),
    product: ({ id }: { id: string }) => {
      const parsed = parseGid(id);
      const p = parsed?.kind === "Product" ? store.products.get(parsed.id) : undefined;
      return p ? productView(env, p) : null;
    },
    products: (args: ConnectionArgs & { query?: string | null; sortKey?: string }, ctx: RequestContext) => {
      const matched = productSearch(env, [...store.products.values()], args.query, ctx, "products");
      return connection(sortProducts(matched, args.sortKey ?? "ID"), args, ctx, (p) => productView(env, p), (p) => p.id);
    },
    productsCount: (args: { query?: string | null; limit?: number | null }, ctx: RequestContext) => {
      const matched = productSearch(env, [...store.products.values()], args.query, ctx, "productsCount");
      const limit = args.limit ?? 10_000;
      return { count: Math.min(matched.length, limit), precision: matched.length > limit ? "AT_LEAST" : "EXACT" };
    },
    collection: ({ id }: { id: string }) => {
      const parsed = parseGid(id);
      const c = parsed?.kind === "Collection" ? store.collections.get(parsed.id) : undefined;
      return c ? collectionView(env, c) : null;
    },
    collections: (args: ConnectionArgs & { query?: string | null; sortKey?: string }, ctx: RequestContext) => {
      const { items, warnings } = applySearch(
        [...store.collections.values()],
        args.query,
        { title: (c) => [c.title], handle: (c) => [c.handle], id: (c) => [String(c.id)], collection_type: () => ["custom"] },
        (c) => [c.title],
      );
      if (warnings.length && args.query) ctx.searchWarnings.push({ path: ["collections"], query: args.query, warnings });
      const sorted =
        args.sortKey === "TITLE" ? [...items].sort((a, b) => a.title.localeCompare(b.title)) : args.sortKey === "UPDATED_AT" ? [...items].sort((a, b) => a.updatedAt.localeCompare(b.updatedAt)) : [...items].sort((a, b) => a.id - b.id);
      return connection(sorted, args, ctx, (c) => collectionView(env, c), (c) => c.id);
    },
    collectionsCount: () => countView(store.collections.size),
    files: (args: ConnectionArgs & { query?: string | null; sortKey?: string }, ctx: RequestContext) => {
      const { items, warnings } = applySearch(
        [...store.media.values()],
        args.query,
        { filename: (m) => [m.filename], media_type: () => ["IMAGE"], status: (m) => [mediaStatus(m).toLowerCase()], alt: (m) => [m.alt ?? ""] },
        (m) => [m.filename, m.alt ?? ""],
      );
      if (warnings.length && args.query) ctx.searchWarnings.push({ path: ["files"], query: args.query, warnings });
      return connection(items, args, ctx, (m) => mediaView(env, m), (m) => m.id);
    },
    bulkOperation: ({ id }: { id: string }) => {
      const parsed = parseGid(id);
      const op = parsed?.kind === "BulkOperation" ? env.bulkOperations.get(parsed.id) : undefined;
      return op ? bulkOperationView(env, op) : null;
    },
    currentBulkOperation: ({ type }: { type?: string }) => {
      const ops = [...env.bulkOperations.values()].filter((op) => op.type === (type ?? "QUERY"));
      const latest = ops[ops.length - 1];
      return latest ? bulkOperationView(env, latest) : null;
    },
  };
}

// ---------- mutations ----------

interface MediaInput {
  originalSource: string;
  alt?: string | null;
  mediaContentType: string;
}

const ALT_LIMIT = 512;
const STAGED_RESOURCES = new Set(["IMAGE", "FILE", "PRODUCT_IMAGE", "COLLECTION_IMAGE", "SHOP_IMAGE"]);

/** Fetches the bytes behind an originalSource: our staged uploads and CDN directly, anything else over HTTP. */
async function sourceBytes(env: ResolverEnv, source: string): Promise<{ bytes: Buffer; mimeType: string } | null> {
  const base = env.base();
  if (source.startsWith(`${base}/staged-uploads/tmp/`)) {
    const token = source.slice(`${base}/staged-uploads/tmp/`.length).split("/")[0];
    const target = env.staged.get(token);
    return target?.blob ? env.store.blobBytes(target.blob) : null;
  }
  if (source.startsWith(`${base}/cdn/files/`)) {
    const key = source.slice(`${base}/cdn/files/`.length).split("/")[0];
    return env.store.blobBytes(key);
  }
  try {
    const response = await env.fetch(source, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) return null;
    return { bytes: Buffer.from(await response.arrayBuffer()), mimeType: response.headers.get("content-type") ?? "application/octet-stream" };
  } catch {
    return null;
  }
}

async function createMedia(env: ResolverEnv, input: MediaInput): Promise<MediaRecord> {
  const store = env.store;
  const filename = decodeURIComponent(new URL(input.originalSource, "http://x").pathname.split("/").pop() || "image");
  const fetched = await sourceBytes(env, input.originalSource);
  const readyAt = Date.now() + env.mediaProcessingMs;
  if (!fetched) {
    return store.addMedia({ blob: null, filename, mimeType: "image/jpeg", alt: input.alt ?? null, readyAt, error: { code: "IMAGE_DOWNLOAD_FAILURE", message: "Image download failure." } });
  }
  try {
    const meta = await sharp(fetched.bytes).metadata();
    const blob = store.putBlob(fetched.bytes, `image/${meta.format === "jpeg" ? "jpeg" : meta.format}`);
    return store.addMedia({ blob, filename, mimeType: `image/${meta.format}`, width: meta.width ?? null, height: meta.height ?? null, alt: input.alt ?? null, readyAt });
  } catch {
    return store.addMedia({
      blob: null,
      filename,
      mimeType: fetched.mimeType,
      alt: input.alt ?? null,
      readyAt,
      error: { code: "UNSUPPORTED_IMAGE_FILE_TYPE", message: "Image file type is not supported." },
    });
  }
}

export function mutationRoot(env: ResolverEnv): View {
  const store = env.store;
  return {
    stagedUploadsCreate: ({ input }: { input: Array<{ filename: string; mimeType: string; resource: string; httpMethod?: string; fileSize?: string }> }) => {
      const userErrors: Array<{ field: string[]; message: string }> = [];
      input.forEach((item, i) => {
        if (!STAGED_RESOURCES.has(item.resource)) {
          userErrors.push({ field: ["input", String(i), "resource"], message: `Resource ${item.resource} is not supported by the local Admin API.` });
        }
        if (!item.filename) userErrors.push({ field: ["input", String(i), "filename"], message: "Filename can't be blank" });
      });
      if (userErrors.length) return { stagedTargets: [], userErrors };
      const base = env.base();
      const stagedTargets = input.map((item) => {
        const token = crypto.randomUUID();
        const filename = item.filename.replace(/[^\w.-]+/g, "_");
        env.staged.set(token, { token, filename, mimeType: item.mimeType, resource: item.resource, blob: null });
        const key = `tmp/${token}/${filename}`;
        const resourceUrl = `${base}/staged-uploads/${key}`;
        if ((item.httpMethod ?? "PUT") === "POST") {
          return {
            url: `${base}/staged-uploads/upload`,
            resourceUrl,
            parameters: [
              { name: "Content-Type", value: item.mimeType },
              { name: "success_action_status", value: "201" },
              { name: "acl", value: "private" },
              { name: "key", value: key },
              { name: "policy", value: Buffer.from(JSON.stringify({ key, expires: Date.now() + 3_600_000 })).toString("base64") },
            ],
          };
        }
        return {
          url: `${base}/staged-uploads/put/${key}`,
          resourceUrl,
          parameters: [
            { name: "content_type", value: item.mimeType },
            { name: "acl", value: "private" },
          ],
        };
      });
      return { stagedTargets, userErrors: [] };
    },

    productUpdate: async (args: { product?: Record<string, unknown> | null; input?: Record<string, unknown> | null; media?: MediaInput[] | null }) => {
      const fields = args.product ?? args.input ?? {};
      const parsed = typeof fields.id === "string" ? parseGid(fields.id) : null;
      const product = parsed?.kind === "Product" ? store.products.get(parsed.id) : undefined;
      if (!product) return { product: null, userErrors: [{ field: ["id"], message: "Product does not exist" }] };
      const userErrors: Array<{ field: string[]; message: string }> = [];
      (args.media ?? []).forEach((m, i) => {
        if (m.mediaContentType !== "IMAGE") userErrors.push({ field: ["media", String(i), "mediaContentType"], message: `Media type ${m.mediaContentType} is not supported by the local Admin API.` });
        if ((m.alt ?? "").length > ALT_LIMIT) userErrors.push({ field: ["media", String(i), "alt"], message: `Alt value exceeds ${ALT_LIMIT} characters.` });
        if (!/^https?:\/\//.test(m.originalSource)) userErrors.push({ field: ["media", String(i), "originalSource"], message: "Image URL is invalid" });
      });
      if (userErrors.length) return { product: productView(env, product), userErrors };
      for (const key of ["title", "handle", "productType", "vendor", "descriptionHtml", "status", "tags"] as const) {
        if (fields[key] !== undefined && fields[key] !== null) (product as unknown as Record<string, unknown>)[key] = fields[key];
      }
      for (const m of args.media ?? []) {
        const media = await createMedia(env, m);
        product.mediaIds.push(media.id);
      }
      product.updatedAt = new Date().toISOString();
      store.touch();
      return { product: productView(env, product), userErrors: [] };
    },

    fileCreate: async ({ files }: { files: Array<{ originalSource: string; alt?: string | null; contentType?: string | null; filename?: string | null }> }) => {
      const userErrors: Array<{ field: string[]; message: string; code: string }> = [];
      files.forEach((f, i) => {
        if (f.contentType && f.contentType !== "IMAGE") {
          userErrors.push({ field: ["files", String(i), "contentType"], message: `Content type ${f.contentType} is not implemented by the local Admin API.`, code: "INVALID" });
        }
        if (!/^https?:\/\//.test(f.originalSource)) userErrors.push({ field: ["files", String(i), "originalSource"], message: "Image URL is invalid", code: "INVALID_IMAGE_SOURCE_URL" });
        if ((f.alt ?? "").length > ALT_LIMIT) userErrors.push({ field: ["files", String(i), "alt"], message: `Alt value exceeds ${ALT_LIMIT} characters.`, code: "ALT_VALUE_LIMIT_EXCEEDED" });
      });
      if (userErrors.length) return { files: null, userErrors };
      const created: View[] = [];
      for (const f of files) {
        const media = await createMedia(env, { originalSource: f.originalSource, alt: f.alt, mediaContentType: "IMAGE" });
        if (f.filename) media.filename = f.filename;
        created.push(mediaView(env, media));
      }
      store.touch();
      return { files: created, userErrors: [] };
    },

    fileDelete: ({ fileIds }: { fileIds: string[] }) => {
      const missing = fileIds.filter((id) => {
        const parsed = parseGid(id);
        return !parsed || !store.media.has(parsed.id);
      });
      if (missing.length) {
        return {
          deletedFileIds: null,
          userErrors: missing.map((id) => ({ field: ["fileIds"], message: `File id ${id} does not exist.`, code: "FILE_DOES_NOT_EXIST" })),
        };
      }
      for (const id of fileIds) store.deleteMedia(parseGid(id)!.id);
      return { deletedFileIds: fileIds, userErrors: [] };
    },

    fileUpdate: ({ files }: { files: Array<{ id: string; alt?: string | null; referencesToAdd?: string[] | null; referencesToRemove?: string[] | null; [key: string]: unknown }> }) => {
      const userErrors: Array<{ field: string[]; message: string; code: string }> = [];
      files.forEach((f, i) => {
        const parsed = parseGid(f.id);
        if (!parsed || !store.media.has(parsed.id)) userErrors.push({ field: ["files", String(i), "id"], message: `File id ${f.id} does not exist.`, code: "FILE_DOES_NOT_EXIST" });
        for (const key of ["originalSource", "previewImageSource", "filename"]) {
          if (f[key] !== undefined && f[key] !== null) {
            userErrors.push({ field: ["files", String(i), key], message: `${key} is not implemented by the local Admin API.`, code: "INVALID" });
          }
        }
        if ((f.alt ?? "").length > ALT_LIMIT) userErrors.push({ field: ["files", String(i), "alt"], message: `Alt value exceeds ${ALT_LIMIT} characters.`, code: "ALT_VALUE_LIMIT_EXCEEDED" });
        for (const ref of [...(f.referencesToAdd ?? []), ...(f.referencesToRemove ?? [])]) {
          const p = parseGid(ref);
          if (!p || p.kind !== "Product" || !store.products.has(p.id)) {
            userErrors.push({ field: ["files", String(i), "references"], message: `Reference ${ref} does not exist.`, code: "REFERENCE_TARGET_DOES_NOT_EXIST" });
          }
        }
      });
      if (userErrors.length) return { files: null, userErrors };
      const updated = files.map((f) => {
        const media = store.media.get(parseGid(f.id)!.id)!;
        if (f.alt !== undefined && f.alt !== null) media.alt = f.alt;
        for (const ref of f.referencesToRemove ?? []) {
          const product = store.products.get(parseGid(ref)!.id)!;
          product.mediaIds = product.mediaIds.filter((id) => id !== media.id);
          product.updatedAt = new Date().toISOString();
        }
        for (const ref of f.referencesToAdd ?? []) {
          const product = store.products.get(parseGid(ref)!.id)!;
          if (!product.mediaIds.includes(media.id)) product.mediaIds.push(media.id);
          product.updatedAt = new Date().toISOString();
        }
        media.updatedAt = new Date().toISOString();
        return mediaView(env, media);
      });
      store.touch();
      return { files: updated, userErrors: [] };
    },

    bulkOperationRunQuery: ({ query, groupObjects }: { query: string; groupObjects?: boolean }) => {
      const started = env.startBulkQuery(query, groupObjects ?? false);
      if ("userErrors" in started) return { bulkOperation: null, userErrors: started.userErrors };
      return { bulkOperation: bulkOperationView(env, started), userErrors: [] };
    },

    bulkOperationCancel: ({ id }: { id: string }) => {
      const parsed = parseGid(id);
      const op = parsed?.kind === "BulkOperation" ? env.bulkOperations.get(parsed.id) : undefined;
      if (!op) return { bulkOperation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }] };
      if (op.status === "CREATED" || op.status === "RUNNING") op.status = "CANCELING";
      return { bulkOperation: bulkOperationView(env, op), userErrors: [] };
    },
  };
}
