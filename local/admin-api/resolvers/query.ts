/** The query root: products, collections, files, product variants, jobs and bulk operations. */
import { applySearch } from "../search";
import { parseGid, type ProductRecord } from "../store";
import { mediaStatus } from "../files";
import { connection, countView, type ConnectionArgs, type RequestContext, type ResolverEnv, type View } from "./context";
import { bulkOperationView, collectionView, mediaView, nodeById, productView, shopView, sortProducts, variantView } from "./views";

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
    job: ({ id }: { id: string }) => {
      const job = env.jobs.get(id);
      return job ? { __typename: "Job", id, done: job.done, query: () => queryRoot(env) } : null;
    },
    productVariant: ({ id }: { id: string }) => {
      const parsed = parseGid(id);
      const found = parsed?.kind === "ProductVariant" ? store.variant(parsed.id) : null;
      return found ? variantView(env, found.product, found.variant) : null;
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
