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

    // Started again: the skip says where the earlier images are, and how to make new ones in the
    // merchant's words (the estimate's "Generate again"), not the API's "force". Found walking the demo.
    const pipeline = createPipeline(stackDeps(db, stack.env));
    const reasonFor = async (productId: string) => (await pipeline.startRun(TEST_SHOP, { type: "selection", productIds: [productId] }, {}, { dryRun: true })).estimate.skipped[0]?.reason;
    await db.tryOnJob.updateMany({ where: { runId: started.runId!, productId: gids[1] }, data: { state: "awaiting_review" } });
    await db.tryOnJob.updateMany({ where: { runId: started.runId!, productId: gids[2] }, data: { state: "attached" } });
    expect(await reasonFor(gids[1])).toBe("Skipped: try-on images with the same garment image and settings are already made and waiting for your review. To make new ones anyway, try it on again and tick “Generate again” in the estimate.");
    expect(await reasonFor(gids[2])).toMatch(/are already added to the product\. To make new ones anyway/);
    expect(await reasonFor(gids[3])).toMatch(/are already being generated\./);
    for (const id of gids.slice(1, 4)) expect(await reasonFor(id)).not.toMatch(/force/);
  });
});
