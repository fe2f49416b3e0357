import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createCollectionSettingsModel } from "../../app/persistence/collection-settings.server";
import { cancelProductJobsIn, cancelRunJobs, cancelShopJobsIn, createJobsModel, deleteProductRecordsIn, transitionJob } from "../../app/persistence/jobs.server";
import { createProductSettingsModel } from "../../app/persistence/product-settings.server";
import { createRunsModel } from "../../app/persistence/runs.server";
import { IllegalTransitionError } from "../../app/jobs/job-state";
import { pipelinePrisma } from "../helpers/pipeline-stack";

const db = pipelinePrisma();
const jobs = createJobsModel(db);
const runs = createRunsModel(db);
const SHOP = "model-test.myshopify.com";
const OTHER = "other-shop.myshopify.com";

async function seedRun(shop: string, n: number, state = "queued") {
  const run = await runs.create({ shop, scopeType: "collection", scopeRef: "gid://shopify/Collection/1", status: "running" });
  await db.tryOnJob.createMany({
    data: Array.from({ length: n }, (_, i) => ({
      shop,
      runId: run.id,
      productId: `gid://shopify/Product/${i + 1}`,
      productTitle: `P${i + 1}`,
      garmentImageUrl: "https://cdn.example/x.png",
      settingsJson: "{}",
      requestJson: "{}",
      dedupeKey: `k${i}`,
      imagesExpected: 2,
      state,
      availableAt: new Date(Date.now() - 1000),
    })),
  });
  return run.id;
}

beforeEach(async () => {
  await db.tryOnImage.deleteMany();
  await db.tryOnJob.deleteMany();
  await db.tryOnRun.deleteMany();
});
afterAll(async () => {
  await db.$disconnect();
});

describe("claims and leases", () => {
  it("GIVEN 40 queued jobs WHEN four workers claim at the same time THEN no job is claimed twice and all are claimed", async () => {
    await seedRun(SHOP, 40);
    const now = Date.now();
    const batches = await Promise.all(["a", "b", "c", "d"].map((w) => jobs.claim("submit", { owner: `${w}#1`, limit: 15, now, leaseMs: 60_000 })));
    const ids = batches.flat().map((j) => j.id);
    expect(new Set(ids).size).toBe(ids.length);
    const again = await jobs.claim("submit", { owner: "e#1", limit: 100, now, leaseMs: 60_000 });
    expect(ids.length + again.length).toBe(40);
    for (const [i, batch] of batches.entries()) for (const j of batch) expect(j.leaseOwner).toBe(`${"abcd"[i]}#1`);
  });

  it("GIVEN a lease that expired WHEN another worker claims the job THEN the old owner's transition is refused", async () => {
    await seedRun(SHOP, 1);
    const t0 = Date.now();
    const [job] = await jobs.claim("submit", { owner: "dead#1", limit: 1, now: t0, leaseMs: 100 });
    expect(await jobs.claim("submit", { owner: "live#1", limit: 1, now: t0 + 50, leaseMs: 100 })).toHaveLength(0);
    const [taken] = await jobs.claim("submit", { owner: "live#2", limit: 1, now: t0 + 150, leaseMs: 60_000 });
    expect(taken.id).toBe(job.id);
    expect(await jobs.transition(job.id, { from: "queued", to: "submitting", owner: "dead#1" })).toBe(false);
    expect(await jobs.transition(job.id, { from: "queued", to: "submitting", owner: "live#2" })).toBe(true);
    expect(await jobs.extendLease(job.id, "dead#1", t0 + 999_999)).toBe(false);
  });

  it("GIVEN a job WHEN a transition skips the state machine THEN it throws, and a stale expected state changes nothing", async () => {
    await seedRun(SHOP, 1);
    const [job] = await db.tryOnJob.findMany();
    await expect(transitionJob(db, job.id, { from: "queued", to: "attached" })).rejects.toThrow(IllegalTransitionError);
    expect(await transitionJob(db, job.id, { from: "polling", to: "succeeded" })).toBe(false);
    expect((await db.tryOnJob.findUnique({ where: { id: job.id } }))?.state).toBe("queued");
  });
});

describe("lifecycle helpers (webhooks) and progress", () => {
  it("GIVEN two shops WHEN the first uninstalls THEN only its unfinished jobs and runs are cancelled", async () => {
    const mine = await seedRun(SHOP, 3);
    await seedRun(OTHER, 2);
    await db.tryOnJob.updateMany({ where: { runId: mine, productId: "gid://shopify/Product/1" }, data: { state: "attached" } });
    expect(await cancelShopJobsIn(db, SHOP)).toBe(2);
    expect(await db.tryOnJob.count({ where: { shop: OTHER, state: "queued" } })).toBe(2);
    expect((await runs.get(SHOP, mine))?.status).toBe("cancelled");
    expect(await db.tryOnJob.count({ where: { shop: SHOP, state: "attached" } })).toBe(1);
  });

  it("GIVEN a deleted product WHEN the webhook runs THEN its jobs are cancelled and its records deleted, in that shop only", async () => {
    await seedRun(SHOP, 2);
    await seedRun(OTHER, 2);
    await db.productSettings.create({ data: { shop: SHOP, productId: "gid://shopify/Product/1", viewType: "mixed" } });
    expect(await cancelProductJobsIn(db, SHOP, "gid://shopify/Product/1")).toBe(1);
    await deleteProductRecordsIn(db, SHOP, "gid://shopify/Product/1");
    expect(await db.tryOnJob.count({ where: { shop: SHOP } })).toBe(1);
    expect(await db.tryOnJob.count({ where: { shop: OTHER, productId: "gid://shopify/Product/1" } })).toBe(1);
    expect(await db.productSettings.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("GIVEN jobs in several states WHEN progress is read THEN counters and the derived status follow", async () => {
    const runId = await seedRun(SHOP, 4);
    await db.tryOnJob.updateMany({ where: { runId, productTitle: { in: ["P1", "P2"] } }, data: { state: "attached", imagesGenerated: 2, imagesAttached: 2, submittedAt: new Date() } });
    let p = (await runs.progress(SHOP, runId))!;
    // jobsSent is the provider quota the run used: the two jobs that were submitted, not the queued ones.
    expect(p).toMatchObject({ status: "running", jobsTotal: 4, jobsDone: 2, jobsSent: 2, images: { expected: 8, generated: 4, attached: 4 } });
    expect(p.jobs.queued).toBe(2);
    await db.tryOnJob.updateMany({ where: { runId, state: "queued" }, data: { state: "awaiting_review" } });
    expect((await runs.progress(SHOP, runId))!.status).toBe("awaiting_review");
    expect(await cancelRunJobs(db, SHOP, runId)).toBe(2);
    p = (await runs.progress(SHOP, runId))!;
    expect(p.status).toBe("completed");
    expect(await runs.progress(OTHER, runId)).toBeNull();
  });

  it("GIVEN a run left planning by a dead process WHEN housekeeping runs THEN it keeps its jobs and says planning stopped", async () => {
    const runId = await seedRun(SHOP, 2);
    await db.tryOnRun.update({ where: { id: runId }, data: { status: "planning", productsPlanned: 2 } });
    expect(await runs.recoverStalePlanning(60_000)).toBe(0);
    expect(await runs.recoverStalePlanning(0)).toBe(1);
    const p = (await runs.progress(SHOP, runId))!;
    expect(p.status).toBe("running");
    expect(p.planError).toMatch(/Planning stopped after 2 products \(the app restarted\)/);
  });

  it("GIVEN 30 runs WHEN listed in pages THEN every run appears once, newest first", async () => {
    for (let i = 0; i < 30; i++) await runs.create({ shop: SHOP, scopeType: "product", status: "running", createdAt: new Date(Date.now() - i * 1000) });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await runs.list(SHOP, { take: 7, cursor });
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
  });
});

describe("collection and product settings", () => {
  it("GIVEN form input WHEN saved THEN valid values are stored and invalid ones are refused naming the field", async () => {
    const collections = createCollectionSettingsModel(db);
    const ok = await collections.save(SHOP, "gid://shopify/Collection/9", { viewType: "halfbody", generateCount: "2" }, "Summer");
    expect(ok.ok && ok.value).toMatchObject({ viewType: "halfbody", generateCount: 2, collectionTitle: "Summer" });
    const bad = await collections.save(SHOP, "gid://shopify/Collection/9", { viewType: "sideways" });
    expect(bad).toEqual({ ok: false, issues: [{ field: "viewType", message: 'must be one of "fullbody", "halfbody", "mixed"' }] });
    expect((await collections.allForShop(SHOP))[0]).toMatchObject({ collectionId: "gid://shopify/Collection/9", title: "Summer", settings: { viewType: "halfbody", generateCount: 2 } });

    const products = createProductSettingsModel(db);
    expect((await products.save(SHOP, "gid://shopify/Product/1", { garmentMediaId: "3001" })).ok).toBe(false);
    const saved = await products.save(SHOP, "gid://shopify/Product/1", { garmentMediaId: "gid://shopify/MediaImage/3001", modelName: "Ariel" });
    expect(saved.ok && saved.value).toMatchObject({ garmentMediaId: "gid://shopify/MediaImage/3001", modelName: "Ariel" });
    await products.save(SHOP, "gid://shopify/Product/1", { garmentMediaId: "" });
    expect((await products.get(SHOP, "gid://shopify/Product/1"))?.garmentMediaId).toBeNull();
  });
});
