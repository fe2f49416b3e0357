import { afterAll, describe, expect, it } from "vitest";
import { createRunsModel } from "../../app/persistence/runs.server";
import { pipelinePrisma } from "../helpers/pipeline-stack";

/**
 * Issue 14.10: the runner's housekeeping marks runs whose jobs are all settled as completed. It used to
 * look at the first 200 running runs only, so a shop (or a deployment) with more than 200 long runs in
 * progress never saw its finished runs completed.
 */
const db = pipelinePrisma();
const SHOP = "settled-runs.myshopify.com";
const BUSY = 230;
const SETTLED = 40;

afterAll(() => db.$disconnect());

const pad = (n: number) => String(n).padStart(4, "0");

function job(runId: string, n: number, state: string) {
  return {
    shop: SHOP,
    runId,
    productId: `gid://shopify/Product/${n}`,
    productTitle: `Product ${n}`,
    garmentImageUrl: "https://cdn.shopify.com/garment.jpg",
    settingsJson: "{}",
    requestJson: "{}",
    dedupeKey: `${runId}-${n}`,
    state,
  };
}

describe("finishing settled runs (issue 14.10)", () => {
  it(`GIVEN ${BUSY} running runs still working and ${SETTLED} whose jobs are all done WHEN housekeeping runs THEN every settled run is completed and no busy one`, async () => {
    // Busy runs first (and first by id), so a look at "the first 200" would see only busy ones.
    const busyIds = Array.from({ length: BUSY }, (_, i) => `run-a-${pad(i)}`);
    const settledIds = Array.from({ length: SETTLED }, (_, i) => `run-z-${pad(i)}`);
    await db.tryOnRun.createMany({ data: [...busyIds, ...settledIds].map((id) => ({ id, shop: SHOP, scopeType: "product", status: "running" })) });
    await db.tryOnJob.createMany({
      data: [
        ...busyIds.flatMap((id, i) => [job(id, i, "attached"), job(id, 10_000 + i, i % 2 ? "polling" : "awaiting_review")]),
        ...settledIds.flatMap((id, i) => [job(id, 20_000 + i, "attached"), job(id, 30_000 + i, i % 3 ? "failed" : "removed")]),
      ],
    });

    const finished = await createRunsModel(db).finishSettledRuns();

    expect(finished).toBe(SETTLED);
    const completed = await db.tryOnRun.findMany({ where: { shop: SHOP, status: "completed" }, select: { id: true, finishedAt: true } });
    expect(completed.map((r) => r.id).sort()).toEqual(settledIds);
    for (const r of completed) expect(r.finishedAt, r.id).not.toBeNull();
    expect(await db.tryOnRun.count({ where: { shop: SHOP, status: "running" } })).toBe(BUSY);
    // Nothing left to do on a second pass.
    expect(await createRunsModel(db).finishSettledRuns()).toBe(0);
  });
});
