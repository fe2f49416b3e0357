/** collectionAddProducts and collectionAddProductsV2 (manual collections). */
import { parseGid, type CollectionRecord } from "../store";
import type { ResolverEnv, View } from "./context";
import { queryRoot } from "./query";
import { collectionView } from "./views";

function addToCollection(env: ResolverEnv, id: string, productIds: string[]): { collection: CollectionRecord } | { userErrors: Array<{ field: string[]; message: string }> } {
  const store = env.store;
  const parsed = parseGid(id);
  const collection = parsed?.kind === "Collection" ? store.collections.get(parsed.id) : undefined;
  if (!collection) return { userErrors: [{ field: ["id"], message: "Collection does not exist" }] };
  if (productIds.length > 250) return { userErrors: [{ field: ["productIds"], message: "At most 250 products can be added at once." }] };
  const userErrors: Array<{ field: string[]; message: string }> = [];
  const ids: number[] = [];
  productIds.forEach((pid, i) => {
    const p = parseGid(pid);
    if (!p || p.kind !== "Product" || !store.products.has(p.id)) userErrors.push({ field: ["productIds", String(i)], message: `Product ${pid} does not exist` });
    else if (collection.productIds.includes(p.id) || ids.includes(p.id)) userErrors.push({ field: ["productIds", String(i)], message: `Product ${pid} is already in the collection` });
    else ids.push(p.id);
  });
  if (userErrors.length) return { userErrors };
  collection.productIds.push(...ids);
  collection.updatedAt = new Date().toISOString();
  store.touch();
  for (const productId of ids) env.webhooks.product("products/update", productId);
  return { collection };
}

export function collectionMutations(env: ResolverEnv): View {
  return {
    collectionAddProducts: ({ id, productIds }: { id: string; productIds: string[] }) => {
      const added = addToCollection(env, id, productIds);
      return "userErrors" in added ? { collection: null, userErrors: added.userErrors } : { collection: collectionView(env, added.collection), userErrors: [] };
    },

    collectionAddProductsV2: ({ id, productIds }: { id: string; productIds: string[] }) => {
      const added = addToCollection(env, id, productIds);
      if ("userErrors" in added) return { job: null, userErrors: added.userErrors.map((e) => ({ ...e, code: "INVALID" })) };
      const jobId = `gid://shopify/Job/${crypto.randomUUID()}`;
      env.jobs.set(jobId, { done: true });
      return { job: { __typename: "Job", id: jobId, done: true, query: () => queryRoot(env) }, userErrors: [] };
    },
  };
}
