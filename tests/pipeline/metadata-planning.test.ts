/**
 * Planning reads metadata, never image bytes (issue 12): a 200-product collection is planned without
 * one full-size download (only ≤256 px renditions, once per image); a 4000×5000 photo is sent as
 * Shopify's ≤3000 px rendition and the provider accepts it; a product whose only photo is a lifestyle
 * shot is sent with its flag; a 10,000-product collection is estimated from metadata with its figures
 * marked exact or settled while planning; a background start returns the run id before planning.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PipelineDeps } from "../../app/pipeline/context.server";
import { createPlanner } from "../../app/pipeline/planner.server";
import { createRunner, type Runner } from "../../app/pipeline/runner.server";
import { createPipeline, type Pipeline } from "../../app/pipeline/service.server";
import type { JobSettingsSummary } from "../../app/pipeline/plan-types";
import { generateCollection } from "../../local/admin-api";
import { DEMO_IDS } from "../../local/admin-api/seed";
import { FAST_RUNNER, gidProduct, pipelinePrisma, seedShop, stackDeps, startStack, TEST_SHOP, waitFor, type Stack } from "../helpers/pipeline-stack";

const db = pipelinePrisma();
let stack: Stack;
let pipeline: Pipeline;
let runner: Runner;
let deps: PipelineDeps;

const cdn = async () => (await (await fetch(`${stack.admin.url}/__local/cdn`)).json()) as { originalDownloads: number; renditionDownloads: number };
const resetMetrics = () => fetch(`${stack.admin.url}/__local/metrics/reset`, { method: "POST" });

beforeAll(async () => {
  stack = await startStack({ tryon: { taskMs: 100, submitQps: 50, queryQps: 200 } });
  await seedShop(db, stack, { autoApprove: false, generateCount: 1 });
  deps = stackDeps(db, stack.env);
  pipeline = createPipeline(deps);
  runner = createRunner(deps, FAST_RUNNER);
  deps.notify = runner.wake;
}, 60_000);

afterAll(async () => {
  await runner?.stop();
  await stack?.close();
  await db.$disconnect();
});

describe("planning from metadata", () => {
  it("GIVEN a 200-product collection WHEN it is started in the background and planned THEN not one full-size image was downloaded", async () => {
    const id = await generateCollection(stack.admin.store, { collectionSize: 200, title: "Two hundred" });
    await resetMetrics();
    const started = await pipeline.startRun(TEST_SHOP, { type: "collection", collectionId: `gid://shopify/Collection/${id}` }, {}, { background: true });
    // The start answers with the run id before anything is planned.
    expect(started).toMatchObject({ planning: true, estimate: { products: 0 } });
    // Only the planner runs (no submits: the provider fetching garments is not planning).
    const planner = createPlanner(deps, { shops: [TEST_SHOP] });
    await waitFor(async () => {
      await planner.tick();
      return (await db.tryOnRun.findUnique({ where: { id: started.runId! } }))?.status !== "planning";
    }, { what: "planning to finish", timeoutMs: 150_000 });
    await planner.stop();
    const run = await db.tryOnRun.findUniqueOrThrow({ where: { id: started.runId! } });
    expect(run).toMatchObject({ productsPlanned: 200, status: "running" });
    expect(await db.tryOnJob.count({ where: { runId: run.id } })).toBe(200);
    const stats = await cdn();
    expect(stats.originalDownloads).toBe(0);
    // Each product image's look was judged once, from its small rendition (200 products, one image each).
    expect(stats.renditionDownloads).toBeGreaterThan(0);
    expect(stats.renditionDownloads).toBeLessThanOrEqual(200);
    await db.tryOnJob.updateMany({ where: { runId: run.id }, data: { state: "cancelled" } });
  }, 200_000);

  it("GIVEN a 4000×5000 photo WHEN the product is tried on THEN the provider is sent a ≤3000 px rendition and accepts it", async () => {
    runner.start();
    const r = await pipeline.startRun(TEST_SHOP, { type: "product", productId: gidProduct(DEMO_IDS.products.maxiShirtDress4000x5000) }, {});
    // The provider checks the size when the task is submitted (703 for anything over 3000 px): a task id means it accepted the image.
    const job = await waitFor(() => db.tryOnJob.findFirst({ where: { runId: r.runId!, OR: [{ providerTaskId: { not: null } }, { state: "failed" }] } }), { timeoutMs: 150_000, what: "the provider's answer" });
    await runner.stop();
    expect(job.errorCode).toBeNull();
    expect(job.providerTaskId).not.toBeNull();
    const sent = new URL(job.garmentImageUrl);
    expect(Math.max(Number(sent.searchParams.get("width")), Number(sent.searchParams.get("height")))).toBe(3000);
    expect((JSON.parse(job.settingsJson) as JobSettingsSummary).garment.resized).toBe(true);
  }, 200_000);

  it("GIVEN a product whose only photo is a lifestyle shot WHEN it is started THEN it is queued for the provider, flagged as possibly refused", async () => {
    const r = await pipeline.startRun(TEST_SHOP, { type: "product", productId: gidProduct(DEMO_IDS.products.weekendLifestyleShirt) }, {});
    expect(r.estimate).toMatchObject({ productsToGenerate: 1, mayBeRefused: 1, unjudged: 0 });
    const job = await db.tryOnJob.findFirstOrThrow({ where: { runId: r.runId! } });
    expect(job.state).toBe("queued");
    expect((JSON.parse(job.settingsJson) as JobSettingsSummary).garment).toMatchObject({ mayBeRefused: true });
    expect(await db.tryOnRun.findUniqueOrThrow({ where: { id: r.runId! } })).toMatchObject({ productsFlagged: 1 });
  });

  it("GIVEN a 10,000-product collection WHEN it is estimated THEN every product is counted from metadata and the unjudged looks are named as settled while planning", async () => {
    const id = await generateCollection(stack.admin.store, { collectionSize: 10_000, title: "Ten thousand" });
    await resetMetrics();
    const r = await pipeline.startRun(TEST_SHOP, { type: "collection", collectionId: `gid://shopify/Collection/${id}` }, { viewType: "halfbody" }, { dryRun: true });
    expect(r.runId).toBeNull();
    expect(r.estimate).toMatchObject({ products: 10_000, productsToGenerate: 10_000, imagesToGenerate: 10_000 });
    expect(r.estimate.figures.exact).toContain("imagesToGenerate");
    // Only cached looks are read by an estimate: it downloads nothing (the 10,000 new images count as unjudged).
    const after = await cdn();
    expect(after.originalDownloads + after.renditionDownloads).toBe(0);
    expect(r.estimate.unjudged).toBe(10_000);
    expect(r.estimate.figures.settledWhilePlanning).toEqual(["mayBeRefused"]);
  }, 300_000);
});
