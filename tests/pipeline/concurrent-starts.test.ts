/**
 * Two starts at once never create duplicate jobs, and the daily cap holds across them (issue 14.2):
 * a double click, an extension retry, two tabs. Runs on SQLite and, with TEST_DB=postgres, on
 * PostgreSQL (where the old read-then-insert made 15 queued jobs from five starts of 3 products).
 * No runner runs here: the jobs stay queued, so the counts are what planning created.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPlanner } from "../../app/pipeline/planner.server";
import { createPipeline, type Pipeline } from "../../app/pipeline/service.server";
import type { PipelineDeps } from "../../app/pipeline/context.server";
import { DEMO_IDS } from "../../local/admin-api/seed";
import { gidProduct, pipelinePrisma, seedShop, stackDeps, startStack, TEST_SHOP, waitFor, type Stack } from "../helpers/pipeline-stack";

const P = DEMO_IDS.products;
const THREE = [P.linenMidiDress, P.classicTeeNavy, P.oxfordShirt].map(gidProduct);
const db = pipelinePrisma();
let stack: Stack;
let deps: PipelineDeps;
let pipeline: Pipeline;

beforeAll(async () => {
  stack = await startStack();
  await seedShop(db, stack, { generateCount: 1, autoApprove: false });
  deps = stackDeps(db, stack.env);
  pipeline = createPipeline(deps);
}, 60_000);

afterAll(async () => {
  await stack?.close();
  await db.$disconnect();
});

beforeEach(async () => {
  await db.tryOnImage.deleteMany({});
  await db.tryOnJob.deleteMany({});
  await db.tryOnRun.deleteMany({});
  await db.shopSettings.update({ where: { shop: TEST_SHOP }, data: { dailyImageCap: null } });
});

const queuedJobs = () => db.tryOnJob.findMany({ where: { shop: TEST_SHOP, state: "queued" }, select: { productId: true, imagesExpected: true } });

describe("concurrent starts", () => {
  it("GIVEN three products WHEN five starts of the same selection run at once THEN exactly three jobs exist, one per product", async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => pipeline.startRun(TEST_SHOP, { type: "selection", productIds: THREE }, {})));
    const jobs = await queuedJobs();
    expect(jobs).toHaveLength(3);
    expect(new Set(jobs.map((j) => j.productId)).size).toBe(3);
    // Every start answered; the later ones say the products are already being generated.
    expect(results.every((r) => r.runId)).toBe(true);
    expect(results.reduce((n, r) => n + r.estimate.skippedCounts.duplicate, 0)).toBe(12);
  });

  it("GIVEN a daily cap of 3 images WHEN five starts of different products run at once THEN at most 3 images are queued", async () => {
    await db.shopSettings.update({ where: { shop: TEST_SHOP }, data: { dailyImageCap: 3 } });
    const pairs = [
      [P.linenMidiDress, P.classicTeeNavy],
      [P.oxfordShirt, P.silkBlouse],
      [P.relaxedHoodie, P.denimJacket],
      [P.stripedShirtDress, P.linenCampShirt],
      [P.twoToneShirt, P.everydayTop],
    ].map((ids) => ids.map(gidProduct));
    const results = await Promise.all(pairs.map((productIds) => pipeline.startRun(TEST_SHOP, { type: "selection", productIds }, {})));
    const jobs = await queuedJobs();
    expect(jobs.reduce((n, j) => n + j.imagesExpected, 0)).toBe(3);
    expect(results.reduce((n, r) => n + r.estimate.skippedCounts.daily_cap, 0)).toBe(7);
  });

  it("GIVEN one Idempotency-Key WHEN five starts with it run at once THEN they all get the same run and its jobs exist once", async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => pipeline.startRun(TEST_SHOP, { type: "selection", productIds: THREE }, {}, { idempotencyKey: "click-7f3a" })));
    expect(new Set(results.map((r) => r.runId)).size).toBe(1);
    expect(await db.tryOnRun.count({ where: { shop: TEST_SHOP } })).toBe(1);
    // The starts that lost the race waited for nothing: they answered with the run (planned or planning).
    expect(results.filter((r) => r.replayed).length).toBe(4);
    await waitFor(async () => (await db.tryOnRun.findFirst({ where: { shop: TEST_SHOP, status: "running" } })) !== null, { what: "the run to finish planning" });
    expect(await queuedJobs()).toHaveLength(3);
    // A later retry with the same key is still the same run, never a second one.
    const again = await pipeline.startRun(TEST_SHOP, { type: "selection", productIds: THREE }, {}, { idempotencyKey: "click-7f3a" });
    expect(again.runId).toBe(results[0].runId);
    expect(await queuedJobs()).toHaveLength(3);
  });

  it("GIVEN five background starts (pages, extensions) WHEN the runner's planners plan them at once THEN exactly three jobs exist", async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => pipeline.startRun(TEST_SHOP, { type: "selection", productIds: THREE }, {}, { background: true })));
    expect(results.every((r) => r.planning && r.runId)).toBe(true);
    // Two "instances", each planning two runs at once.
    const planners = [createPlanner(deps, { concurrency: 2, shops: [TEST_SHOP] }), createPlanner(deps, { concurrency: 2, shops: [TEST_SHOP] })];
    await waitFor(
      async () => {
        await Promise.all(planners.map((p) => p.tick()));
        return (await db.tryOnRun.count({ where: { shop: TEST_SHOP, status: "planning" } })) === 0;
      },
      { what: "every run to be planned", timeoutMs: 60_000 },
    );
    await Promise.all(planners.map((p) => p.stop()));
    const jobs = await queuedJobs();
    expect(jobs).toHaveLength(3);
    expect(new Set(jobs.map((j) => j.productId)).size).toBe(3);
  });
});
