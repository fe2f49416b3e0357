/**
 * Throttling slows a run down; it never fails one. A tight budget (restore rate 10 points/s, a
 * 50-point bucket) against the local Admin API, which throttles by query cost like Shopify.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CostPacer } from "../../app/catalog/pacer";
import type { LocalAdminApi } from "../../local/admin-api/server";
import { catalogFor, productGid, startAdmin } from "./helpers";

let api: LocalAdminApi;
beforeAll(async () => {
  // Two tokens = two apps: each has its own bucket, so the tests do not drain each other's.
  api = await startAdmin({ seed: "demo", restoreRate: 10, bucketSize: 50, accessTokens: ["shpat_first_app", "shpat_second_app"] });
});
afterAll(() => api?.close());

/** Runs tasks with a concurrency limit; returns how many failed. */
async function runAll(tasks: Array<() => Promise<unknown>>, concurrency: number): Promise<{ failures: unknown[] }> {
  const failures: unknown[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tasks.length) {
        const task = tasks[next++];
        await task().catch((error: unknown) => failures.push(error));
      }
    }),
  );
  return { failures };
}

describe("reads under a tight budget (restore rate 10)", () => {
  it("GIVEN a run of reads costing more than the bucket holds WHEN they run 4 at a time through one pacer THEN every call succeeds", async () => {
    api.store.resetMetrics();
    const catalog = catalogFor(api, { mediaPerProduct: 2 });
    const ids = [1001, 1002, 1003, 1013, 1016, 1018, 1029, 1031, 1036, 1038];
    const tasks: Array<() => Promise<unknown>> = [
      () => catalog.shopInfo(),
      () => catalog.listCollections({ first: 5 }),
      ...ids.map((id) => () => catalog.getProduct(productGid(id))),
      () => catalog.listProducts({ first: 2, collectionId: "gid://shopify/Collection/503" }),
    ];
    const { failures } = await runAll(tasks, 4);
    expect(failures).toEqual([]);
    // The run really needed the bucket to refill: it spent more than the bucket holds.
    expect(api.store.metrics.pointsSpent).toBeGreaterThan(50);
    expect(catalog.pacer.metrics.requests).toBeGreaterThanOrEqual(tasks.length);
  });

  it("GIVEN two app instances with separate pacers sharing the shop's bucket WHEN they burst THEN Shopify throttles some calls and every call still succeeds", async () => {
    api.store.resetMetrics();
    // Each read requests nearly the whole bucket (media(first: 21) and options: 49 of 50 points) but costs 7: after
    // the first, the next cannot fit until 6 more points are back, so the burst is throttled.
    const a = catalogFor(api, { mediaPerProduct: 21, pacer: new CostPacer() }, "shpat_second_app");
    const b = catalogFor(api, { mediaPerProduct: 21, pacer: new CostPacer() }, "shpat_second_app");
    const ids = [1004, 1005, 1006, 1007];
    const tasks = ids.map((id, i) => () => (i % 2 ? a : b).getProduct(productGid(id)));
    const { failures } = await runAll(tasks, tasks.length);
    expect(failures).toEqual([]);
    expect(api.store.metrics.throttled).toBeGreaterThan(0);
    expect(a.pacer.metrics.throttled + b.pacer.metrics.throttled).toBe(api.store.metrics.throttled);
  });
});
