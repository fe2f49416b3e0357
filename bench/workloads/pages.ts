/**
 * Workload 4 — pages. Server-side loader latency (p50, p95) of the Products, Run and Review pages with
 * 10,000 jobs stored: one collection run of that size (most jobs awaiting review with 4 images each,
 * many attached, some failed, a few still moving — bench/lib/seed-jobs.ts), the shop's products in the
 * local Admin API. Each request goes through the real Remix server build with a real session-token
 * JWT (bench/app/pages-child.ts), in a process of its own; requests are sequential (one merchant).
 */
import os from "node:os";
import { createPrismaClient } from "../../app/db-client.server";
import { TEST_ENV } from "../../tests/setup/test-env";
import type { PageMeasurement, PageSpec, PagesChildConfig } from "../app/pages-child";
import { startChild } from "../lib/child";
import { freshDatabase } from "../lib/db";
import { figure, round, type WorkloadResult } from "../lib/report";
import { seedJobs } from "../lib/seed-jobs";
import { BENCH_COLLECTION_GID, BENCH_COLLECTION_ID, startAdminApi } from "../lib/services";
import { percentile } from "../lib/stats";

export interface PagesParams {
  jobs: number;
  samples: number;
  /** Requests per page before measuring (JIT, caches); default 3. */
  warmup?: number;
}

/** Where each page lives (Remix flat-route ids) and what it reads when its route is absent. */
export function pageSpecs(shop: string, runId: string): PageSpec[] {
  const rm = "bench/app/read-models.ts";
  return [
    { name: "Products", routeIds: ["^routes/app\\.products(\\._index)?$"], params: {}, fallback: [{ module: rm, call: "productsPage", args: [shop] }] },
    {
      name: "Run",
      routeIds: ["^routes/app\\.runs\\.\\$[A-Za-z]+(\\._index)?$", "^routes/app\\.run\\.\\$[A-Za-z]+$"],
      params: { runId, id: runId },
      fallback: [{ module: rm, call: "runPage", args: [shop, runId] }],
    },
    { name: "Review", routeIds: ["^routes/app\\.review(\\._index)?$"], params: {}, fallback: [{ module: rm, call: "reviewPage", args: [shop] }] },
  ];
}

export async function pagesWorkload(p: PagesParams): Promise<WorkloadResult> {
  const started = Date.now();
  const warmup = p.warmup ?? 3;
  const result: WorkloadResult = {
    name: "pages",
    title: `Pages: server-side loader latency with ${p.jobs} jobs stored`,
    params: { jobs: p.jobs, samplesPerPage: p.samples, warmup, loadAvg1mStart: round(os.loadavg()[0]) },
    figures: [],
    notes: [],
    durationMs: 0,
  };
  const admin = await startAdminApi({ products: p.jobs, restoreRate: 1000, bucketSize: 20_000 });
  const database = freshDatabase("pages");
  const shop = admin.store.shop.myshopifyDomain;
  const db = createPrismaClient(database.url);
  try {
    await db.session.create({
      data: { id: `offline_${shop}`, shop, state: "installed", isOnline: false, scope: TEST_ENV.SCOPES, accessToken: admin.accessToken },
    });
    await db.shopSettings.create({ data: { shop } });
    const productIds = admin.store.collections.get(BENCH_COLLECTION_ID)!.productIds.map((id) => `gid://shopify/Product/${id}`);
    const seeded = await seedJobs(db, { shop, productIds, jobs: p.jobs, collectionGid: BENCH_COLLECTION_GID });
    await db.$disconnect();
    result.params.stored = { jobs: p.jobs, images: seeded.images, byState: seeded.byState };
    result.params.dbSizeMB = round(database.sizeBytes() / 2 ** 20, 2);

    const config: PagesChildConfig = { shop, pages: pageSpecs(shop, seeded.runId), samples: p.samples, warmup };
    const child = startChild("bench/app/pages-child.ts", {
      ...TEST_ENV,
      NODE_ENV: "development",
      DATABASE_URL: database.url,
      LOCAL_ADMIN_API_URL: admin.url,
      BENCH_PAGES: JSON.stringify(config),
    }, { label: "pages" });
    try {
      await child.next("ready", 600_000);
      const measured = child.next<{ type: string; results: PageMeasurement[] }>("measured", 1_800_000);
      child.send({ type: "measure" });
      const { results } = await measured;
      for (const m of results) {
        const how = m.mode === "loader" ? `loader of ${m.routeId} via GET ${m.url?.split("?")[0]}?_data=… (session-token request), ${m.bytes} bytes` : "route not in the build yet: its read-models timed directly (bench/app/read-models.ts)";
        if (m.error) {
          result.figures.push(figure({ key: `${m.name.toLowerCase()}P50Ms`, label: `${m.name} p50`, value: null, unit: "ms", note: `${how}; ERROR: ${m.error}` }));
          continue;
        }
        result.figures.push(
          figure({ key: `${m.name.toLowerCase()}P50Ms`, label: `${m.name} ${m.mode === "loader" ? "loader" : "read-models"} p50`, value: round(percentile(m.samplesMs, 50), 1), unit: "ms", note: `${how}; ${m.samplesMs.length} samples` }),
          figure({ key: `${m.name.toLowerCase()}P95Ms`, label: `${m.name} ${m.mode === "loader" ? "loader" : "read-models"} p95`, value: round(percentile(m.samplesMs, 95), 1), unit: "ms" }),
        );
        if (m.mode === "read-model") {
          result.notes.push(
            m.buildError
              ? `${m.name}: the app's server build failed (${m.buildError}); measured its read-models instead.`
              : `${m.name}: no route matching ${config.pages.find((x) => x.name === m.name)?.routeIds.join(" | ")} in the build; measured its read-models instead.`,
          );
        }
      }
      await child.exited;
    } finally {
      child.kill();
    }
  } finally {
    await db.$disconnect().catch(() => undefined);
    await admin.close();
    database.remove();
  }
  result.params.loadAvg1mEnd = round(os.loadavg()[0]);
  result.durationMs = Date.now() - started;
  return result;
}
