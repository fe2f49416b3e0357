import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { displayJobState } from "../../app/components/status";
import { ACTIVE_STATES } from "../../app/jobs/job-state";
import { createRunner, type Runner } from "../../app/pipeline/runner.server";
import { createPipeline } from "../../app/pipeline/service.server";
import { buildTestCollection } from "../helpers/pipeline-catalog";
import { FAST_RUNNER, jobStates, pipelinePrisma, seedShop, stackDeps, startStack, TEST_SHOP, waitFor, waitSettled, type Stack } from "../helpers/pipeline-stack";

/**
 * Found by trying the demo as a merchant. A model name Aidge's library does not have can only be found
 * out by asking Aidge (the app checks names for shape only). Once Aidge refuses it (700 naming
 * model.name), the run's other products with that model are failed with the same message, not sent one
 * by one to be refused the same way. The message says "check the settings, save, then retry the failed
 * products"; the retry must send the fixed settings, not the stored request the provider already
 * refused (which failed every product a second time).
 */
const PRODUCTS = 20;
let stack: Stack;
let runner: Runner;
const db = pipelinePrisma();
let runId: string;

beforeAll(async () => {
  stack = await startStack({ tryon: { taskMs: 100 } });
  await seedShop(db, stack, { autoApprove: true, generateCount: 1 });
  await db.shopSettings.update({ where: { shop: TEST_SHOP }, data: { modelName: "Zorro the Unknown" } });
  const { productIds } = await buildTestCollection(stack.admin.store, { good: PRODUCTS, title: "Unknown model" });
  const deps = stackDeps(db, stack.env);
  // Four submits a second: the first refusal is back long before the run could send them all.
  runner = createRunner(deps, { ...FAST_RUNNER, submitQps: 4 });
  deps.notify = runner.wake;
  runner.start();
  runId = (await createPipeline(deps).startRun(TEST_SHOP, { type: "selection", productIds }, {})).runId!;
  await waitSettled(db, runId, { extra: () => runner.stats() });
}, 120_000);

afterAll(async () => {
  await runner?.stop(1000);
  await stack?.close();
  await db.$disconnect();
});

describe("a model name the provider does not know", () => {
  it("GIVEN a run whose model name Aidge refuses WHEN the first refusal comes back THEN the rest of the run is failed with the same advice without being sent", async () => {
    expect(await jobStates(db, runId)).toEqual({ failed: PRODUCTS });
    const jobs = await db.tryOnJob.findMany({ where: { runId } });
    for (const j of jobs) {
      expect(j.errorCode, j.productTitle).toBe("700");
      expect(j.errorMessage, j.productTitle).toMatch(/^Aidge doesn't know the model name in the try-on settings\./);
      expect(j.providerTaskId).toBeNull();
      expect(JSON.parse(j.requestJson).model.name).toBe("Zorro the Unknown");
      // Refused with the run's model, not skipped by our own checks: "Failed", with a retry.
      expect(displayJobState(j), j.productTitle).toBe("failed");
    }
    const refusals = stack.tryon.metrics().requests;
    const sent = Object.entries(refusals).filter(([endpoint]) => endpoint.endsWith("/ai/virtual/tryon")).reduce((n, [, byCode]) => n + Object.values(byCode).reduce((a, b) => a + b, 0), 0);
    expect(sent, JSON.stringify(refusals)).toBeGreaterThan(0);
    expect(sent, JSON.stringify(refusals)).toBeLessThanOrEqual(3);
  });

  it("GIVEN every product refused with 700 for an unknown model name WHEN the merchant fixes the name and retries THEN the request reads no product, and the runner plans each job again with the new name and sends it once", async () => {
    await db.shopSettings.update({ where: { shop: TEST_SHOP }, data: { modelName: "Ariel" } });
    const submitsBefore = stack.tryon.metrics().submits;
    // The request's own dependencies: a retry of a whole run must not read the catalog in the request.
    const requestDeps = stackDeps(db, stack.env);
    let catalogReads = 0;
    const catalogFor = requestDeps.catalogFor;
    requestDeps.catalogFor = (shop) => {
      catalogReads++;
      return catalogFor(shop);
    };
    const result = await createPipeline(requestDeps).retryRun(TEST_SHOP, runId);
    expect(result).toEqual({ requeued: PRODUCTS, replanning: PRODUCTS, stillFailing: 0, overDailyLimit: 0, skippedRechecked: 0 });
    expect(catalogReads).toBe(0);
    // The runner keeps running, so some jobs may already be planned again by the time this reads them:
    // none is failed any more, and one still waiting has sent nothing with its old request.
    for (const j of await db.tryOnJob.findMany({ where: { runId } })) {
      expect(j.state, j.productTitle).not.toBe("failed");
      expect(j.errorCode, j.productTitle).toBeNull();
      if (j.replanRequested) expect({ state: j.state, attempts: j.attempts, providerTaskId: j.providerTaskId }, j.productTitle).toEqual({ state: "queued", attempts: 0, providerTaskId: null });
    }
    runner.wake();
    await waitFor(async () => (await db.tryOnJob.count({ where: { runId, state: { in: [...ACTIVE_STATES] } } })) === 0, { what: "the retried jobs to be worked" });
    expect(await jobStates(db, runId)).toEqual({ attached: PRODUCTS });
    for (const j of await db.tryOnJob.findMany({ where: { runId } })) {
      expect(JSON.parse(j.requestJson).model.name, j.productTitle).toBe("Ariel");
      expect(j.replanRequested, j.productTitle).toBe(false);
    }
    // Each product sent once after the retry, with the fixed name.
    expect(stack.tryon.metrics().submits - submitsBefore).toBe(PRODUCTS);
    const run = await db.tryOnRun.findUniqueOrThrow({ where: { id: runId } });
    expect({ replanRequestedAt: run.replanRequestedAt, planLeaseOwner: run.planLeaseOwner }).toEqual({ replanRequestedAt: null, planLeaseOwner: null });
  });
});
