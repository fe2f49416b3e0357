import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRunner, type Runner } from "../../app/pipeline/runner.server";
import { createPipeline } from "../../app/pipeline/service.server";
import { FAST_RUNNER, gidProduct, jobStates, pipelinePrisma, waitFor, waitSettled, seedShop, stackDeps, startStack, TEST_SHOP, type Stack } from "../helpers/pipeline-stack";

/** Polling has a deadline: a task that does not finish in time fails with a clear message. */
let stack: Stack;
let runner: Runner;
const db = pipelinePrisma();

beforeAll(async () => {
  stack = await startStack({ tryon: { taskMs: 5000 } });
  await seedShop(db, stack, { autoApprove: true, generateCount: 1 });
  startRunner();
}, 60_000);

function startRunner() {
  const deps = stackDeps(db, stack.env);
  runner = createRunner(deps, { ...FAST_RUNNER, deadlineMs: 1200, schedule: { initialEstimateMs: 200, minDelayMs: 100, maxDelayMs: 300 } });
  deps.notify = runner.wake;
  runner.start();
}
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

  it("GIVEN a finished task whose deadline passed while no one polled it (a backlog, a restart) WHEN it is polled THEN its results are kept, not failed", async () => {
    // No runner while the scene is set: the job is submitted by hand, as a worker would have.
    await runner.stop();
    const { runId } = await createPipeline(stackDeps(db, stack.env)).startRun(TEST_SHOP, { type: "selection", productIds: [gidProduct(1018)] }, {});
    const job = await waitFor(async () => (await db.tryOnJob.findMany({ where: { runId: runId! } }))[0], { timeoutMs: 10_000 });
    const future = new Date(Date.now() + 3_600_000);
    await db.tryOnJob.update({ where: { id: job.id }, data: { state: "submitting", attempts: 1, leaseOwner: "busy#1", leaseExpiresAt: future, availableAt: future } });
    const client = await stackDeps(db, stack.env).tryOnFor(TEST_SHOP);
    const { taskId } = await client.submit(JSON.parse(job.requestJson));
    // The provider finishes the task (5 s here) while this process is too busy to poll; then the deadline passes.
    await new Promise((r) => setTimeout(r, 5_500));
    const submitted = new Date(Date.now() - 5_500);
    await db.tryOnJob.update({
      where: { id: job.id },
      data: { state: "polling", providerTaskId: taskId, submittedAt: submitted, deadlineAt: new Date(submitted.getTime() + 1200), pollCount: 0, leaseOwner: null, leaseExpiresAt: null, availableAt: new Date() },
    });
    startRunner();
    await waitSettled(db, runId!, { timeoutMs: 30_000 });
    const [after] = await db.tryOnJob.findMany({ where: { runId: runId! } });
    expect(after.errorCode).toBeNull();
    expect(after.state).toBe("attached");
    expect(after.attempts).toBe(1);
    expect(await db.tryOnImage.count({ where: { jobId: job.id } })).toBe(1);
  }, 60_000);
});
