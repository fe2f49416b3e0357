/**
 * The local Admin API runs a bulk query apart from the requests it answers, as Shopify does: the app
 * reads a large collection's first page while its bulk read runs, so planning starts at once. A bulk
 * query executed in one go held the process (16 s at 100,000 products) and that first page with it.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { BULK_RUN_QUERY_MUTATION, bulkCollectionProductsQuery, COLLECTION_PRODUCTS_QUERY } from "../../app/catalog/operations/collection-stream";
import { createRedirectingFetch } from "../../app/catalog/local-admin-redirect";
import { createTokenTransport } from "../../app/catalog/transport";
import type { LocalAdminApi } from "../../local/admin-api/server";
import { collectionGid, startAdmin } from "./helpers";

const SIZE = 10_000;
const LARGE = 900;

let api: LocalAdminApi;
beforeAll(async () => {
  api = await startAdmin({ seed: { base: "empty", generate: { collectionSize: SIZE, collectionId: LARGE } }, bulkDelayMs: 0 });
});
afterAll(() => api?.close());

it("GIVEN a bulk read of a 10,000-product collection running WHEN the collection's first page is asked for THEN it is answered before the bulk read completes, and the bulk result still holds every product", async () => {
  const transport = createTokenTransport({ shop: api.store.shop.myshopifyDomain, accessToken: api.accessToken, fetch: createRedirectingFetch(api.url) });
  const started = await transport<{ bulkOperationRunQuery: { bulkOperation: { id: string } | null; userErrors: unknown[] } }>(BULK_RUN_QUERY_MUTATION, {
    query: bulkCollectionProductsQuery(collectionGid(LARGE)),
  });
  expect(started.data?.bulkOperationRunQuery.userErrors).toEqual([]);
  const op = [...api.bulkOperations.values()].at(-1)!;

  // Wait (a turn of the event loop at a time, 10 s at most) until the operation is seen running.
  const until = Date.now() + 10_000;
  while (op.status === "CREATED" && Date.now() < until) await new Promise((resolve) => setImmediate(resolve));
  expect(op.status).toBe("RUNNING");

  const page = await transport<{ collection: { products: { nodes: Array<{ id: string }> } } }>(COLLECTION_PRODUCTS_QUERY, {
    id: collectionGid(LARGE),
    first: 25,
    after: null,
    mediaFirst: 10,
  });
  const statusWhenAnswered = op.status;
  expect(page.data?.collection.products.nodes).toHaveLength(25);
  expect(statusWhenAnswered).toBe("RUNNING");

  while (op.status === "RUNNING" && Date.now() < until + 60_000) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(op.status).toBe("COMPLETED");
  expect(op.rootObjectCount).toBe(SIZE);
  const lines = op.result!.toString("utf8").trimEnd().split("\n");
  expect(lines.filter((line) => !line.includes("__parentId"))).toHaveLength(SIZE);
});
