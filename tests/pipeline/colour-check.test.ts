import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TryOnImage, TryOnJob } from "@prisma/client";
import { createRunner, type Runner } from "../../app/pipeline/runner.server";
import { createPipeline } from "../../app/pipeline/service.server";
import { buildTestCollection, tryOnMediaOf } from "../helpers/pipeline-catalog";
import { FAST_RUNNER, pipelinePrisma, seedShop, stackDeps, startStack, TEST_SHOP, waitFor, type Stack } from "../helpers/pipeline-stack";
import { appRequestHandler } from "../helpers/remix-app";
import { adminFetchRequest } from "../helpers/shopify-requests";

/**
 * The colour-fidelity check (issue 15.3) end to end: a shop that approves automatically runs a
 * collection in which one product's garment URL carries the local try-on service's `fault=recolor`
 * marker (its results show the garment in another colour). Those results must be marked "colour may
 * differ", wait for review with both swatches on the Review page, and never reach the product; the
 * faithful products' results pass the check and are attached as the shop asked.
 */
const GOOD = 3;
let stack: Stack;
let runner: Runner;
let jobs: Array<TryOnJob & { images: TryOnImage[] }>;
let handle: (request: Request) => Promise<Response>;
const db = pipelinePrisma();

beforeAll(async () => {
  // The app's real Remix build (made once, reused while app/ is unchanged).
  handle = await appRequestHandler();
  stack = await startStack();
  await seedShop(db, stack, { autoApprove: true, generateCount: 2 });
  const { collectionId } = await buildTestCollection(stack.admin.store, { good: GOOD, faults: ["fault-recolor"], title: "Colour check" });
  const deps = stackDeps(db, stack.env);
  runner = createRunner(deps, FAST_RUNNER);
  deps.notify = runner.wake;
  runner.start();
  const { runId } = await createPipeline(deps).startRun(TEST_SHOP, { type: "collection", collectionId }, {});
  // Settled for this test: the faithful jobs attached, the recoloured one waiting for review.
  jobs = await waitFor(
    async () => {
      const all = await db.tryOnJob.findMany({ where: { runId: runId! }, include: { images: true } });
      return all.length === GOOD + 1 && all.every((j) => ["attached", "awaiting_review", "failed"].includes(j.state)) ? all : null;
    },
    { timeoutMs: 120_000, what: "the run's jobs to settle" },
  );
}, 300_000);

afterAll(async () => {
  await runner?.stop();
  await stack?.close();
  await db.$disconnect();
});

const recoloured = () => jobs.find((j) => j.productTitle === "Fault Tee fault-recolor")!;
const faithful = () => jobs.filter((j) => j.productTitle !== "Fault Tee fault-recolor");

describe("colour fidelity check", () => {
  it("GIVEN results showing the garment recoloured WHEN stored THEN each is marked 'differs' with both colours, and waits for review although the shop auto-approves", () => {
    const job = recoloured();
    expect(job.state).toBe("awaiting_review");
    expect(job.images).toHaveLength(2);
    for (const img of job.images) {
      expect(img).toMatchObject({ colourCheck: "differs", review: "pending", attachState: "stored" });
      expect(img.colourDeltaE!).toBeGreaterThan(9);
      expect(img.sourceColour).toMatch(/^#[0-9a-f]{6}$/);
      expect(img.resultColour).toMatch(/^#[0-9a-f]{6}$/);
      expect(img.resultColour).not.toBe(img.sourceColour);
    }
    expect(tryOnMediaOf(stack.admin.store, job.productId)).toEqual([]);
  });

  it("GIVEN faithful results WHEN stored THEN they pass the check and are attached as the shop auto-approves", () => {
    for (const job of faithful()) {
      expect(job.state, job.productTitle).toBe("attached");
      for (const img of job.images) {
        expect(img.colourCheck, job.productTitle).toBe("ok");
        expect(img.colourDeltaE!).toBeLessThanOrEqual(9);
      }
      expect(tryOnMediaOf(stack.admin.store, job.productId)).toHaveLength(2);
    }
  });

  it("GIVEN the flagged results WHEN the merchant opens Review THEN they are listed with the verdict and the two swatches", async () => {
    const res = await handle(await adminFetchRequest("/app/review?_data=routes%2Fapp.review", TEST_SHOP));
    expect(res.status).toBe(200);
    const page = (await res.json()) as { groups: Array<{ productTitle: string; images: Array<{ id: string; colourCheck: string; sourceColour: string; resultColour: string }> }> };
    const group = page.groups.find((g) => g.productTitle === "Fault Tee fault-recolor");
    expect(group?.images.map((i) => i.id).sort()).toEqual(recoloured().images.map((i) => i.id).sort());
    for (const img of group!.images) {
      const stored = recoloured().images.find((i) => i.id === img.id)!;
      expect(img).toMatchObject({ colourCheck: "differs", sourceColour: stored.sourceColour, resultColour: stored.resultColour });
    }
    // Nothing faithful waits there: it was approved automatically.
    expect(page.groups.filter((g) => g.productTitle !== "Fault Tee fault-recolor")).toEqual([]);
  });
});
