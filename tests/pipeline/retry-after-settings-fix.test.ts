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

  it("GIVEN every product refused with 700 for an unknown model name WHEN the merchant fixes the name and retries THEN the retried jobs carry the new name and succeed", async () => {
    await db.shopSettings.update({ where: { shop: TEST_SHOP }, data: { modelName: "Ariel" } });
    const result = await createPipeline(stackDeps(db, stack.env)).retryRun(TEST_SHOP, runId);
    expect(result).toEqual({ requeued: PRODUCTS, stillFailing: 0 });
    // The runner keeps running, so by the time this reads them some jobs may already be claimed again:
    // what the retry promises is the fixed name, no refusal left, and a fresh count for those still waiting.
    for (const j of await db.tryOnJob.findMany({ where: { runId } })) {
      expect(JSON.parse(j.requestJson).model.name, j.productTitle).toBe("Ariel");
      expect(j.state, j.productTitle).not.toBe("failed");
      expect(j.errorCode, j.productTitle).toBeNull();
      if (j.state === "queued") expect(j.attempts, j.productTitle).toBe(0);
    }
    runner.wake();
    await waitFor(async () => (await db.tryOnJob.count({ where: { runId, state: { in: [...ACTIVE_STATES] } } })) === 0, { what: "the retried jobs to be worked" });
    expect(await jobStates(db, runId)).toEqual({ attached: PRODUCTS });
  });
});
