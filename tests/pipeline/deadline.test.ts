import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRunner, type Runner } from "../../app/pipeline/runner.server";
import { createPipeline } from "../../app/pipeline/service.server";
import { FAST_RUNNER, gidProduct, jobStates, pipelinePrisma, waitSettled, seedShop, stackDeps, startStack, TEST_SHOP, type Stack } from "../helpers/pipeline-stack";

/** Polling has a deadline: a task that does not finish in time fails with a clear message. */
let stack: Stack;
let runner: Runner;
const db = pipelinePrisma();

beforeAll(async () => {
  stack = await startStack({ tryon: { taskMs: 5000 } });
  await seedShop(db, stack, { autoApprove: true, generateCount: 1 });
  const deps = stackDeps(db, stack.env);
  runner = createRunner(deps, { ...FAST_RUNNER, deadlineMs: 1200, schedule: { initialEstimateMs: 200, minDelayMs: 100, maxDelayMs: 300 } });
  deps.notify = runner.wake;
  runner.start();
}, 60_000);
afterAll(async () => {
  await runner?.stop();
  await stack?.close();
  await db.$disconnect();
});

describe("poll deadline", () => {
  it("GIVEN tasks slower than the deadline WHEN polled THEN the jobs fail with DEADLINE and a plain message, after a bounded number of queries", async () => {
    const { runId } = await createPipeline(stackDeps(db, stack.env)).startRun(TEST_SHOP, { type: "selection", productIds: [gidProduct(1013), gidProduct(1016)] }, {});
    await waitSettled(db, runId!, { timeoutMs: 30_000 });
    expect(await jobStates(db, runId!)).toEqual({ failed: 2 });
    const jobs = await db.tryOnJob.findMany({ where: { runId: runId! } });
    for (const j of jobs) {
      expect(j.errorCode).toBe("DEADLINE");
      expect(j.errorMessage).toBe("The try-on service did not finish this product within 1 second. Nothing was added to the product; retry the failed products later.");
      expect(j.attempts).toBe(1);
      expect(j.pollCount).toBeGreaterThan(0);
      expect(j.pollCount).toBeLessThan(15);
    }
  });
});
