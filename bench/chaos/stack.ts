/**
 * Everything the chaos run's instances work against, started in this process: PostgreSQL (given or a
 * private migrated cluster), Redis, the local try-on service behind an observing proxy, the local Admin
 * API with a seeded shop and collection — and the environment the instances get. Each service's stop is
 * pushed onto `cleanup` as soon as it runs, so a failure half-way still stops what had started.
 */
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { start as startAdmin, type LocalAdminApi } from "../../local/admin-api";
import { start as startTryOn, type TryOnService } from "../../local/tryon-service/server";
import { startHoldingProxy, type HoldingProxy } from "../../tests/helpers/holding-proxy";
import { buildTestCollection, type TestCollection } from "../../tests/helpers/pipeline-catalog";
import { seedShop, TEST_SHOP } from "../../tests/helpers/pipeline-stack";
import { startRedis, type RedisServer } from "../../tests/helpers/redis";

export interface StackOptions {
  products: number;
  /** Submits per second the app may make; the provider accepts twice that. */
  submitQps: number;
  faultRate: number;
  faultCodes: number[];
  restoreRate: number;
  databaseUrl?: string;
  redisUrl?: string;
}

export interface ChaosStack {
  db: PrismaClient;
  admin: LocalAdminApi;
  tryon: TryOnService;
  /** Task ids the provider created (submit answered 200), as seen on the wire. */
  created: Set<string>;
  /** Task ids the app asked about. */
  queried: Set<string>;
  collection: TestCollection;
  /** Products outside the run (webhooks are about them, so their effect must not touch the run). */
  outside: string[];
  /** The environment every app instance starts with. */
  env: Record<string, string>;
}

/** Provisions PostgreSQL when no URL is given: a private cluster from the embedded binaries, migrated. */
async function provisionPostgres(log: (l: string) => void): Promise<{ url: string; stop: () => Promise<void> }> {
  const { startPostgresCluster, createDatabase } = await import("../../tests/helpers/postgres");
  const { migratePostgres } = await import("../../scripts/db/postgres-migrations.mjs");
  const cluster = await startPostgresCluster({ maxConnections: 300 });
  const url = await createDatabase(cluster.url(), { name: "chaos" });
  await migratePostgres(url, { log: () => undefined });
  log(`PostgreSQL ${cluster.port} (private cluster, migrated)`);
  return { url, stop: () => cluster.stop() };
}

export async function startChaosStack(o: StackOptions, log: (l: string) => void, cleanup: Array<() => Promise<unknown>>): Promise<ChaosStack> {
  const { ensureBuilt } = await import("../../tests/helpers/remix-app");
  await ensureBuilt(); // the server build the instances serve (made when app/ changed)

  let databaseUrl = o.databaseUrl;
  if (!databaseUrl) {
    const pg = await provisionPostgres(log);
    databaseUrl = pg.url;
    cleanup.push(pg.stop);
  }
  let redisUrl = o.redisUrl;
  if (!redisUrl) {
    const redis: RedisServer = await startRedis();
    redisUrl = redis.url;
    cleanup.push(() => redis.stop());
  }
  process.env.DATABASE_URL = databaseUrl;
  const { createPrismaClient } = await import("../../app/db.server");
  const db = createPrismaClient(databaseUrl);
  cleanup.push(() => db.$disconnect());

  // The provider, observed through a proxy: which tasks it created, which ones the app asked about.
  const created = new Set<string>();
  const queried = new Set<string>();
  const proxy: HoldingProxy = await startHoldingProxy({
    observe: (e) => {
      if (e.path === "/rest/ai/virtual/tryon" && e.status === 200) {
        const id = /"taskId"\s*:\s*"([^"]+)"/.exec(e.responseBody)?.[1];
        if (id) created.add(id);
      } else if (e.path === "/rest/ai/virtual/tryon-results") {
        const id = /"task_id"\s*:\s*"([^"]+)"/.exec(e.requestBody)?.[1];
        if (id) queried.add(id);
      }
    },
  });
  cleanup.push(() => proxy.close());
  const tryon: TryOnService = await startTryOn({
    taskMs: 2000,
    submitQps: Math.ceil(o.submitQps * 2),
    queryQps: 200,
    faultRate: o.faultRate,
    faultCodes: o.faultCodes,
    publicUrl: proxy.url,
    maxTasks: o.products * 4,
  });
  proxy.target(tryon.url);
  cleanup.push(() => tryon.close());
  const admin: LocalAdminApi = await startAdmin({ seed: "demo", restoreRate: o.restoreRate, mediaProcessingMs: 50 });
  cleanup.push(() => admin.close());

  await seedShop(db, { admin }, { autoApprove: true, generateCount: 1 });
  const collection = await buildTestCollection(admin.store, { good: o.products, title: "Chaos" });
  const inRun = new Set(collection.productIds);
  const outside = [...admin.store.products.keys()].map((id) => `gid://shopify/Product/${id}`).filter((gid) => !inRun.has(gid));

  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: `chaos-${randomUUID().slice(0, 8)}`,
    INSTANCE_SHOP: TEST_SHOP,
    AIDGE_BASE_URL: proxy.url,
    AIDGE_APP_KEY: tryon.appKey,
    AIDGE_APP_SECRET: tryon.appSecret,
    LOCAL_ADMIN_API_URL: admin.url,
    TRYON_SUBMIT_QPS: String(o.submitQps),
    TRYON_QUERY_QPS: "50",
    TRYON_POLL_INITIAL_MS: "1500",
    RUNNER_SUBMIT_CONCURRENCY: "2",
    RUNNER_POLL_CONCURRENCY: "8",
    RUNNER_ATTACH_CONCURRENCY: "4",
    // Short leases: a killed instance's jobs are picked up again within seconds.
    RUNNER_LEASE_MS: "8000",
  };
  return { db, admin, tryon, created, queried, collection, outside, env };
}
