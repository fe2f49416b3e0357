import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CatalogUserError } from "../../app/catalog";
import { ACTIVE_STATES } from "../../app/jobs/job-state";
import { createRunner, type Runner } from "../../app/pipeline/runner.server";
import { createPipeline } from "../../app/pipeline/service.server";
import { buildTestCollection, tryOnMediaOf } from "../helpers/pipeline-catalog";
import { FAST_RUNNER, jobStates, pipelinePrisma, seedShop, stackDeps, startStack, TEST_SHOP, waitFor, waitSettled, type Stack } from "../helpers/pipeline-stack";

/**
 * Issue 14.1: a job that failed while attaching already has its (paid) results. Retrying it attaches
 * the stored results again; it must not send the garment to the provider a second time.
 */
const PRODUCTS = 3;
let stack: Stack;
let runner: Runner;
const db = pipelinePrisma();
let refuseAttach = true;
let runId: string;
let productIds: string[];

beforeAll(async () => {
  stack = await startStack({ tryon: { taskMs: 100 } });
  await seedShop(db, stack, { autoApprove: true, generateCount: 2 });
  ({ productIds } = await buildTestCollection(stack.admin.store, { good: PRODUCTS, title: "Retry attach" }));
  const deps = stackDeps(db, stack.env);
  // Shopify refuses the media while `refuseAttach` is set (a CatalogUserError fails the image for good).
  const catalogFor = deps.catalogFor;
  deps.catalogFor = async (shop) => {
    const port = await catalogFor(shop);
    return {
      ...port,
      files: {
        ...port.files,
        attachFiles: async (productId, files) => {
          if (refuseAttach) throw new CatalogUserError("fileUpdate", [{ field: ["files"], message: "Media could not be processed" }]);
          return port.files.attachFiles(productId, files);
        },
      },
    };
  };
  runner = createRunner(deps, FAST_RUNNER);
  deps.notify = runner.wake;
  runner.start();
  const pipeline = createPipeline(deps);
  const scope = { type: "selection" as const, productIds };
  runId = (await pipeline.startRun(TEST_SHOP, scope, {})).runId!;
  await waitSettled(db, runId, { extra: () => runner.stats() });
}, 120_000);

afterAll(async () => {
  await runner?.stop(1000);
  await stack?.close();
  await db.$disconnect();
});

describe("retrying jobs that failed while attaching (issue 14.1)", () => {
  it("GIVEN jobs whose results were generated but could not be attached WHEN the merchant retries THEN the stored results are attached and nothing is submitted again", async () => {
    expect(await jobStates(db, runId)).toEqual({ failed: PRODUCTS });
    const failed = await db.tryOnJob.findMany({ where: { runId } });
    for (const j of failed) expect(j.errorCode, j.productTitle).toBe("ATTACH_FAILED");
    const submitsBefore = stack.tryon.metrics().submits;
    expect(submitsBefore).toBe(PRODUCTS);

    refuseAttach = false;
    const pipeline = createPipeline(stackDeps(db, stack.env));
    const result = await pipeline.retryRun(TEST_SHOP, runId);
    expect(result).toEqual({ requeued: PRODUCTS, replanning: 0, stillFailing: 0, overDailyLimit: 0, skippedRechecked: 0 });
    runner.wake();
    // The runner has nothing left to do for the run (awaiting_review counts: it waits on the merchant).
    await waitFor(async () => (await db.tryOnJob.count({ where: { runId, state: { in: [...ACTIVE_STATES] } } })) === 0, { what: "the retried jobs to be worked" });

    expect(await jobStates(db, runId)).toEqual({ attached: PRODUCTS });
    // The provider saw no second task for any of them (each submit is billed).
    expect(stack.tryon.metrics().submits).toBe(submitsBefore);
    const images = await db.tryOnImage.findMany({ where: { runId } });
    expect(images).toHaveLength(PRODUCTS * 2);
    for (const img of images) expect(img.attachState, img.id).toBe("attached");
    for (const id of productIds) expect(tryOnMediaOf(stack.admin.store, id)).toHaveLength(2);
  });
});
