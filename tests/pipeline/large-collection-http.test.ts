/**
 * Issue 12's "Done when", through HTTP (the real server build): a 10,000-product collection is
 * estimated through `POST /api/estimate` from metadata alone (counts from the product list, no image
 * downloaded, the looks not judged yet named as settled while planning, nothing written), and starting
 * it from the collection page redirects to its run while the run is still planning — the job rows
 * appear afterwards, written by the runner's planner. No timings are asserted (speed is `npm run
 * bench`); what is asserted is what makes these answers fast.
 *
 * And the planner's resume: a background planner that dies mid-way (its lease expires) is taken over
 * by another planner, which continues after the last committed batch — every product gets exactly one job.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PipelineDeps } from "../../app/pipeline/context.server";
import { createPlanner, PLAN_LEASE_MS } from "../../app/pipeline/planner.server";
import type { CatalogPort } from "../../app/pipeline/ports";
import { generateCollection } from "../../local/admin-api";
import { appRequestHandler } from "../helpers/remix-app";
import { adminFetchRequest } from "../helpers/shopify-requests";
import { pipelinePrisma, seedShop, stackDeps, startStack, TEST_SHOP, waitFor, type Stack } from "../helpers/pipeline-stack";

const db = pipelinePrisma();
let stack: Stack;
let deps: PipelineDeps;
let handle: (request: Request) => Promise<Response>;
let tenThousand: number;

const cdn = async () => (await (await fetch(`${stack.admin.url}/__local/cdn`)).json()) as { originalDownloads: number; renditionDownloads: number };
const resetMetrics = () => fetch(`${stack.admin.url}/__local/metrics/reset`, { method: "POST" });
/** The run id of a page's redirect to its run page (the app's own URL, /app/runs/<id>). */
const runIdOf = (location: string) => /^(?:https:\/\/fitting-room\.test)?\/app\/runs\/([A-Za-z0-9_-]+)/.exec(location)?.[1];

beforeAll(async () => {
  stack = await startStack();
  await seedShop(db, stack, { autoApprove: false, generateCount: 1 });
  process.env.LOCAL_ADMIN_API_URL = stack.admin.url;
  handle = await appRequestHandler();
  deps = stackDeps(db, stack.env);
  tenThousand = await generateCollection(stack.admin.store, { collectionSize: 10_000, title: "Ten thousand" });
}, 300_000);

afterAll(async () => {
  await stack?.close();
  await db.$disconnect();
});

describe("a 10,000-product collection through HTTP (issue 12)", () => {
  it("GIVEN a 10,000-product collection WHEN POST /api/estimate THEN every product is counted from metadata, nothing is downloaded or written, and the unjudged looks are named as settled while planning", async () => {
    await resetMetrics();
    const runsBefore = await db.tryOnRun.count();
    const response = await handle(await adminFetchRequest("/api/estimate", TEST_SHOP, { method: "POST", json: { scope: { type: "collection", collectionId: `gid://shopify/Collection/${tenThousand}` } } }));
    expect(response.status, await response.clone().text()).toBe(200);
    const { estimate } = (await response.json()) as { estimate: { productsTotal: number; productsToTryOn: number; imagesToGenerate: number; unjudged: number; figures: { exact: string[]; settledWhilePlanning: string[] } } };
    expect(estimate).toMatchObject({ productsTotal: 10_000, productsToTryOn: 10_000, imagesToGenerate: 10_000 });
    // Not planned product by product: no look was judged (no rendition, no original downloaded) …
    const downloads = await cdn();
    expect(downloads.originalDownloads + downloads.renditionDownloads).toBe(0);
    expect(estimate.unjudged).toBe(10_000);
    // … and the merchant is told which figure the run settles while it plans; the counts are exact.
    expect(estimate.figures.settledWhilePlanning).toEqual(["mayBeRefused"]);
    expect(estimate.figures.exact).toEqual(expect.arrayContaining(["products", "productsToGenerate", "imagesToGenerate"]));
    // A dry run: no run, no job.
    expect(await db.tryOnRun.count()).toBe(runsBefore);
    expect(await db.tryOnJob.count()).toBe(0);
  }, 300_000);

  it("GIVEN a 10,000-product collection WHEN Start is pressed on its page THEN the answer redirects to the run while it is still planning, and the job rows appear afterwards", async () => {
    const page = `/app/collections/${tenThousand}?_data=${encodeURIComponent("routes/app.collections.$id")}`;
    const response = await handle(await adminFetchRequest(page, TEST_SHOP, { form: { intent: "start", idempotencyKey: randomUUID() } }));
    // A Remix data request's redirect: 204 with the target in X-Remix-Redirect.
    expect(response.status, await response.clone().text()).toBe(204);
    const target = response.headers.get("X-Remix-Redirect") ?? "";
    const runId = runIdOf(target);
    expect(runId, target).toBeTruthy();

    // The page answered before planning: the run is planning, not one product planned, no job yet.
    const run = await db.tryOnRun.findUniqueOrThrow({ where: { id: runId! } });
    expect(run).toMatchObject({ shop: TEST_SHOP, status: "planning", planInBackground: true, scopeType: "collection" });
    expect(run.productsPlanned).toBeLessThan(10_000);
    expect(await db.tryOnJob.count({ where: { runId: runId! } })).toBe(0);

    // The run page shows it (planning) to the merchant.
    const runPage = await handle(await adminFetchRequest(`/app/runs/${runId}?_data=${encodeURIComponent("routes/app.runs.$id")}`, TEST_SHOP));
    expect(runPage.status, await runPage.clone().text()).toBe(200);

    // The runner's planner writes the job rows afterwards, batch by batch.
    const planner = createPlanner(deps, { shops: [TEST_SHOP] });
    try {
      await waitFor(async () => {
        await planner.tick();
        return (await db.tryOnJob.count({ where: { runId: runId! } })) > 0;
      }, { what: "the first planned jobs", timeoutMs: 240_000 });
      const planned = await db.tryOnRun.findUniqueOrThrow({ where: { id: runId! } });
      expect(planned.productsPlanned).toBeGreaterThan(0);
      expect(await db.tryOnJob.count({ where: { runId: runId! } })).toBeLessThanOrEqual(planned.productsPlanned);
    } finally {
      // Planning 10,000 products (judging each look) is the bench's work, not this test's: stop here.
      await db.tryOnRun.update({ where: { id: runId! }, data: { status: "cancelled" } });
      await planner.stop();
      await db.tryOnJob.updateMany({ where: { runId: runId! }, data: { state: "cancelled" } });
    }
  }, 300_000);
});

/**
 * A catalog whose collection stream stops for good after `dieAfter` products, until `kill()`: the
 * planner holding it has committed its earlier batches and then never comes back (as a killed process).
 */
function dyingCatalogDeps(base: PipelineDeps, dieAfter: number): { deps: PipelineDeps; kill: () => void } {
  let kill = () => {};
  const dead = new Promise<never>((_, reject) => (kill = () => reject(new Error("the planner's process is gone"))));
  dead.catch(() => undefined);
  const deps: PipelineDeps = {
    ...base,
    async catalogFor(shop: string): Promise<CatalogPort> {
      const catalog = await base.catalogFor(shop);
      return new Proxy(catalog, {
        get(target, prop, receiver) {
          if (prop !== "streamCollectionProducts") return Reflect.get(target, prop, receiver);
          return async function* (collectionId: string, ...rest: unknown[]) {
            let n = 0;
            for await (const product of (target.streamCollectionProducts as (id: string, ...r: unknown[]) => AsyncGenerator<unknown>)(collectionId, ...rest)) {
              if (n++ === dieAfter) await dead;
              yield product;
            }
          };
        },
      });
    },
  };
  return { deps, kill: () => kill() };
}

describe("resuming a background planner that died", () => {
  it("GIVEN a planner that died after committing 125 of 300 products WHEN its lease expires THEN another planner resumes after them and every product has exactly one job", async () => {
    const collectionId = await generateCollection(stack.admin.store, { collectionSize: 300, title: "Three hundred" });
    const page = `/app/collections/${collectionId}?_data=${encodeURIComponent("routes/app.collections.$id")}`;
    const response = await handle(await adminFetchRequest(page, TEST_SHOP, { form: { intent: "start", idempotencyKey: randomUUID() } }));
    expect(response.status, await response.clone().text()).toBe(204);
    const runId = runIdOf(response.headers.get("X-Remix-Redirect") ?? "")!;
    expect(runId).toBeTruthy();

    // The first planner commits its first page (25, written at once) and two batches of 50, then its
    // process dies. A later batch is written once the next one has been streamed (its looks are judged
    // meanwhile), so it dies streaming the fifth.
    const dying = dyingCatalogDeps(deps, 220);
    const first = createPlanner(dying.deps, { shops: [TEST_SHOP], workerId: "first" });
    await waitFor(async () => {
      await first.tick();
      return (await db.tryOnRun.findUniqueOrThrow({ where: { id: runId } })).productsPlanned >= 125;
    }, { what: "the first planner's first three batches", timeoutMs: 120_000 });
    const stalled = await db.tryOnRun.findUniqueOrThrow({ where: { id: runId } });
    expect(stalled).toMatchObject({ status: "planning", productsPlanned: 125 });
    expect(stalled.planLeaseOwner).toMatch(/^first#/);
    expect(await db.tryOnJob.count({ where: { runId } })).toBe(125);

    // While the lease is live no other planner takes the run …
    const second = createPlanner(deps, { shops: [TEST_SHOP], workerId: "second" });
    expect(await second.tick()).toBe(0);
    // … once it has expired (seen from a clock past the lease), another planner claims it and resumes.
    const later = createPlanner({ ...deps, clock: { ...deps.clock, now: () => Date.now() + 2 * PLAN_LEASE_MS } }, { shops: [TEST_SHOP], workerId: "later" });
    try {
      expect(await later.tick()).toBe(1);
      const done = await waitFor(async () => {
        const r = await db.tryOnRun.findUniqueOrThrow({ where: { id: runId } });
        return r.status !== "planning" ? r : null;
      }, { what: "the resumed planning to finish", timeoutMs: 200_000 });
      expect(done).toMatchObject({ status: "running", productsPlanned: 300, productsTotal: 300, jobsCreated: 300, planError: null });
    } finally {
      dying.kill(); // the dead planner's promise ends; it writes nothing (its lease is gone)
      await later.stop();
      await first.stop();
      await second.stop();
    }
    const jobs = await db.tryOnJob.findMany({ where: { runId }, select: { productId: true } });
    const members = stack.admin.store.collections.get(collectionId)!.productIds.map((id) => `gid://shopify/Product/${id}`);
    expect(jobs).toHaveLength(300);
    expect(new Set(jobs.map((j) => j.productId))).toEqual(new Set(members));
    // The dead planner, woken up, changed nothing.
    expect(await db.tryOnRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: "running", productsPlanned: 300, jobsCreated: 300 });
  }, 300_000);
});
