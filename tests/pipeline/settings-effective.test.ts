import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlanner } from "../../app/pipeline/planner.server";
import { createPipeline, type Pipeline } from "../../app/pipeline/service.server";
import { gidCollection, gidProduct, pipelinePrisma, seedShop, stackDeps, startStack, TEST_SHOP, waitFor, type Stack } from "../helpers/pipeline-stack";

/** The multi-collection rule end to end: the product's collections come from the Admin API. */
let stack: Stack;
let pipeline: Pipeline;
let deps: ReturnType<typeof stackDeps>;
const db = pipelinePrisma();
const floralWrapDress = gidProduct(1002); // in Summer Dresses (501) and New Arrivals (504)

beforeAll(async () => {
  stack = await startStack();
  await seedShop(db, stack, { generateCount: 2 });
  deps = stackDeps(db, stack.env);
  pipeline = createPipeline(deps);
  await pipeline.saveCollectionSettings(TEST_SHOP, gidCollection(501), { viewType: "halfbody", modelBody: "curvy" }, "Summer Dresses");
  await new Promise((r) => setTimeout(r, 20));
  await pipeline.saveCollectionSettings(TEST_SHOP, gidCollection(504), { viewType: "mixed" }, "New Arrivals");
  await pipeline.saveCollectionSettings(TEST_SHOP, gidCollection(503), { viewType: "fullbody" }, "Outerwear");
}, 60_000);
afterAll(async () => {
  await stack?.close();
  await db.$disconnect();
});

describe("effective settings of a product in several collections", () => {
  it("GIVEN no run collection WHEN resolved THEN the product's most recently updated collection applies, and the other is shown as ignored", async () => {
    const e = (await pipeline.effectiveProductSettings(TEST_SHOP, floralWrapDress))!;
    expect(e.collection).toEqual({ applied: { id: gidCollection(504), title: "New Arrivals", rule: "most-recently-updated" }, ignored: [{ id: gidCollection(501), title: "Summer Dresses" }] });
    expect(e.values).toMatchObject({ viewType: "mixed", modelBody: "slim", generateCount: 2, garmentType: "dresses" });
    expect(e.lines).toContain("viewType: mixed — from collection New Arrivals (most recently updated of the product's collections)");
    expect(e.garment.chosen?.id).toBe("gid://shopify/MediaImage/3002");
    expect(e.requestIssues).toEqual([]);
  });

  it("GIVEN a run from Summer Dresses WHEN resolved THEN that collection's settings win", async () => {
    const e = (await pipeline.effectiveProductSettings(TEST_SHOP, floralWrapDress, { runCollectionId: gidCollection(501) }))!;
    expect(e.collection.applied).toEqual({ id: gidCollection(501), title: "Summer Dresses", rule: "run-collection" });
    expect(e.values).toMatchObject({ viewType: "halfbody", modelBody: "curvy" });
  });

  it("GIVEN a product override and run overrides WHEN resolved THEN they win in that order", async () => {
    await pipeline.saveProductSettings(TEST_SHOP, floralWrapDress, { viewType: "fullbody", generateCount: 3 });
    const e = (await pipeline.effectiveProductSettings(TEST_SHOP, floralWrapDress, { overrides: { generateCount: 1 } }))!;
    expect(e.fields.find((f) => f.field === "viewType")).toMatchObject({ value: "fullbody", source: { level: "product", id: floralWrapDress } });
    expect(e.fields.find((f) => f.field === "generateCount")).toMatchObject({ value: 1, source: { level: "override" } });
    await pipeline.clearProductSettings(TEST_SHOP, floralWrapDress);
  });

  it("GIVEN a selection run WHEN planned THEN each job records which collection applied", async () => {
    const r = await pipeline.startRun(TEST_SHOP, { type: "selection", productIds: [floralWrapDress, gidProduct(1029)] }, {}, { dryRun: false });
    const jobs = await db.tryOnJob.findMany({ where: { runId: r.runId! }, orderBy: { productId: "asc" } });
    const summary = (j: (typeof jobs)[number]) => JSON.parse(j.settingsJson);
    expect(summary(jobs[0]).collection.applied.title).toBe("New Arrivals");
    expect(JSON.parse(jobs[0].requestJson).viewType).toBe("mixed");
    expect(summary(jobs[1]).collection.applied.title).toBe("Outerwear");
    await pipeline.cancelRun(TEST_SHOP, r.runId!);
  });
});

describe("planning in the background (pages)", () => {
  it("GIVEN background: true WHEN a collection run starts THEN the run id comes back before planning ends and the jobs appear on the run", async () => {
    const r = await pipeline.startRun(TEST_SHOP, { type: "collection", collectionId: gidCollection(502) }, {}, { background: true });
    expect(r).toMatchObject({ dryRun: false, planning: true, planError: null });
    expect((await pipeline.getRunProgress(TEST_SHOP, r.runId!))?.status).toBe("planning");
    // The request returned without planning; the runner's planner (here driven by hand) plans it.
    const planner = createPlanner(deps, { shops: [TEST_SHOP] });
    const done = await waitFor(async () => {
      await planner.tick();
      const p = await pipeline.getRunProgress(TEST_SHOP, r.runId!);
      return p && p.status !== "planning" ? p : null;
    }, { what: "background planning" });
    expect(done.products.planned).toBe(19);
    expect(done.jobsTotal).toBe(19);
    await pipeline.cancelRun(TEST_SHOP, r.runId!);
  });
});
