/** productCreate, productUpdate (fields and new media) and productReorderMedia (an asynchronous job, as on Shopify). */
import { MAX_MEDIA_PER_PRODUCT } from "../files";
import { CATEGORIES } from "../categories";
import { handleize, parseGid, type ProductRecord } from "../store";
import type { ResolverEnv, View } from "./context";
import { ALT_LIMIT, createMedia, type MediaInput } from "./media";
import { queryRoot } from "./query";
import { productView, shopView } from "./views";

interface ProductCreateInput {
  title?: string | null;
  handle?: string | null;
  productType?: string | null;
  vendor?: string | null;
  status?: ProductRecord["status"] | null;
  tags?: string[] | null;
  descriptionHtml?: string | null;
  category?: string | null;
  collectionsToJoin?: string[] | null;
  productOptions?: Array<{ name?: string | null; values?: Array<{ name?: string | null }> | null; linkedMetafield?: { namespace: string; key: string } | null }> | null;
  [key: string]: unknown;
}

const PRODUCT_CREATE_FIELDS = new Set(["title", "handle", "productType", "vendor", "status", "tags", "descriptionHtml", "category", "collectionsToJoin", "productOptions"]);

/** productCreate: the product with its options and (as Shopify does) one variant of the first values; media are created UPLOADED. */
function productCreate(env: ResolverEnv, input: ProductCreateInput, media: MediaInput[]): View {
  const store = env.store;
  const userErrors: Array<{ field: string[]; message: string }> = [];
  for (const key of Object.keys(input)) {
    if (input[key] !== null && input[key] !== undefined && !PRODUCT_CREATE_FIELDS.has(key)) userErrors.push({ field: ["product", key], message: `${key} is not implemented by the local Admin API.` });
  }
  const title = (input.title ?? "").trim();
  if (!title) userErrors.push({ field: ["title"], message: "Title can't be blank" });
  if (title.length > 255) userErrors.push({ field: ["title"], message: "Title is too long (maximum is 255 characters)" });
  const category = input.category ? Object.values(CATEGORIES).find((c) => c.id === input.category) : null;
  if (input.category && !category) userErrors.push({ field: ["category"], message: "The category does not exist (the local Admin API knows the demo's apparel categories)." });
  const collections = (input.collectionsToJoin ?? []).map((id) => {
    const parsed = parseGid(id);
    const collection = parsed?.kind === "Collection" ? store.collections.get(parsed.id) : undefined;
    if (!collection) userErrors.push({ field: ["collectionsToJoin"], message: `Collection ${id} does not exist.` });
    return collection;
  });
  const options = input.productOptions ?? [];
  if (options.length > 3) userErrors.push({ field: ["productOptions"], message: "Products can have at most 3 options." });
  options.forEach((o, i) => {
    if (!o.name?.trim()) userErrors.push({ field: ["productOptions", String(i), "name"], message: "Option name can't be blank" });
    if (!o.values?.length || o.values.some((v) => !v.name?.trim())) userErrors.push({ field: ["productOptions", String(i), "values"], message: "Each option needs at least one value with a name." });
  });
  media.forEach((m, i) => {
    if (m.mediaContentType !== "IMAGE") userErrors.push({ field: ["media", String(i), "mediaContentType"], message: `Media type ${m.mediaContentType} is not supported by the local Admin API.` });
    if (!/^https?:\/\//.test(m.originalSource)) userErrors.push({ field: ["media", String(i), "originalSource"], message: "Image URL is invalid" });
    if ((m.alt ?? "").length > ALT_LIMIT) userErrors.push({ field: ["media", String(i), "alt"], message: `Alt value exceeds ${ALT_LIMIT} characters.` });
  });
  if (media.length > MAX_MEDIA_PER_PRODUCT) userErrors.push({ field: ["media"], message: `Products can have at most ${MAX_MEDIA_PER_PRODUCT} media.` });
  if (userErrors.length) return { product: null, shop: shopView(env), userErrors };

  const handles = new Set([...store.products.values()].map((p) => p.handle));
  let handle = handleize(input.handle || title) || "product";
  for (let n = 1; handles.has(handle); n++) handle = `${handleize(input.handle || title)}-${n}`;
  const optionRecords = options.map((o) => ({ id: store.allocateId(), name: o.name!.trim(), values: o.values!.map((v) => v.name!.trim()), ...(o.linkedMetafield ? { linkedMetafield: o.linkedMetafield } : {}) }));
  const first = optionRecords.map((o) => o.values[0]);
  const product = store.addProduct({
    title,
    handle,
    productType: input.productType ?? "",
    vendor: input.vendor ?? store.shop.name,
    status: input.status ?? "ACTIVE",
    tags: input.tags ?? [],
    descriptionHtml: input.descriptionHtml ?? "",
    category: category ?? null,
    options: optionRecords,
    variants: optionRecords.length
      ? [{ id: store.allocateId(), title: first.join(" / "), selectedOptions: optionRecords.map((o) => ({ name: o.name, value: o.values[0] })), mediaId: null, price: "0.00", sku: "" }]
      : [],
  });
  for (const m of media) product.mediaIds.push(createMedia(env, m).id);
  for (const collection of collections) {
    collection!.productIds.push(product.id);
    collection!.updatedAt = new Date().toISOString();
  }
  store.touch();
  env.webhooks.product("products/create", product.id);
  return { product: productView(env, product), shop: shopView(env), userErrors: [] };
}

/** Adds products to a manual collection; like Shopify, nothing is added if any is missing or already in it. */

export function productMutations(env: ResolverEnv): View {
  const store = env.store;
  return {
    productUpdate: (args: { product?: Record<string, unknown> | null; input?: Record<string, unknown> | null; media?: MediaInput[] | null }) => {
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
      if (product.mediaIds.length + (args.media?.length ?? 0) > MAX_MEDIA_PER_PRODUCT) {
        return { product: productView(env, product), userErrors: [{ field: ["media"], message: `Products can have at most ${MAX_MEDIA_PER_PRODUCT} media.` }] };
      }
      for (const m of args.media ?? []) {
        const media = createMedia(env, m);
        product.mediaIds.push(media.id);
      }
      product.updatedAt = new Date().toISOString();
      store.touch();
      env.webhooks.product("products/update", product.id);
      return { product: productView(env, product), userErrors: [] };
    },

    productCreate: (args: { product?: ProductCreateInput | null; input?: ProductCreateInput | null; media?: MediaInput[] | null }) => productCreate(env, args.product ?? args.input ?? {}, args.media ?? []),

    /** Shopify reorders media asynchronously: the answer is a job, done once the new order applies. */
    productReorderMedia: ({ id, moves }: { id: string; moves: Array<{ id: string; newPosition: string }> }) => {
      const parsed = parseGid(id);
      const product = parsed?.kind === "Product" ? store.products.get(parsed.id) : undefined;
      const errors = (mediaUserErrors: Array<{ field: string[]; message: string; code: string }>) => ({ job: null, mediaUserErrors, userErrors: mediaUserErrors.map(({ field, message }) => ({ field, message })) });
      if (!product) return errors([{ field: ["id"], message: "Product does not exist.", code: "PRODUCT_DOES_NOT_EXIST" }]);
      if (!moves.length) return errors([{ field: ["moves"], message: "The input value is blank.", code: "BLANK" }]);
      if (moves.length > MAX_MEDIA_PER_PRODUCT) return errors([{ field: ["moves"], message: `At most ${MAX_MEDIA_PER_PRODUCT} moves are allowed.`, code: "INVALID" }]);
      const userErrors: Array<{ field: string[]; message: string; code: string }> = [];
      const plan: Array<{ mediaId: number; position: number }> = [];
      moves.forEach((move, i) => {
        const media = parseGid(move.id);
        const position = Number(move.newPosition);
        if (!media || media.kind !== "MediaImage" || !product.mediaIds.includes(media.id)) {
          userErrors.push({ field: ["moves", String(i), "id"], message: "Media does not exist on the given product.", code: "MEDIA_DOES_NOT_EXIST_ON_PRODUCT" });
        } else if (!Number.isInteger(position) || position < 0) {
          userErrors.push({ field: ["moves", String(i), "newPosition"], message: "The input value is invalid.", code: "INVALID" });
        } else {
          plan.push({ mediaId: media.id, position });
        }
      });
      if (userErrors.length) return errors(userErrors);
      const jobId = `gid://shopify/Job/${crypto.randomUUID()}`;
      const job = { done: false };
      env.jobs.set(jobId, job);
      const timer = setTimeout(() => {
        // Moves apply in order; a position past the end puts the medium last.
        for (const { mediaId, position } of plan) {
          if (!product.mediaIds.includes(mediaId)) continue;
          const rest = product.mediaIds.filter((m) => m !== mediaId);
          rest.splice(Math.min(position, rest.length), 0, mediaId);
          product.mediaIds = rest;
        }
        product.updatedAt = new Date().toISOString();
        job.done = true;
        store.touch();
        env.webhooks.product("products/update", product.id);
      }, Math.max(1, env.mediaProcessingMs));
      timer.unref();
      return { job: { __typename: "Job", id: jobId, done: false, query: () => queryRoot(env) }, mediaUserErrors: [], userErrors: [] };
    },
  };
}
