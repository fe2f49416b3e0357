import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTIVE_STATES } from "../../app/jobs/job-state";
import { createRunner, type Runner } from "../../app/pipeline/runner.server";
import { createPipeline, type Pipeline } from "../../app/pipeline/service.server";
import { buildTestCollection, tryOnMediaOf } from "../helpers/pipeline-catalog";
import { FAST_RUNNER, pipelinePrisma, seedShop, stackDeps, startStack, TEST_SHOP, waitFor, type Stack } from "../helpers/pipeline-stack";

/**
 * Issue 14.10: a merchant reviews a job's two results one by one. The first approval sends the job to
 * `attaching`; the second lands while the runner is still attaching the first — after it counted the
 * images, before it moved the job on. That approval must be attached, not left stranded on a job back
 * in `awaiting_review` with nothing left to review.
 */
let stack: Stack;
let runner: Runner;
let pipeline: Pipeline;
const db = pipelinePrisma();
let productId: string;
let runId: string;
/** Set to approve this image at the moment the attach pass has counted the images. */
let approveDuringAttach: string | null = null;
let approvedDuringAttach = false;

beforeAll(async () => {
  stack = await startStack({ tryon: { taskMs: 100 } });
  await seedShop(db, stack, { autoApprove: false, generateCount: 2 });
  ({ productIds: [productId] } = await buildTestCollection(stack.admin.store, { good: 1, title: "Approve while attaching" }));
  const deps = stackDeps(db, stack.env, {
    hooks: {
      beforeAttachSettle: async () => {
        if (!approveDuringAttach) return;
        const imageId = approveDuringAttach;
        approveDuringAttach = null;
        const result = await pipeline.approve(TEST_SHOP, { imageIds: [imageId] });
        approvedDuringAttach = result.images === 1;
      },
    },
  });
  runner = createRunner(deps, FAST_RUNNER);
  deps.notify = runner.wake;
  pipeline = createPipeline(deps);
  runner.start();
  runId = (await pipeline.startRun(TEST_SHOP, { type: "product", productId }, {})).runId!;
  await waitFor(async () => (await db.tryOnJob.findFirst({ where: { runId } }))?.state === "awaiting_review", { what: "the results to wait for review" });
}, 120_000);

afterAll(async () => {
  await runner?.stop(1000);
  await stack?.close();
  await db.$disconnect();
});

describe("an approval landing while its job is attaching (issue 14.10)", () => {
  it("GIVEN two results WHEN the second is approved while the first is being attached THEN both end up on the product", async () => {
    const [first, second] = await db.tryOnImage.findMany({ where: { runId }, orderBy: { position: "asc" } });
    expect(second).toBeDefined();
    approveDuringAttach = second.id;
    expect(await pipeline.approve(TEST_SHOP, { imageIds: [first.id] })).toEqual({ images: 1, jobsToAttach: 1 });

    // The job reaches `attached`, or stops short of it: back in review (the bug) with no work left.
    await waitFor(async () => approvedDuringAttach && (await db.tryOnJob.findFirst({ where: { runId } }))?.state === "attached", {
      timeoutMs: 30_000,
      what: "the job to be attached",
    }).catch(() => undefined);

    expect(approvedDuringAttach).toBe(true);
    const job = await db.tryOnJob.findFirstOrThrow({ where: { runId } });
    expect(job.state).toBe("attached");
    expect(await db.tryOnJob.count({ where: { runId, state: { in: [...ACTIVE_STATES] } } })).toBe(0);
    const images = await db.tryOnImage.findMany({ where: { runId }, orderBy: { position: "asc" } });
    expect(images.map((i) => [i.review, i.attachState])).toEqual([
      ["approved", "attached"],
      ["approved", "attached"],
    ]);
    expect(tryOnMediaOf(stack.admin.store, productId)).toHaveLength(2);
    // Nothing is left in the review queue for this run.
    expect(await db.tryOnImage.count({ where: { runId, review: "pending" } })).toBe(0);
  });
});
