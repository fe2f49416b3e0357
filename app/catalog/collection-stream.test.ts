import { afterEach, describe, expect, it, vi } from "vitest";
import { createCatalogContext } from "./catalog-context";
import { BULK_STEADY_POLL_MS, collectionStream } from "./collection-stream";
import { CostPacer } from "./pacer";
import type { AdminTransport } from "./transport";
import type { CatalogCollection } from "./types";

const COLLECTION: CatalogCollection = { id: "gid://shopify/Collection/900", title: "Large", handle: "large", productsCount: 10_000, productsCountExact: true } as CatalogCollection;

/** A shop whose bulk read stays RUNNING for `runningPolls` status polls, then completes with no file. */
function shopWithBulkRead(runningPolls: number) {
  let polls = 0;
  const transport: AdminTransport = async <T,>(query: string) => {
    if (query.includes("bulkOperationRunQuery")) return { data: { bulkOperationRunQuery: { bulkOperation: { id: "gid://shopify/BulkOperation/1", status: "CREATED" }, userErrors: [] } } as T };
    if (query.includes("CatalogBulkOperation")) {
      polls++;
      const status = polls > runningPolls ? "COMPLETED" : "RUNNING";
      return { data: { bulkOperation: { id: "gid://shopify/BulkOperation/1", status, errorCode: null, url: null, fileSize: null, objectCount: "0" } } as T };
    }
    return { data: { collection: { id: COLLECTION.id, products: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } } } as T };
  };
  return { transport, polls: () => polls };
}

afterEach(() => vi.restoreAllMocks());

describe("reading a large collection: the bulk read's status polls", () => {
  it("GIVEN a bulk read that takes a while WHEN it is awaited with the default pace THEN it is polled every 250 ms for the first 10 s (a merchant may be waiting on an estimate), then less and less often up to every 5 s", async () => {
    let now = 1_000_000;
    vi.spyOn(Date, "now").mockImplementation(() => now);
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      now += ms;
    };
    const shop = shopWithBulkRead(60);
    const ctx = createCatalogContext({ shop: "example.myshopify.com", transport: shop.transport, pacer: new CostPacer(), sleep });
    const products = [];
    for await (const product of collectionStream(ctx, async () => COLLECTION).streamCollectionProducts(COLLECTION.id)) products.push(product);

    expect(products).toEqual([]);
    expect(shop.polls()).toBe(61);
    const steady = BULK_STEADY_POLL_MS / 250;
    expect(waits.slice(0, steady)).toEqual(Array(steady).fill(250));
    expect(waits[steady]).toBe(375);
    expect(Math.max(...waits)).toBe(5000);
    expect(waits.at(-1)).toBe(5000);
  });
});
