import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRunner, type Runner } from "../../app/pipeline/runner.server";
import { createPipeline, type Pipeline } from "../../app/pipeline/service.server";
import { buildTestCollection, tryOnMediaOf } from "../helpers/pipeline-catalog";
import { FAST_RUNNER, gidProduct, jobStates, pipelinePrisma, waitSettled, seedShop, stackDeps, startStack, TEST_SHOP, waitFor, type Stack } from "../helpers/pipeline-stack";

let stack: Stack;
let pipeline: Pipeline;
let runner: Runner;
let deps: ReturnType<typeof stackDeps>;
const db = pipelinePrisma();
const products = [gidProduct(1013), gidProduct(1016), gidProduct(1018)];
let runId: string;

const waitStates = (id: string, want: Record<string, number>) =>
  waitFor(
    async () => {
      const s = await jobStates(db, id);
      return Object.entries(want).every(([k, v]) => (s[k] ?? 0) === v) ? s : null;
    },
    { timeoutMs: 60_000, what: `jobs in ${JSON.stringify(want)}` },
  );

beforeAll(async () => {
  stack = await startStack();
  await seedShop(db, stack, { autoApprove: false, generateCount: 2 });
  deps = stackDeps(db, stack.env);
  pipeline = createPipeline(deps);
  runner = createRunner(deps, FAST_RUNNER);
  deps.notify = runner.wake;
  runner.start();
  runId = (await pipeline.startRun(TEST_SHOP, { type: "selection", productIds: products }, { viewType: "mixed" })).runId!;
  await waitStates(runId, { awaiting_review: 3 });
}, 120_000);

afterAll(async () => {
  await runner?.stop();
  await stack?.close();
  await db.$disconnect();
});

describe("review and attach", () => {
  it("GIVEN a shop that reviews results WHEN the tasks finish THEN the images wait for review and nothing is attached", async () => {
    const images = await db.tryOnImage.findMany({ where: { runId } });
    expect(images).toHaveLength(6);
    expect(images.every((i) => i.review === "pending" && i.attachState === "stored")).toBe(true);
    for (const p of products) expect(tryOnMediaOf(stack.admin.store, p)).toHaveLength(0);
    const page = await pipeline.listReviewImages(TEST_SHOP, { runId, take: 4 });
    expect(page.items).toHaveLength(4);
    expect(page.nextCursor).not.toBeNull();
    const rest = await pipeline.listReviewImages(TEST_SHOP, { runId, take: 4, cursor: page.nextCursor });
    expect(rest.items).toHaveLength(2);
    expect(rest.nextCursor).toBeNull();
    expect(new Set([...page.items, ...rest.items].map((i) => i.id)).size).toBe(6);
  });

  it("GIVEN one product's two images WHEN one is approved and the other rejected THEN only the approved one is attached", async () => {
    const job = (await db.tryOnJob.findFirst({ where: { runId, productId: products[0] } }))!;
    const [a, b] = await db.tryOnImage.findMany({ where: { jobId: job.id }, orderBy: { position: "asc" } });
    expect(await pipeline.approve(TEST_SHOP, { imageIds: [a.id] })).toEqual({ images: 1, jobsToAttach: 1 });
    await waitFor(async () => (await db.tryOnImage.findUnique({ where: { id: a.id } }))?.attachState === "attached", { what: "the approved image to attach" });
    // The job returns to review once its attach step has recounted; wait for that, not a fixed time.
    await waitFor(async () => (await db.tryOnJob.findUnique({ where: { id: job.id } }))?.state !== "attaching", { what: "the attach step to finish" });
    expect((await db.tryOnJob.findUnique({ where: { id: job.id } }))?.state).toBe("awaiting_review");
    await pipeline.reject(TEST_SHOP, { imageIds: [b.id] });
    const after = (await db.tryOnJob.findUnique({ where: { id: job.id } }))!;
    expect(after.state).toBe("attached");
    expect(after.imagesAttached).toBe(1);
    const media = tryOnMediaOf(stack.admin.store, products[0]);
    expect(media).toHaveLength(1);
    expect(media[0].alt).toBe("Model wearing the Classic Crew T-Shirt – Navy. AI-generated try-on image.");
  });

  it("GIVEN the rest of the run WHEN approved in bulk THEN every job ends attached and progress counts the images", async () => {
    await pipeline.approve(TEST_SHOP, { runId });
    await waitSettled(db, runId);
    const p = (await pipeline.getRunProgress(TEST_SHOP, runId))!;
    expect(p.jobs.attached).toBe(3);
    expect(p.images).toEqual({ expected: 6, generated: 6, attached: 5 });
    expect(tryOnMediaOf(stack.admin.store, products[1])).toHaveLength(2);
  });

  it("GIVEN attached images WHEN one image, then a product, then the run are undone THEN their media leave the products and the jobs end removed", async () => {
    const img = (await db.tryOnImage.findFirst({ where: { runId, productId: products[1], attachState: "attached" } }))!;
    expect(await pipeline.undoImages(TEST_SHOP, [img.id])).toEqual({ removed: 1, alreadyGone: 0, failed: [] });
    expect(tryOnMediaOf(stack.admin.store, products[1])).toHaveLength(1);
    expect((await db.tryOnJob.findUnique({ where: { id: img.jobId } }))?.state).toBe("attached");

    expect((await pipeline.undoProduct(TEST_SHOP, products[1])).removed).toBe(1);
    expect(tryOnMediaOf(stack.admin.store, products[1])).toHaveLength(0);
    expect((await db.tryOnJob.findUnique({ where: { id: img.jobId } }))?.state).toBe("removed");

    // The merchant deleted one medium in Shopify already: undo records it as gone.
    const other = (await db.tryOnImage.findFirst({ where: { runId, productId: products[2], attachState: "attached" } }))!;
    stack.admin.store.deleteMedia(Number(other.mediaId!.split("/").pop()));
    const r = await pipeline.undoRun(TEST_SHOP, runId);
    expect(r.removed + r.alreadyGone).toBe(3);
    expect(r.failed).toEqual([]);
    for (const p of products) expect(tryOnMediaOf(stack.admin.store, p)).toHaveLength(0);
    expect(await jobStates(db, runId)).toEqual({ removed: 3 });
    expect((await pipeline.getRunProgress(TEST_SHOP, runId))?.images.attached).toBe(0);
  });
});

describe("cancel and retry", () => {
  it("GIVEN a run not yet sent WHEN it is cancelled THEN its jobs are cancelled and never submitted", async () => {
    await runner.stop();
    const before = stack.tryon.metrics().submits;
    const { runId: id } = await pipeline.startRun(TEST_SHOP, { type: "selection", productIds: [gidProduct(1019), gidProduct(1020)] }, {});
    expect(await pipeline.cancelRun(TEST_SHOP, id!)).toBe(2);
    // One full scheduling pass (planner, attach, route, poll, submit) of a runner: it claims nothing —
    // an observable pass instead of sleeping and hoping the runner ticked.
    const probe = createRunner(deps, FAST_RUNNER);
    expect(await probe.tick()).toBe(0);
    expect(probe.stats().claimed).toEqual({ attach: 0, route: 0, poll: 0, submit: 0 });
    runner.start();
    expect(await jobStates(db, id!)).toEqual({ cancelled: 2 });
    expect(stack.tryon.metrics().submits).toBe(before);
    expect((await pipeline.getRunProgress(TEST_SHOP, id!))?.status).toBe("cancelled");
  });

  it("GIVEN failed jobs WHEN the run is retried THEN provider failures are sent again and a fixed product image is planned again", async () => {
    await db.shopSettings.update({ where: { shop: TEST_SHOP }, data: { autoApprove: true } });
    const { collectionId } = await buildTestCollection(stack.admin.store, { good: 0, demo: [1024], faults: ["fault-500x4"], title: "Retry" });
    const { runId: id } = await pipeline.startRun(TEST_SHOP, { type: "collection", collectionId }, {});
    await waitSettled(db, id!);
    const failed = await db.tryOnJob.findMany({ where: { runId: id!, state: "failed" }, orderBy: { productTitle: "asc" } });
    expect(failed.map((j) => [j.productTitle, j.errorCode, j.attempts])).toEqual([
      ["Fault Tee fault-500x4", "500", 4],
      ["Mini Logo Tee", "preflight.too_small", 0],
    ]);

    // The merchant adds a good photo to the 400×400 product.
    const store = stack.admin.store;
    const good = store.media.get(store.products.get(1013)!.mediaIds[0])!;
    const m = store.addMedia({ blob: good.blob, filename: "mini-logo-flat.jpg", mimeType: good.mimeType, width: good.width, height: good.height, alt: "Mini Logo Tee flat lay" });
    store.products.get(1024)!.mediaIds.push(m.id);

    // Both are planned again: neither was ever accepted by the provider (the 500s came at submit).
    expect(await pipeline.retryRun(TEST_SHOP, id!)).toEqual({ requeued: 2, replanning: 2, stillFailing: 0, overDailyLimit: 0, skippedRechecked: 1 });
    await waitSettled(db, id!);
    expect(await jobStates(db, id!)).toEqual({ attached: 2 });
  });
});
