import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTIVE_STATES } from "../../app/jobs/job-state";
import { createRunner, type Runner } from "../../app/pipeline/runner.server";
import { createPipeline } from "../../app/pipeline/service.server";
import { buildTestCollection } from "../helpers/pipeline-catalog";
import { FAST_RUNNER, jobStates, pipelinePrisma, seedShop, stackDeps, startStack, TEST_SHOP, waitFor, waitSettled, type Stack } from "../helpers/pipeline-stack";

/**
 * Found by trying the demo as a merchant: a run whose model name the provider's library does not know
 * fails with 700 and the message "check the settings, save, then retry the failed products". The
 * merchant fixes the name and retries — and the retry must send the fixed settings, not the stored
 * request the provider already refused (which failed every product a second time).
 */
const PRODUCTS = 3;
let stack: Stack;
let runner: Runner;
const db = pipelinePrisma();
let runId: string;

beforeAll(async () => {
  stack = await startStack({ tryon: { taskMs: 100 } });
  await seedShop(db, stack, { autoApprove: true, generateCount: 1 });
  await db.shopSettings.update({ where: { shop: TEST_SHOP }, data: { modelName: "Zorro the Unknown" } });
  const { productIds } = await buildTestCollection(stack.admin.store, { good: PRODUCTS, title: "Retry after fix" });
  const deps = stackDeps(db, stack.env);
  runner = createRunner(deps, FAST_RUNNER);
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

describe("retrying a run the provider refused for its settings", () => {
  it("GIVEN every product refused with 700 for an unknown model name WHEN the merchant fixes the name and retries THEN the retried jobs carry the new name and succeed", async () => {
    expect(await jobStates(db, runId)).toEqual({ failed: PRODUCTS });
    for (const j of await db.tryOnJob.findMany({ where: { runId } })) {
      expect(j.errorCode, j.productTitle).toBe("700");
      expect(JSON.parse(j.requestJson).model.name).toBe("Zorro the Unknown");
    }

    await db.shopSettings.update({ where: { shop: TEST_SHOP }, data: { modelName: "Ariel" } });
    const result = await createPipeline(stackDeps(db, stack.env)).retryRun(TEST_SHOP, runId);
    expect(result).toEqual({ requeued: PRODUCTS, stillFailing: 0 });
    for (const j of await db.tryOnJob.findMany({ where: { runId } })) {
      expect(JSON.parse(j.requestJson).model.name, j.productTitle).toBe("Ariel");
      expect(j.attempts).toBe(0);
      expect(j.errorCode).toBeNull();
    }
    runner.wake();
    await waitFor(async () => (await db.tryOnJob.count({ where: { runId, state: { in: [...ACTIVE_STATES] } } })) === 0, { what: "the retried jobs to be worked" });
    expect(await jobStates(db, runId)).toEqual({ attached: PRODUCTS });
  });
});
