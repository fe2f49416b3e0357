import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CatalogProduct } from "../../app/catalog/types";
import { planningInProgress } from "../../app/pipeline/planner.server";
import { createPipeline } from "../../app/pipeline/service.server";
import { buildTestCollection } from "../helpers/pipeline-catalog";
import { pipelinePrisma, seedShop, stackDeps, startStack, TEST_SHOP, waitFor, type Stack } from "../helpers/pipeline-stack";

/**
 * While this process plans a run, its provider work is not all queued yet: the Files copier then keeps
 * to its background pace (file-copy.server.ts), as it does while submits wait. Planning that runs behind
 * the provider's rate leaves no submit waiting, so "submits waiting" alone let copies take the CPU the
 * planning needed. Here the collection's stream is held after its first products, mid-planning.
 */
let stack: Stack;
const db = pipelinePrisma();

beforeAll(async () => {
  stack = await startStack();
  await seedShop(db, stack, { autoApprove: false, generateCount: 1 });
}, 60_000);

afterAll(async () => {
  await stack?.close();
  await db.$disconnect();
});

describe("planningInProgress: the copier's sign that a run is still being planned here", () => {
  it("GIVEN a collection run being planned WHEN its stream is held mid-way THEN planning is in progress, and no longer once the run is planned", async () => {
    const { collectionId, productIds } = await buildTestCollection(stack.admin.store, { good: 4, demo: [], title: "Planning in progress" });
    const deps = stackDeps(db, stack.env);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let yielded = 0;
    const catalogFor = deps.catalogFor;
    deps.catalogFor = async (shop) => {
      const catalog = await catalogFor(shop);
      return {
        ...catalog,
        async *streamCollectionProducts(id: string, opts?: Parameters<typeof catalog.streamCollectionProducts>[1]): AsyncGenerator<CatalogProduct> {
          for await (const product of catalog.streamCollectionProducts(id, opts)) {
            if (++yielded === 2) await held;
            yield product;
          }
        },
      };
    };

    expect(planningInProgress()).toBe(false);
    const started = createPipeline(deps).startRun(TEST_SHOP, { type: "collection", collectionId }, {});
    await waitFor(async () => (yielded >= 2 ? true : null), { what: "the stream to reach its second product", timeoutMs: 10_000 });
    expect(planningInProgress()).toBe(true);
    release();
    const { runId } = await started;
    expect(await db.tryOnJob.count({ where: { runId: runId! } })).toBe(productIds.length);
    expect(planningInProgress()).toBe(false);
  });
});
