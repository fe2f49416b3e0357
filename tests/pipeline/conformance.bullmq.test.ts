import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createQueueDriver } from "../../app/pipeline/driver";
import { buildTestCollection } from "../helpers/pipeline-catalog";
import { createPipeline } from "../../app/pipeline/service.server";
import { jobStates, waitSettled, seedShop, stackDeps, startStack, TEST_SHOP } from "../helpers/pipeline-stack";
import { startRedis, type RedisServer } from "../helpers/redis";
import { conformanceSuite } from "./conformance";

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

conformanceSuite(
  "BullMQ on a real redis-server",
  // A fresh key prefix per test keeps queues of earlier tests (and their limits) out of the way.
  () => {
    const prefix = `fr-${randomUUID().slice(0, 8)}`;
    return (deps, config) => createQueueDriver(deps, { ...config, redisUrl: redis.url, prefix });
  },
  (ctx) => {
    it("GIVEN three instances WHEN they share one global submit limit under the provider's THEN the provider never answers 501 and every job is done once", async () => {
      const c = ctx();
      // A provider allowing 3 submits/s (bursts of 3); each instance is configured for 2.5/s, so three
      // separate limits (7.5/s) would be answered with 501s — one global limit never is.
      const stack = await startStack({ tryon: { taskMs: 200, submitQps: 3, queryQps: 300 } });
      try {
        await seedShop(c.db, stack, { autoApprove: true, generateCount: 1 });
        const { collectionId } = await buildTestCollection(stack.admin.store, { good: 24, title: "Global limit" });
        await c.startInstances(3, { submitQps: 2.5, submitConcurrency: 2 }, stack.env);
        const { runId } = await createPipeline(stackDeps(c.db, stack.env)).startRun(TEST_SHOP, { type: "collection", collectionId }, {});
        await waitSettled(c.db, runId!, { timeoutMs: 90_000 });
        await c.stopAll();
        expect(await jobStates(c.db, runId!)).toEqual({ attached: 24 });
        expect(stack.tryon.metrics().submits).toBe(24);
        expect(stack.tryon.metrics().requests["/ai/virtual/tryon"]?.["501"] ?? 0).toBe(0);
      } finally {
        await seedShop(c.db, c.stack);
        await stack.close();
      }
    });
  },
);
