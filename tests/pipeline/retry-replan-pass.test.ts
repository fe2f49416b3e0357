import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createModels } from "../../app/pipeline/context.server";
import { createPlanner } from "../../app/pipeline/planner.server";
import { replanRetriedJobs } from "../../app/pipeline/replan.server";
import { createPipeline } from "../../app/pipeline/service.server";
import { buildTestCollection } from "../helpers/pipeline-catalog";
import { pipelinePrisma, seedShop, stackDeps, startStack, TEST_SHOP, type Stack } from "../helpers/pipeline-stack";

/**
 * A retry answers at once and plans refused jobs again in the background (replan.server.ts). Driven
 * here without a runner, step by step: what waits, what the submit step may claim, what a failed pass
 * leaves, and what a cancel does to the jobs still waiting.
 */
const PRODUCTS = 4;
let stack: Stack;
const db = pipelinePrisma();
let deps: ReturnType<typeof stackDeps>;
let runId: string;

/** As if the provider had refused every job of the run at submit for its settings (700: nothing billed). */
async function refuseAll(): Promise<void> {
  await db.tryOnJob.updateMany({
    where: { runId },
    data: { state: "failed", attempts: 1, providerTaskId: null, errorCode: "700", errorMessage: "Aidge doesn't know the model name in the try-on settings.", finishedAt: new Date() },
  });
  await db.tryOnRun.update({ where: { id: runId }, data: { status: "completed", finishedAt: new Date() } });
}

beforeAll(async () => {
  stack = await startStack({ tryon: { taskMs: 100 } });
  await seedShop(db, stack, { generateCount: 1 });
  await db.shopSettings.update({ where: { shop: TEST_SHOP }, data: { modelName: "Zorro the Unknown" } });
  const { productIds } = await buildTestCollection(stack.admin.store, { good: PRODUCTS, title: "Replan pass" });
  deps = stackDeps(db, stack.env);
  runId = (await createPipeline(deps).startRun(TEST_SHOP, { type: "selection", productIds }, {})).runId!;
  await refuseAll();
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await db.$disconnect();
});

describe("retried jobs planned again in the background", () => {
  it("GIVEN a retried run WHEN its jobs wait to be planned again THEN no submit claims them, a pass that cannot read the catalog leaves them waiting and backs off, and the next pass plans them with the current settings", async () => {
    await db.shopSettings.update({ where: { shop: TEST_SHOP }, data: { modelName: "Ariel" } });
    expect(await createPipeline(deps).retryRun(TEST_SHOP, runId)).toEqual({ requeued: PRODUCTS, replanning: PRODUCTS, stillFailing: 0, overDailyLimit: 0, skippedRechecked: 0 });
    expect((await db.tryOnRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe("running");

    // The stored request is the refused one: the submit step neither sees nor claims these jobs.
    const models = createModels(db);
    expect(await models.jobs.dueByPhase([TEST_SHOP])).toEqual({});
    expect(await models.jobs.claim("submit", { owner: "probe#1", limit: 10, now: Date.now() + 60_000, leaseMs: 1000, shops: [TEST_SHOP] })).toEqual([]);

    // A pass whose Admin API reads fail: nothing changes on the jobs, the lease is given up for 30 s.
    await db.tryOnRun.update({ where: { id: runId }, data: { planLeaseOwner: "w#1", planLeaseExpiresAt: new Date(Date.now() + 60_000) } });
    const broken = { ...deps, catalogFor: async () => ({ ...(await deps.catalogFor(TEST_SHOP)), getProduct: async () => Promise.reject(new Error("Admin API unavailable")) }) };
    expect(await replanRetriedJobs(broken, TEST_SHOP, runId, "w#1")).toEqual({ requeued: 0, stillFailing: 0 });
    const jobs = await db.tryOnJob.findMany({ where: { runId } });
    expect(jobs.map((j) => [j.state, j.replanRequested, JSON.parse(j.requestJson).model.name])).toEqual(Array(PRODUCTS).fill(["queued", true, "Zorro the Unknown"]));
    let run = await db.tryOnRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run.planLeaseOwner).toBeNull();
    expect(run.replanRequestedAt).not.toBeNull();
    expect(run.planLeaseExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 20_000);
    const planner = createPlanner(deps, { shops: [TEST_SHOP] });
    expect(await planner.tick()).toBe(0);

    // Once the back-off is over, the runner's planner takes it and plans every job with "Ariel".
    await db.tryOnRun.update({ where: { id: runId }, data: { planLeaseExpiresAt: new Date(Date.now() - 1) } });
    expect(await planner.tick()).toBe(1);
    await planner.stop(30_000);
    for (const j of await db.tryOnJob.findMany({ where: { runId } })) {
      expect({ state: j.state, replanRequested: j.replanRequested, model: JSON.parse(j.requestJson).model.name, attempts: j.attempts }, j.productTitle).toEqual({ state: "queued", replanRequested: false, model: "Ariel", attempts: 0 });
    }
    run = await db.tryOnRun.findUniqueOrThrow({ where: { id: runId } });
    expect({ replanRequestedAt: run.replanRequestedAt, planLeaseOwner: run.planLeaseOwner }).toEqual({ replanRequestedAt: null, planLeaseOwner: null });
    expect((await models.jobs.claim("submit", { owner: "probe#2", limit: 10, now: Date.now() + 60_000, leaseMs: 1000, shops: [TEST_SHOP] })).length).toBe(PRODUCTS);
  });

  it("GIVEN a retried run whose jobs still wait to be planned again WHEN it is cancelled THEN they are cancelled, and the planner's pass plans nothing and clears the request", async () => {
    await refuseAll();
    const pipeline = createPipeline(deps);
    expect((await pipeline.retryRun(TEST_SHOP, runId)).replanning).toBe(PRODUCTS);
    expect(await pipeline.cancelRun(TEST_SHOP, runId)).toBe(PRODUCTS);
    const planner = createPlanner(deps, { shops: [TEST_SHOP] });
    expect(await planner.tick()).toBe(1);
    await planner.stop(30_000);
    const jobs = await db.tryOnJob.findMany({ where: { runId } });
    expect(jobs.map((j) => j.state)).toEqual(Array(PRODUCTS).fill("cancelled"));
    expect((await db.tryOnRun.findUniqueOrThrow({ where: { id: runId } })).replanRequestedAt).toBeNull();
    expect(await planner.tick()).toBe(0);
  });
});
