/**
 * The queue-driver conformance suite: the same behaviour from the in-process driver
 * (conformance.db.test.ts) and the BullMQ driver (conformance.bullmq.test.ts), against the local
 * try-on service and local Admin API over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@prisma/client";
import type { PipelineDeps } from "../../app/pipeline/context.server";
import type { QueueDriver } from "../../app/pipeline/driver";
import type { RunnerConfig } from "../../app/pipeline/runner.server";
import { createPipeline, type Pipeline } from "../../app/pipeline/service.server";
import { buildTestCollection, tryOnMediaOf } from "../helpers/pipeline-catalog";
import { FAST_RUNNER, jobStates, pipelinePrisma, waitSettled, seedShop, stackDeps, startStack, TEST_SHOP, waitFor, type Stack } from "../helpers/pipeline-stack";

export type MakeDriver = (deps: PipelineDeps, config: Partial<RunnerConfig>) => Promise<QueueDriver>;

export interface ConformanceContext {
  stack: Stack;
  db: PrismaClient;
  pipeline: Pipeline;
  /** Starts `n` driver instances, each with its own dependencies (like separate app processes). */
  startInstances(n: number, config?: Partial<RunnerConfig>, env?: Record<string, string>): Promise<QueueDriver[]>;
  stopAll(): Promise<void>;
}

export function conformanceSuite(name: string, makeDriver: () => MakeDriver, extra?: (ctx: () => ConformanceContext) => void) {
  let ctx: ConformanceContext;
  const running: QueueDriver[] = [];

  describe(`queue driver conformance: ${name}`, () => {
    beforeAll(async () => {
      const stack = await startStack({ tryon: { taskMs: 200, submitQps: 40, queryQps: 300 } });
      const db = pipelinePrisma();
      await seedShop(db, stack, { autoApprove: true, generateCount: 1 });
      const pipeline = createPipeline(stackDeps(db, stack.env));
      ctx = {
        stack,
        db,
        pipeline,
        async startInstances(n, config = {}, env = stack.env) {
          const made: QueueDriver[] = [];
          // One factory for the instances started together: they share a queue (BullMQ: one key prefix).
          const make = makeDriver();
          for (let i = 0; i < n; i++) {
            const deps = stackDeps(db, env);
            const driver = await make(deps, { ...FAST_RUNNER, ...config });
            deps.notify = driver.wake;
            await driver.start();
            made.push(driver);
            running.push(driver);
          }
          return made;
        },
        async stopAll() {
          await Promise.all(running.splice(0).map((d) => d.stop(2000)));
        },
      };
    }, 60_000);

    afterAll(async () => {
      await ctx?.stopAll();
      await ctx?.stack.close();
      await ctx?.db.$disconnect();
    });

    const settle = (runId: string) => waitSettled(ctx.db, runId, { timeoutMs: 90_000 });

    it("GIVEN two instances WHEN a 30-product collection runs THEN every job is attached, each submitted exactly once and attached once", async () => {
      const before = ctx.stack.tryon.metrics().submits;
      const { collectionId } = await buildTestCollection(ctx.stack.admin.store, { good: 30, title: "Conformance 30" });
      await ctx.startInstances(2, { submitQps: 10 });
      const { runId } = await ctx.pipeline.startRun(TEST_SHOP, { type: "collection", collectionId }, {});
      await settle(runId!);
      await ctx.stopAll();
      expect(await jobStates(ctx.db, runId!)).toEqual({ attached: 30 });
      expect(ctx.stack.tryon.metrics().submits - before).toBe(30);
      const jobs = await ctx.db.tryOnJob.findMany({ where: { runId: runId! } });
      expect(jobs.every((j) => j.attempts === 1)).toBe(true);
      for (const j of jobs) expect(tryOnMediaOf(ctx.stack.admin.store, j.productId)).toHaveLength(1);
    });

    it("GIVEN jobs left by a dead worker (lease expired while submitting and while polling) WHEN an instance starts THEN they are recovered and finish", async () => {
      const { collectionId } = await buildTestCollection(ctx.stack.admin.store, { good: 3, title: "Recovery" });
      const { runId } = await ctx.pipeline.startRun(TEST_SHOP, { type: "collection", collectionId }, {});
      const [a, b] = await ctx.db.tryOnJob.findMany({ where: { runId: runId! }, orderBy: { productTitle: "asc" } });
      const past = new Date(Date.now() - 1000);
      await ctx.db.tryOnJob.update({ where: { id: a.id }, data: { state: "submitting", attempts: 1, leaseOwner: "dead#1", leaseExpiresAt: past, availableAt: past, submitStartedAt: past } });
      // A task the dead worker had submitted: polling resumes with its task id.
      const client = await stackDeps(ctx.db, ctx.stack.env).tryOnFor(TEST_SHOP);
      const { taskId } = await client.submit(JSON.parse(b.requestJson));
      await ctx.db.tryOnJob.update({
        where: { id: b.id },
        data: { state: "polling", attempts: 1, providerTaskId: taskId, submittedAt: past, deadlineAt: new Date(Date.now() + 60_000), leaseOwner: "dead#2", leaseExpiresAt: past, availableAt: past },
      });
      const submitsBefore = ctx.stack.tryon.metrics().submits;
      await ctx.startInstances(1);
      await settle(runId!);
      await ctx.stopAll();
      expect(await jobStates(ctx.db, runId!)).toEqual({ attached: 3 });
      const after = await ctx.db.tryOnJob.findMany({ where: { id: { in: [a.id, b.id] } }, orderBy: { productTitle: "asc" } });
      expect(after.map((j) => j.attempts)).toEqual([2, 1]);
      expect(after[1].providerTaskId).toBe(taskId);
      // a was submitted again (in flight when its worker died), b was not, the third job once.
      expect(ctx.stack.tryon.metrics().submits - submitsBefore).toBe(2);
    });

    it("GIVEN marked products WHEN the run settles THEN retries follow the contract's table and 501s cost no attempt", async () => {
      const { collectionId } = await buildTestCollection(ctx.stack.admin.store, { good: 0, faults: ["fault-501x2", "fault-1000", "fault-1001x1", "fault-500x1"], title: "Retries" });
      await ctx.startInstances(1);
      const { runId } = await ctx.pipeline.startRun(TEST_SHOP, { type: "collection", collectionId }, {});
      await settle(runId!);
      await ctx.stopAll();
      const jobs = await ctx.db.tryOnJob.findMany({ where: { runId: runId! } });
      const by = (m: string) => jobs.find((j) => j.productTitle.endsWith(m))!;
      expect([by("fault-501x2").state, by("fault-501x2").attempts, by("fault-501x2").rateLimitedCount]).toEqual(["attached", 1, 2]);
      expect([by("fault-1000").state, by("fault-1000").errorCode, by("fault-1000").attempts]).toEqual(["failed", "1000", 1]);
      expect([by("fault-1001x1").state, by("fault-1001x1").attempts]).toEqual(["attached", 2]);
      expect([by("fault-500x1").state, by("fault-500x1").attempts]).toEqual(["attached", 2]);
    });

    it("GIVEN results waiting for review WHEN they are approved THEN the driver attaches them", async () => {
      await ctx.db.shopSettings.update({ where: { shop: TEST_SHOP }, data: { autoApprove: false } });
      try {
        const { collectionId } = await buildTestCollection(ctx.stack.admin.store, { good: 4, title: "Review" });
        await ctx.startInstances(1);
        const { runId } = await ctx.pipeline.startRun(TEST_SHOP, { type: "collection", collectionId }, {});
        await waitFor(async () => (await jobStates(ctx.db, runId!)).awaiting_review === 4, { what: "review" });
        expect(await ctx.db.tryOnImage.count({ where: { runId: runId!, attachState: "attached" } })).toBe(0);
        await ctx.pipeline.approve(TEST_SHOP, { runId: runId! });
        await settle(runId!);
        await ctx.stopAll();
        expect(await jobStates(ctx.db, runId!)).toEqual({ attached: 4 });
      } finally {
        await ctx.db.shopSettings.update({ where: { shop: TEST_SHOP }, data: { autoApprove: true } });
      }
    });

    it("GIVEN a running run WHEN it is cancelled THEN nothing more is sent for it and every job ends cancelled or attached", async () => {
      const { collectionId } = await buildTestCollection(ctx.stack.admin.store, { good: 24, title: "Cancel" });
      await ctx.startInstances(1, { submitQps: 4 });
      const { runId } = await ctx.pipeline.startRun(TEST_SHOP, { type: "collection", collectionId }, {});
      await waitFor(async () => ((await jobStates(ctx.db, runId!)).polling ?? 0) + ((await jobStates(ctx.db, runId!)).attached ?? 0) >= 2, { what: "the first submits" });
      expect(await ctx.pipeline.cancelRun(TEST_SHOP, runId!)).toBeGreaterThan(10);
      const sentAtCancel = ctx.stack.tryon.metrics().submits;
      await settle(runId!);
      // Stopping waits for the steps in flight (2 s grace), so a submit sent after the cancel has arrived
      // (no fixed sleep: the stop is the event).
      await ctx.stopAll();
      const states = await jobStates(ctx.db, runId!);
      expect(Object.keys(states).every((s) => s === "cancelled" || s === "attached")).toBe(true);
      expect(states.cancelled).toBeGreaterThan(10);
      // At most the submits already in flight at the cancel complete.
      expect(ctx.stack.tryon.metrics().submits - sentAtCancel).toBeLessThanOrEqual(2);
      expect((await ctx.pipeline.getRunProgress(TEST_SHOP, runId!))?.status).toBe("cancelled");
    });

    extra?.(() => ctx);
  });
}
