/**
 * Stores many jobs at once for the pages workload: one collection run whose jobs spread over the states
 * a big run leaves behind (most awaiting review, many attached, some failed, a few still moving), with
 * four images per job that has results. Written with createMany in chunks, straight to the database.
 */
import type { PrismaClient } from "@prisma/client";

export interface SeedJobsOptions {
  shop: string;
  /** Product gids the jobs belong to (cycled when fewer than `jobs`). */
  productIds: string[];
  jobs: number;
  collectionGid: string;
  /** Images per job with results; default 4. */
  imagesPerJob?: number;
}

/** Share of jobs per state, in order (the rest are queued). */
const MIX: Array<[state: string, share: number]> = [
  ["awaiting_review", 0.6],
  ["attached", 0.25],
  ["failed", 0.08],
  ["polling", 0.04],
];

export interface SeededJobs {
  runId: string;
  byState: Record<string, number>;
  images: number;
}

export async function seedJobs(db: PrismaClient, o: SeedJobsOptions): Promise<SeededJobs> {
  const perJob = o.imagesPerJob ?? 4;
  const base = Date.now() - o.jobs * 50;
  const run = await db.tryOnRun.create({
    data: {
      shop: o.shop,
      scopeType: "collection",
      scopeRef: o.collectionGid,
      scopeTitle: `Bench collection (${o.jobs})`,
      status: "running",
      productsTotal: o.jobs,
      productsPlanned: o.jobs,
      jobsCreated: o.jobs,
      imagesEstimated: o.jobs * perJob,
      startedAt: new Date(base),
      createdAt: new Date(base),
    },
  });
  const byState: Record<string, number> = {};
  const stateOf = (i: number) => {
    const x = (i % 100) / 100;
    let acc = 0;
    for (const [state, share] of MIX) {
      acc += share;
      if (x < acc) return state;
    }
    return "queued";
  };
  let images = 0;
  const CHUNK = 500;
  for (let from = 0; from < o.jobs; from += CHUNK) {
    const jobs = [];
    const imgs = [];
    for (let i = from; i < Math.min(o.jobs, from + CHUNK); i++) {
      const state = stateOf(i);
      byState[state] = (byState[state] ?? 0) + 1;
      const productId = o.productIds[i % o.productIds.length];
      const id = `benchjob${String(i).padStart(7, "0")}`;
      const createdAt = new Date(base + i * 50);
      const hasResults = state === "awaiting_review" || state === "attached";
      jobs.push({
        id,
        shop: o.shop,
        runId: run.id,
        productId,
        productTitle: `Generated product ${i + 1}`,
        garmentMediaId: null,
        garmentImageUrl: `https://cdn.shopify.com/s/files/bench/${i}.jpg`,
        clothesType: i % 2 ? "dresses" : "tops",
        settingsJson: JSON.stringify({ model: "female universal_1 slim", viewType: "fullbody" }),
        requestJson: JSON.stringify({ clothesList: [{ imageUrl: `https://cdn.shopify.com/s/files/bench/${i}.jpg` }] }),
        dedupeKey: `bench-${i}`,
        imagesExpected: perJob,
        state,
        attempts: state === "queued" ? 0 : 1,
        providerTaskId: state === "queued" ? null : `task-${i}`,
        submittedAt: state === "queued" ? null : createdAt,
        resultAt: hasResults ? new Date(createdAt.getTime() + 3000) : null,
        finishedAt: state === "attached" || state === "failed" ? new Date(createdAt.getTime() + 5000) : null,
        errorCode: state === "failed" ? (i % 3 ? "703" : "1000") : null,
        errorMessage: state === "failed" ? (i % 3 ? "The image is 420×380 px; try-on needs more than 500×500 px and at most 3000×3000 px." : "The provider flagged the image as sensitive content.") : null,
        imagesGenerated: hasResults ? perJob : 0,
        imagesAttached: state === "attached" ? perJob : 0,
        availableAt: createdAt,
        createdAt,
      });
      if (hasResults) {
        for (let k = 1; k <= perJob; k++) {
          imgs.push({
            shop: o.shop,
            runId: run.id,
            jobId: id,
            productId,
            position: k,
            providerUrl: `https://result.aidc-ai.com/bench/${i}/${k}.png`,
            width: 768,
            height: 1024,
            review: state === "attached" ? "approved" : "pending",
            attachState: state === "attached" ? "attached" : "stored",
            mediaId: state === "attached" ? `gid://shopify/MediaImage/${9_000_000 + i * perJob + k}` : null,
            createdAt: new Date(createdAt.getTime() + 3000),
          });
        }
      }
    }
    await db.tryOnJob.createMany({ data: jobs });
    if (imgs.length) await db.tryOnImage.createMany({ data: imgs });
    images += imgs.length;
  }
  return { runId: run.id, byState, images };
}
