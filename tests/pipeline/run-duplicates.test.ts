import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPipeline } from "../../app/pipeline/service.server";
import { buildTestCollection } from "../helpers/pipeline-catalog";
import { pipelinePrisma, seedShop, stackDeps, startStack, TEST_SHOP, type Stack } from "../helpers/pipeline-stack";

/**
 * A run plans in batches and forgets each batch's duplicate keys once its jobs are written (the set
 * would otherwise grow with the collection); a product listed again in a later batch is still found —
 * in the database — and skipped, so it is never sent (nor billed) twice.
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

describe("duplicates across a run's batches", () => {
  it("GIVEN a selection of 30 products that lists its first product again at the end WHEN it is started THEN 30 jobs are created and the repeat is skipped as a duplicate", async () => {
    const { productIds } = await buildTestCollection(stack.admin.store, { good: 30, title: "Listed twice" });
    const gids = productIds;
    // The first batch of a run is 25 products: the repeat comes in the second.
    const started = await createPipeline(stackDeps(db, stack.env)).startRun(TEST_SHOP, { type: "selection", productIds: [...gids, gids[0]] }, {});
    expect(await db.tryOnJob.count({ where: { runId: started.runId! } })).toBe(30);
    expect(started.estimate.skippedCounts.duplicate).toBe(1);
    expect(started.estimate.skipped.find((s) => s.kind === "duplicate")?.productId).toBe(gids[0]);
  });
});
