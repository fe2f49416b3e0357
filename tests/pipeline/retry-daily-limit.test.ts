import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { displayJobState } from "../../app/components/status";
import { createModels } from "../../app/pipeline/context.server";
import { replanRetriedJobs } from "../../app/pipeline/replan.server";
import { startOfUtcDay } from "../../app/pipeline/run-estimate";
import { createPipeline } from "../../app/pipeline/service.server";
import { buildTestCollection } from "../helpers/pipeline-catalog";
import { pipelinePrisma, seedShop, stackDeps, startStack, TEST_SHOP, type Stack } from "../helpers/pipeline-stack";

/**
 * The shop's daily image limit is money the merchant chose not to spend. A failed job counts for
 * nothing against it, so a retry that queues failed jobs again takes room today: the retry and the
 * background pass that plans refused jobs again (replan.server.ts) both stay within it.
 */
let stack: Stack;
const db = pipelinePrisma();
let deps: ReturnType<typeof stackDeps>;
let productIds: string[];
const models = createModels(db);
const reservedToday = () => models.jobs.imagesReservedSince(TEST_SHOP, startOfUtcDay(Date.now()));

async function start(ids: string[]): Promise<string> {
  return (await createPipeline(deps).startRun(TEST_SHOP, { type: "selection", productIds: ids }, {})).runId!;
}

beforeAll(async () => {
  stack = await startStack({ tryon: { taskMs: 100 } });
  await seedShop(db, stack, { generateCount: 1 });
  await db.shopSettings.update({ where: { shop: TEST_SHOP }, data: { dailyImageCap: 3 } });
  ({ productIds } = await buildTestCollection(stack.admin.store, { good: 7, title: "Daily limit" }));
  deps = stackDeps(db, stack.env);
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await db.$disconnect();
});

describe("a retry within the shop's daily image limit", () => {
  it("GIVEN a limit of 3 images a day, yesterday's run of 3 failed and 2 images queued today WHEN yesterday's run is retried THEN 1 job is queued again, counted today, and 2 stay failed as they were", async () => {
    const yesterday = await start(productIds.slice(0, 3));
    const dayBefore = new Date(Date.now() - 26 * 3600_000);
    // Sent and failed by the provider (retryable, re-sent as stored), on the day before.
    await db.tryOnJob.updateMany({
      where: { runId: yesterday },
      data: { state: "failed", attempts: 4, providerTaskId: "task-1", submittedAt: dayBefore, errorCode: "500", errorMessage: "The try-on service had an error.", createdAt: dayBefore, reservedAt: dayBefore },
    });
    await db.tryOnRun.update({ where: { id: yesterday }, data: { status: "completed" } });
    await start(productIds.slice(3, 5));
    expect(await reservedToday()).toBe(2);

    expect(await createPipeline(deps).retryRun(TEST_SHOP, yesterday)).toEqual({ requeued: 1, replanning: 0, stillFailing: 0, overDailyLimit: 2, skippedRechecked: 0 });
    const jobs = await db.tryOnJob.findMany({ where: { runId: yesterday }, orderBy: { id: "asc" } });
    expect(jobs.map((j) => [j.state, j.errorCode])).toEqual([
      ["queued", null],
      ["failed", "500"],
      ["failed", "500"],
    ]);
    // The job queued again counts today, although it was created the day before.
    expect(await reservedToday()).toBe(3);
  });

  it("GIVEN refused jobs retried after the image count was raised WHEN the background pass plans them again THEN those that would pass the limit fail with it, and a later retry plans them again", async () => {
    await db.tryOnJob.updateMany({ where: { shop: TEST_SHOP }, data: { state: "cancelled" } });
    await db.shopSettings.update({ where: { shop: TEST_SHOP }, data: { dailyImageCap: 3 } });
    const runId = await start(productIds.slice(5, 7));
    // Refused at submit for their settings (nothing sent, nothing billed): planned again on retry.
    await db.tryOnJob.updateMany({ where: { runId }, data: { state: "failed", attempts: 1, providerTaskId: null, errorCode: "700", errorMessage: "Invalid settings." } });
    await db.shopSettings.update({ where: { shop: TEST_SHOP }, data: { generateCount: 2 } });
    expect(await createPipeline(deps).retryRun(TEST_SHOP, runId)).toEqual({ requeued: 2, replanning: 2, stillFailing: 0, overDailyLimit: 0, skippedRechecked: 0 });
    expect(await reservedToday()).toBe(2);

    await db.tryOnRun.update({ where: { id: runId }, data: { planLeaseOwner: "w#1", planLeaseExpiresAt: new Date(Date.now() + 60_000) } });
    expect(await replanRetriedJobs(deps, TEST_SHOP, runId, "w#1")).toEqual({ requeued: 1, stillFailing: 1 });
    const jobs = await db.tryOnJob.findMany({ where: { runId }, orderBy: { id: "asc" } });
    expect(jobs.map((j) => [j.state, j.imagesExpected, j.errorCode])).toEqual([
      ["queued", 2, null],
      ["failed", 1, "DAILY_CAP"],
    ]);
    // It reads "Failed", so the run page offers the retry its message suggests.
    expect(displayJobState(jobs[1])).toBe("failed");
    expect(jobs[1].errorMessage).toBe("Not sent: it needs 2 try-on images, and 1 of the shop's limit of 3 a day is left today. Raise the limit in Settings, or retry after midnight UTC.");
    // Its stored request (the refused one) is cleared: a later retry can only plan it again.
    expect(jobs[1].requestJson).toBe("{}");
    expect(await reservedToday()).toBe(2);

    // With a higher limit, the next retry plans it again (not re-sent with the request it held).
    await db.shopSettings.update({ where: { shop: TEST_SHOP }, data: { dailyImageCap: 10 } });
    expect(await createPipeline(deps).retryRun(TEST_SHOP, runId)).toEqual({ requeued: 1, replanning: 1, stillFailing: 0, overDailyLimit: 0, skippedRechecked: 0 });
  });

  it("GIVEN three retried jobs, one whose product was deleted WHEN the pass plans them again with 2 images each under a limit of 4 THEN the deleted product's room goes to the others and both are queued", async () => {
    await db.tryOnJob.updateMany({ where: { shop: TEST_SHOP }, data: { state: "cancelled" } });
    await db.shopSettings.update({ where: { shop: TEST_SHOP }, data: { dailyImageCap: 4, generateCount: 1 } });
    const { productIds: three } = await buildTestCollection(stack.admin.store, { good: 3, title: "Room given back" });
    const runId = await start(three);
    await db.tryOnJob.updateMany({ where: { runId }, data: { state: "failed", attempts: 1, providerTaskId: null, errorCode: "700", errorMessage: "Invalid settings." } });
    await db.shopSettings.update({ where: { shop: TEST_SHOP }, data: { generateCount: 2 } });
    expect((await createPipeline(deps).retryRun(TEST_SHOP, runId)).requeued).toBe(3);
    expect(await reservedToday()).toBe(3);
    // The first job (in the pass's order) loses its product.
    const first = (await db.tryOnJob.findFirstOrThrow({ where: { runId }, orderBy: { id: "asc" } })).productId;
    stack.admin.store.products.delete(Number(first.split("/").pop()));

    await db.tryOnRun.update({ where: { id: runId }, data: { planLeaseOwner: "w#2", planLeaseExpiresAt: new Date(Date.now() + 60_000) } });
    expect(await replanRetriedJobs(deps, TEST_SHOP, runId, "w#2")).toEqual({ requeued: 2, stillFailing: 1 });
    expect(await reservedToday()).toBe(4);
  });
});
