import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TryOnJob } from "@prisma/client";
import { createRunner, type Runner } from "../../app/pipeline/runner.server";
import { createPipeline } from "../../app/pipeline/service.server";
import { buildTestCollection, tryOnMediaOf } from "../helpers/pipeline-catalog";
import { FAST_RUNNER, pipelinePrisma, waitSettled, seedShop, stackDeps, startStack, TEST_SHOP, type Stack } from "../helpers/pipeline-stack";

/**
 * Injected faults: 20% of submits fail at random (500, 801, 1000, 1001, 1002 at query or submit), the provider's submit
 * rate limit is below the runner's (so 501s arrive), and marked products fail in known ways.
 * Per the contract's table: 500 up to 3 retries; 801 and 1001 once; 1000, 1002 never; 501 waits
 * without spending attempts.
 */
const MARKED: Record<string, { state: "attached" | "failed"; code?: string; attempts: number; rateLimited?: number }> = {
  "fault-501x3": { state: "attached", attempts: 1, rateLimited: 3 },
  "fault-500x1": { state: "attached", attempts: 2 },
  "fault-500": { state: "failed", code: "500", attempts: 4 },
  "fault-1001x1": { state: "attached", attempts: 2 },
  "fault-1001": { state: "failed", code: "1001", attempts: 2 },
  "fault-801x1": { state: "attached", attempts: 2 },
  "fault-1000": { state: "failed", code: "1000", attempts: 1 },
  "fault-1002": { state: "failed", code: "1002", attempts: 1 },
  // 1002 can also come back at submit (the risk filter itself failed): never retried either.
  "fault-1002-submit": { state: "failed", code: "1002", attempts: 1 },
};
/** Attempts a job may make for its final error code, from the table. */
const MAX_ATTEMPTS: Record<string, number> = { "500": 4, "801": 2, "1001": 2, "1000": 1, "1002": 1 };
const RANDOM_PRODUCTS = 30;

let stack: Stack;
let runner: Runner;
let jobs: TryOnJob[];
const db = pipelinePrisma();

beforeAll(async () => {
  stack = await startStack({ tryon: { taskMs: 150, submitQps: 6, queryQps: 200, faultRate: 0.2 } });
  await seedShop(db, stack, { autoApprove: true, generateCount: 1 });
  const { collectionId } = await buildTestCollection(stack.admin.store, { good: RANDOM_PRODUCTS, faults: Object.keys(MARKED), title: "Faults" });
  const deps = stackDeps(db, stack.env);
  runner = createRunner(deps, { ...FAST_RUNNER, submitQps: 15 });
  deps.notify = runner.wake;
  runner.start();
  const { runId } = await createPipeline(deps).startRun(TEST_SHOP, { type: "collection", collectionId }, {});
  await waitSettled(db, runId!, { timeoutMs: 240_000, extra: () => runner.stats() });
  jobs = await db.tryOnJob.findMany({ where: { runId: runId! } });
}, 300_000);

afterAll(async () => {
  await runner?.stop();
  await stack?.close();
  await db.$disconnect();
});

describe("under injected faults (random 20%, 501 rate limits, marked products)", () => {
  it("GIVEN faults WHEN the run settles THEN every job is attached or failed", () => {
    expect(jobs).toHaveLength(RANDOM_PRODUCTS + Object.keys(MARKED).length);
    for (const j of jobs) expect(["attached", "failed"], j.productTitle).toContain(j.state);
  });

  it("GIVEN marked products WHEN the run settles THEN each ends exactly as the error table says", () => {
    for (const [marker, want] of Object.entries(MARKED)) {
      const j = jobs.find((x) => x.productTitle === `Fault Tee ${marker}`)!;
      expect({ marker, state: j.state, attempts: j.attempts }).toEqual({ marker, state: want.state, attempts: want.attempts });
      if (want.code) expect(j.errorCode).toBe(want.code);
      if (want.rateLimited) expect(j.rateLimitedCount).toBeGreaterThanOrEqual(want.rateLimited);
    }
    expect(jobs.find((x) => x.productTitle === "Fault Tee fault-1000")!.errorMessage).toMatch(/rejected by the content safety check/);
  });

  it("GIVEN random faults WHEN jobs failed THEN a retryable code failed a job only at the table's limit, and no job exceeded 4 attempts", () => {
    // Random faults are drawn per submit, so one job can meet several codes; the marked products above
    // show that a non-retryable code is never retried. Here: nothing gave up early or retried too often.
    const failed = jobs.filter((j) => j.state === "failed");
    for (const j of failed) {
      expect(Object.keys(MAX_ATTEMPTS), `${j.productTitle}: ${j.errorCode}`).toContain(j.errorCode);
      const max = MAX_ATTEMPTS[j.errorCode!];
      if (max > 1) expect(j.attempts, `${j.productTitle} (${j.errorCode})`).toBeGreaterThanOrEqual(max);
      expect(j.attempts, j.productTitle).toBeLessThanOrEqual(4);
    }
    for (const j of jobs.filter((x) => x.state === "attached")) expect(j.attempts).toBeLessThanOrEqual(4);
  });

  it("GIVEN a provider limit below the runner's WHEN 501s arrive THEN the runner slows down and they cost no attempts", () => {
    const submit = stack.tryon.metrics().requests["/ai/virtual/tryon"] ?? {};
    expect(submit["501"] ?? 0).toBeGreaterThan(0);
    expect(runner.stats().submitLimiter.penalties).toBeGreaterThan(0);
    // Total submits that reached the provider = attempts recorded (501s not among them).
    const sent = Object.entries(submit).filter(([code]) => code !== "501").reduce((n, [, c]) => n + c, 0);
    expect(jobs.reduce((n, j) => n + j.attempts, 0)).toBe(sent);
  });

  it("GIVEN attached jobs WHEN the products are listed THEN each has its one image", () => {
    for (const j of jobs.filter((x) => x.state === "attached")) expect(tryOnMediaOf(stack.admin.store, j.productId)).toHaveLength(1);
  });
});
