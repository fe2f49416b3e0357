import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TryOnJob } from "@prisma/client";
import { createRunner, type Runner } from "../../app/pipeline/runner.server";
import { createPipeline, type Pipeline } from "../../app/pipeline/service.server";
import type { JobSettingsSummary } from "../../app/pipeline/plan-types";
import { BAD_DEMO_PRODUCTS, buildTestCollection, DEMO_EDGE_PRODUCTS, FLAGGED_DEMO_PRODUCTS, RESIZED_DEMO_PRODUCT, tryOnMediaOf, type TestCollection } from "../helpers/pipeline-catalog";
import { FAST_RUNNER, pipelinePrisma, waitFor, waitSettled, seedShop, stackDeps, startStack, TEST_SHOP, type Stack } from "../helpers/pipeline-stack";

let stack: Stack;
let pipeline: Pipeline;
let runner: Runner;
let collection: TestCollection;
let runId: string;
let jobs: TryOnJob[];
const db = pipelinePrisma();

beforeAll(async () => {
  stack = await startStack({ tryon: { taskMs: 150, submitQps: 50, queryQps: 200 } });
  await seedShop(db, stack, { autoApprove: true, generateCount: 1 });
  collection = await buildTestCollection(stack.admin.store, { good: 95, demo: DEMO_EDGE_PRODUCTS, title: "Hundred" });
  await db.collectionSettings.create({ data: { shop: TEST_SHOP, collectionId: collection.collectionId, collectionTitle: "Hundred", viewType: "halfbody" } });
  const deps = stackDeps(db, stack.env);
  pipeline = createPipeline(deps);
  runner = createRunner(deps, FAST_RUNNER);
  deps.notify = runner.wake;
  runner.start();

  const started = await pipeline.startRun(TEST_SHOP, { type: "collection", collectionId: collection.collectionId }, {});
  runId = started.runId!;
  await waitSettled(db, runId, { timeoutMs: 120_000 });
  // Single-photo looks are judged after their batch is written, behind the run (planner.server.ts): on
  // a loaded machine every job can be attached before the last of them is judged and marked.
  await waitFor(
    async () => {
      const run = await db.tryOnRun.findUniqueOrThrow({ where: { id: runId } });
      if (run.productsFlagged < FLAGGED_DEMO_PRODUCTS.length) return null;
      const { estimate } = await pipeline.startRun(TEST_SHOP, { type: "collection", collectionId: collection.collectionId }, {}, { dryRun: true, force: true });
      return estimate.unjudged === 0 || null;
    },
    { timeoutMs: 60_000, what: "every single photo's look to be judged" },
  );
  jobs = await db.tryOnJob.findMany({ where: { runId } });
}, 240_000);

afterAll(async () => {
  await runner?.stop();
  await stack?.close();
  await db.$disconnect();
});

describe("a 100-product collection run over real HTTP", () => {
  it("GIVEN 95 good products, 2 unusable, 2 unlike a flat lay and 1 over 3000 px WHEN the run settles THEN only the unusable ones failed", () => {
    expect(jobs).toHaveLength(100);
    const states = jobs.map((j) => j.state);
    expect(states.filter((s) => s === "attached")).toHaveLength(98);
    expect(states.filter((s) => s === "failed")).toHaveLength(2);
  });

  it("GIVEN products whose only photo is not a flat lay WHEN planned THEN they are sent with their best image, flagged as possibly refused", async () => {
    for (const f of FLAGGED_DEMO_PRODUCTS) {
      const job = jobs.find((j) => j.productId === `gid://shopify/Product/${f.id}`)!;
      expect(job.state, f.title).toBe("attached");
      const summary = JSON.parse(job.settingsJson) as JobSettingsSummary;
      expect(summary.garment.mayBeRefused, f.title).toBe(true);
      expect(summary.garment.reason, f.title).toMatch(f.reason);
    }
    const run = await db.tryOnRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run.productsFlagged).toBe(FLAGGED_DEMO_PRODUCTS.length);
  });

  it("GIVEN a 3200×3200 photo WHEN planned THEN the provider was sent Shopify's ≤3000 px rendition and accepted it", () => {
    const job = jobs.find((j) => j.productId === `gid://shopify/Product/${RESIZED_DEMO_PRODUCT.id}`)!;
    expect(job.state).toBe("attached");
    const sent = new URL(job.garmentImageUrl);
    const side = Math.max(Number(sent.searchParams.get("width")), Number(sent.searchParams.get("height")));
    expect(side).toBeGreaterThan(500);
    expect(side).toBeLessThanOrEqual(3000);
    expect((JSON.parse(job.settingsJson) as JobSettingsSummary).garment.resized).toBe(true);
  });

  it("GIVEN the demo's unusable products WHEN they fail THEN each carries its app code (preflight.*) and a message saying nothing was spent, and nothing was sent for them", () => {
    for (const bad of BAD_DEMO_PRODUCTS) {
      const job = jobs.find((j) => j.productId === `gid://shopify/Product/${bad.id}`)!;
      expect(job, bad.title).toBeDefined();
      expect(job.state).toBe("failed");
      expect(job.errorCode, bad.title).toBe(bad.code);
      expect(job.errorMessage, bad.title).toMatch(bad.message);
      expect(job.attempts).toBe(0);
      expect(job.providerTaskId).toBeNull();
    }
    // Every sendable product reached the provider, each exactly once.
    expect(stack.tryon.metrics().submits).toBe(98);
    // The first poll waits about as long as tasks take: few result queries per finished task.
    const queries = Object.values(stack.tryon.metrics().requests["/ai/virtual/tryon-results"] ?? {}).reduce((a, b) => a + b, 0);
    expect(queries / 98).toBeLessThanOrEqual(3);
  });

  it("GIVEN attached jobs WHEN the product's media are listed THEN each product has exactly one try-on image, with the alt text format and its media id stored", async () => {
    const images = await db.tryOnImage.findMany({ where: { runId } });
    expect(images).toHaveLength(98);
    for (const img of images) {
      expect(img.attachState).toBe("attached");
      const media = tryOnMediaOf(stack.admin.store, img.productId);
      expect(media).toHaveLength(1);
      expect(img.mediaId).toBe(`gid://shopify/MediaImage/${media[0].id}`);
      const job = jobs.find((j) => j.id === img.jobId)!;
      // Shopper alt text: no codes, no refs (issue 17.6); the AI disclosure ends it (issue 15.4).
      expect(media[0].alt).toBe(`Model wearing the ${job.productTitle}, upper-body view. AI-generated try-on image.`);
    }
  });

  it("GIVEN collection settings WHEN the run planned its jobs THEN the requests use them and each job records where every field came from", () => {
    const job = jobs.find((j) => j.state === "attached")!;
    expect(JSON.parse(job.requestJson)).toMatchObject({ viewType: "halfbody", generateCount: 1 });
    const summary = JSON.parse(job.settingsJson) as JobSettingsSummary;
    expect(summary.fields.find((f) => f.field === "viewType")).toMatchObject({ value: "halfbody", source: { level: "collection", id: collection.collectionId, title: "Hundred", rule: "run-collection" } });
    expect(summary.fields.find((f) => f.field === "generateCount")).toMatchObject({ value: 1, source: { level: "shop" } });
    expect(summary.fields.find((f) => f.field === "garmentType")?.source.level).toBe("catalog");
  });

  it("GIVEN the finished run WHEN progress is read THEN the counters match the jobs and images", async () => {
    const p = (await pipeline.getRunProgress(TEST_SHOP, runId))!;
    expect(p.jobs.attached).toBe(98);
    expect(p.jobs.failed).toBe(2);
    expect(p.jobsTotal).toBe(100);
    expect(p.jobsDone).toBe(100);
    expect(p.images).toEqual({ expected: 98, generated: 98, attached: 98 });
    expect(p.status).toBe("completed");
    expect(await pipeline.getRunProgress("other-shop.myshopify.com", runId)).toBeNull();
  });

  it("GIVEN everything was generated WHEN the same collection is started again THEN the dry run skips every good product as a duplicate unless forced", async () => {
    const again = await pipeline.startRun(TEST_SHOP, { type: "collection", collectionId: collection.collectionId }, {}, { dryRun: true });
    expect(again.runId).toBeNull();
    expect(again.estimate.products).toBe(100);
    expect(again.estimate.productsToGenerate).toBe(0);
    expect(again.estimate.imagesToGenerate).toBe(0);
    expect(again.estimate.skippedCounts).toMatchObject({ duplicate: 98, unusable: 2 });
    expect(again.estimate.figures.settledWhilePlanning).toEqual([]);
    expect(again.estimate.skipped.find((s) => s.kind === "duplicate")?.reason).toMatch(/already added to the product/);

    const forced = await pipeline.startRun(TEST_SHOP, { type: "collection", collectionId: collection.collectionId }, {}, { dryRun: true, force: true });
    expect(forced.estimate.productsToGenerate).toBe(98);
    expect(forced.estimate.imagesToGenerate).toBe(98);
    // The looks were judged while the run planned: the estimate reads them from the cache.
    expect(forced.estimate).toMatchObject({ mayBeRefused: 2, unjudged: 0 });
    // Other settings are a different request: not a duplicate.
    const other = await pipeline.startRun(TEST_SHOP, { type: "collection", collectionId: collection.collectionId }, { viewType: "mixed" }, { dryRun: true });
    expect(other.estimate.productsToGenerate).toBe(98);
    expect(await db.tryOnRun.count()).toBe(1);
  });

  it("GIVEN a daily cap WHEN a run would exceed it THEN the products beyond it are skipped with a clear message", async () => {
    await db.shopSettings.update({ where: { shop: TEST_SHOP }, data: { dailyImageCap: 100 } });
    const r = await pipeline.startRun(TEST_SHOP, { type: "collection", collectionId: collection.collectionId }, { viewType: "fullbody" }, { dryRun: true });
    expect(r.estimate.dailyCap).toEqual({ cap: 100, usedToday: 98, remaining: 2 });
    expect(r.estimate.productsToGenerate).toBe(2);
    expect(r.estimate.skippedCounts.daily_cap).toBe(96);
    expect(r.estimate.skipped.find((s) => s.kind === "daily_cap")?.reason).toMatch(/limit of 100 try-on images a day is reached \(100 used or queued today, this run included\)/);
    await db.shopSettings.update({ where: { shop: TEST_SHOP }, data: { dailyImageCap: null } });
  });

  it("GIVEN bad input WHEN a run is started THEN it is refused naming the fields", async () => {
    await expect(pipeline.startRun(TEST_SHOP, { type: "collection", collectionId: "42" }, { generateCount: 12 })).rejects.toThrow(/scope.collectionId: must be a collection id.*overrides.generateCount: must be at most 8/);
  });
});
