import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobSettingsSummary } from "../../app/pipeline/plan-types";
import { createPipeline } from "../../app/pipeline/service.server";
import { buildTestCollection, FLAGGED_DEMO_PRODUCTS } from "../helpers/pipeline-catalog";
import { pipelinePrisma, seedShop, stackDeps, startStack, TEST_SHOP, waitFor, type Stack } from "../helpers/pipeline-stack";

/**
 * A flat-lay look only ranks a product's photos (issue 12.2). A product with one photo that could be
 * sent has nothing to rank, so its look never holds its job back: the batch is written first and the
 * photo judged afterwards. What the look decides — the "may be refused as not a flat lay" mark on the
 * job and the run's count — follows once it is judged.
 *
 * The ≤256 px renditions are held back here until planning has returned: if planning waited for any
 * of them, the start would never return.
 */
const GOOD = 6;
const lifestyle = FLAGGED_DEMO_PRODUCTS[0];
let stack: Stack;
const db = pipelinePrisma();
let release: () => void = () => undefined;
let renditionsAsked = 0;

beforeAll(async () => {
  stack = await startStack();
  await seedShop(db, stack, { autoApprove: false, generateCount: 1 });
}, 60_000);

afterAll(async () => {
  release();
  await stack?.close();
  await db.$disconnect();
});

describe("single-photo products: judged after their jobs are written", () => {
  it("GIVEN a collection of single-photo products, one a lifestyle shot, WHEN it is started THEN every job is written before any photo is judged, and the lifestyle product is then marked 'may be refused' on its job and in the run's count", async () => {
    const { collectionId, productIds } = await buildTestCollection(stack.admin.store, { good: GOOD, demo: [lifestyle.id], title: "Single photos" });
    const held = new Promise<void>((resolve) => (release = resolve));
    const deps = stackDeps(db, stack.env);
    deps.garmentOptions = {
      fetch: async (input, init) => {
        renditionsAsked++;
        await held;
        return fetch(input, init);
      },
    };

    const started = await createPipeline(deps).startRun(TEST_SHOP, { type: "collection", collectionId }, {});
    const runId = started.runId!;
    expect(await db.tryOnJob.count({ where: { runId } })).toBe(productIds.length);
    expect(started.estimate).toMatchObject({ productsToGenerate: productIds.length, mayBeRefused: 0, unjudged: productIds.length });
    expect(started.estimate.figures.settledWhilePlanning).toEqual(["mayBeRefused"]);
    expect((await db.tryOnRun.findUniqueOrThrow({ where: { id: runId } })).productsFlagged).toBe(0);

    release();
    const run = await waitFor(async () => {
      const r = await db.tryOnRun.findUniqueOrThrow({ where: { id: runId } });
      return r.productsFlagged === 1 ? r : null;
    }, { what: "the lifestyle product to be marked", timeoutMs: 30_000 });
    expect(run.productsFlagged).toBe(1);
    expect(renditionsAsked).toBe(productIds.length);
    expect(await db.garmentVerdict.count({ where: { shop: TEST_SHOP } })).toBe(productIds.length);

    const jobs = await db.tryOnJob.findMany({ where: { runId } });
    const marked = jobs.filter((j) => (JSON.parse(j.settingsJson) as JobSettingsSummary).garment.mayBeRefused);
    expect(marked.map((j) => j.productTitle)).toEqual([lifestyle.title]);
    const summary = JSON.parse(marked[0].settingsJson) as JobSettingsSummary;
    expect(summary.garment).toMatchObject({ mayBeRefused: true, unjudged: false });
    expect(summary.garment.reason).toMatch(lifestyle.reason);
  });
});
