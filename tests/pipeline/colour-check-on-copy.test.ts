import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TryOnImage, TryOnJob } from "@prisma/client";
import { createRunner, type Runner } from "../../app/pipeline/runner.server";
import { createPipeline } from "../../app/pipeline/service.server";
import { buildTestCollection } from "../helpers/pipeline-catalog";
import { FAST_RUNNER, pipelinePrisma, seedShop, stackDeps, startStack, TEST_SHOP, waitFor, type Stack } from "../helpers/pipeline-stack";

/**
 * The colour check of a shop that reviews its results (no auto-approve) runs on the bytes the Files
 * copier downloads anyway: storing a finished task's results downloads nothing, each result is
 * downloaded from the provider once, and by the time Review can show a result (its copy is ready) its
 * verdict is stored — "differs" with both colours for the recoloured product, "ok" for the others.
 */
const GOOD = 2;
const PER_PRODUCT = 2;
let stack: Stack;
let runner: Runner;
let jobs: Array<TryOnJob & { images: TryOnImage[] }>;
const db = pipelinePrisma();

beforeAll(async () => {
  stack = await startStack();
  await seedShop(db, stack, { autoApprove: false, generateCount: PER_PRODUCT });
  const { collectionId } = await buildTestCollection(stack.admin.store, { good: GOOD, faults: ["fault-recolor"], title: "Colour check on copy" });
  const deps = stackDeps(db, stack.env);
  runner = createRunner(deps, FAST_RUNNER);
  deps.notify = runner.wake;
  runner.start();
  const { runId } = await createPipeline(deps).startRun(TEST_SHOP, { type: "collection", collectionId }, {});
  jobs = await waitFor(
    async () => {
      const all = await db.tryOnJob.findMany({ where: { runId: runId! }, include: { images: true } });
      const settled = all.length === GOOD + 1 && all.every((j) => j.state === "awaiting_review" && j.images.length === PER_PRODUCT && j.images.every((i) => i.copyState === "copied"));
      return settled ? all : null;
    },
    { timeoutMs: 120_000, what: "every result stored and copied into Files" },
  );
}, 300_000);

afterAll(async () => {
  await runner?.stop();
  await stack?.close();
  await db.$disconnect();
});

const recoloured = () => jobs.find((j) => j.productTitle === "Fault Tee fault-recolor")!;

describe("colour check with the Files copy (shop reviews its results)", () => {
  it("GIVEN a shop that reviews WHEN its results are stored and copied THEN each result was downloaded from the provider once, not once for the check and again for the copy", () => {
    const images = jobs.reduce((n, j) => n + j.images.length, 0);
    expect(images).toBe((GOOD + 1) * PER_PRODUCT);
    expect(stack.tryon.metrics().resultImagesServed).toBe(images);
  });

  it("GIVEN results showing the garment recoloured WHEN copied THEN each is marked 'differs' with both colours and waits for review", () => {
    for (const img of recoloured().images) {
      expect(img).toMatchObject({ colourCheck: "differs", review: "pending" });
      expect(img.colourDeltaE!).toBeGreaterThan(9);
      expect(img.sourceColour).toMatch(/^#[0-9a-f]{6}$/);
      expect(img.resultColour).toMatch(/^#[0-9a-f]{6}$/);
    }
  });

  it("GIVEN faithful results WHEN copied THEN they pass the check; nothing is left 'pending'", () => {
    for (const job of jobs.filter((j) => j !== recoloured())) {
      for (const img of job.images) expect(img.colourCheck, job.productTitle).toBe("ok");
    }
    expect(jobs.flatMap((j) => j.images).filter((i) => i.colourCheck === "pending")).toEqual([]);
  });
});
