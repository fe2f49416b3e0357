import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRunner, type Runner } from "../../app/pipeline/runner.server";
import { createPipeline } from "../../app/pipeline/service.server";
import { buildTestCollection } from "../helpers/pipeline-catalog";
import { FAST_RUNNER, pipelinePrisma, waitSettled, seedShop, stackDeps, startStack, TEST_SHOP, type Stack } from "../helpers/pipeline-stack";

/**
 * A busy machine (or a long 501 pause) makes claimed jobs wait for their rate-limit token longer than
 * their lease. Such a job must still be sent — its lease renewed, since no other worker took it — and
 * never dropped after its token was spent: on CI under load, dropping them turned every token into a
 * wasted claim and a run stopped making progress.
 */
const PRODUCTS = 12;
let stack: Stack;
let runner: Runner;
let stats: ReturnType<Runner["stats"]>;
const db = pipelinePrisma();

beforeAll(async () => {
  stack = await startStack({ tryon: { taskMs: 100, submitQps: 50, queryQps: 200 } });
  await seedShop(db, stack, { autoApprove: true, generateCount: 1 });
  const { collectionId } = await buildTestCollection(stack.admin.store, { good: PRODUCTS, title: "Slow tokens" });
  const deps = stackDeps(db, stack.env);
  // Tokens every 400 ms, leases of 300 ms: every job claimed waits longer than its lease.
  runner = createRunner(deps, { ...FAST_RUNNER, submitQps: 2.5, submitConcurrency: 4, leaseMs: { submit: 300, poll: 2000, route: 2000, attach: 4000 } });
  deps.notify = runner.wake;
  runner.start();
  const { runId } = await createPipeline(deps).startRun(TEST_SHOP, { type: "collection", collectionId }, {});
  await waitSettled(db, runId!, { timeoutMs: 120_000, extra: () => runner.stats() });
  stats = runner.stats();
}, 180_000);

afterAll(async () => {
  await runner?.stop();
  await stack?.close();
  await db.$disconnect();
});

describe("jobs that wait for a rate-limit token longer than their lease", () => {
  it("GIVEN tokens slower than leases WHEN the run settles THEN every product was sent once and attached", async () => {
    const jobs = await db.tryOnJob.findMany({ where: { shop: TEST_SHOP } });
    expect(jobs.filter((j) => j.state === "attached")).toHaveLength(PRODUCTS);
    const submits = Object.values(stack.tryon.metrics().requests["/ai/virtual/tryon"] ?? {}).reduce((a, b) => a + b, 0);
    expect(submits).toBe(PRODUCTS);
  });

  it("GIVEN tokens slower than leases WHEN the run settles THEN no token was spent on a job that was then dropped", () => {
    // Every token acquired led to a provider submit (the limiter's count is the runner's own).
    expect(stats.submitLimiter.acquired).toBe(PRODUCTS);
  });
});
