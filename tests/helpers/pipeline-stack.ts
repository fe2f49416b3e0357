/**
 * The pipeline's test stack: the local try-on service and the local Admin API started in-process over
 * real HTTP, a Prisma client on the test file's own SQLite database, the shop's offline session and
 * settings, and the production dependency wiring pointed at the stand-ins.
 */
import type { PrismaClient } from "@prisma/client";
import { createPrismaClient } from "../../app/db.server";
import { start as startAdmin, type LocalAdminApi } from "../../local/admin-api";
import type { StartOptions as AdminStartOptions } from "../../local/admin-api/server";
import { start as startTryOn, type TryOnService, type TryOnServiceOptions } from "../../local/tryon-service/server";
import type { PipelineDeps, PipelineHooks } from "../../app/pipeline/context.server";
import { createDefaultDeps } from "../../app/pipeline/deps.server";
import { silentLogger, consoleLogger, type Logger } from "../../app/pipeline/ports";
import type { SeedOption } from "../../local/admin-api/seed";

/** The local Admin API's shop. */
export const TEST_SHOP = "fitting-room-demo.myshopify.com";

export interface Stack {
  tryon: TryOnService;
  admin: LocalAdminApi;
  /** Environment a child process needs to reach the stand-ins. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface StackOptions {
  tryon?: TryOnServiceOptions;
  seed?: SeedOption;
  /** Admin API restore rate, points/s; default 1000 (tests are about the pipeline, not pacing). */
  restoreRate?: number;
  bucketSize?: number;
  /** Further local Admin API options (e.g. tokenTtlS, apiKey, apiSecret). */
  admin?: Partial<AdminStartOptions>;
}

export async function startStack(o: StackOptions = {}): Promise<Stack> {
  const tryon = await startTryOn({ taskMs: 200, submitQps: 50, queryQps: 200, ...o.tryon });
  const admin = await startAdmin({ seed: o.seed ?? "demo", restoreRate: o.restoreRate ?? 1000, bucketSize: o.bucketSize ?? 4000, mediaProcessingMs: 20, ...o.admin });
  const env = {
    AIDGE_BASE_URL: tryon.url,
    AIDGE_APP_KEY: tryon.appKey,
    AIDGE_APP_SECRET: tryon.appSecret,
    LOCAL_ADMIN_API_URL: admin.url,
    NODE_ENV: "test",
    ...(o.admin?.apiKey ? { SHOPIFY_API_KEY: o.admin.apiKey } : {}),
    ...(o.admin?.apiSecret ? { SHOPIFY_API_SECRET: o.admin.apiSecret } : {}),
  };
  return {
    tryon,
    admin,
    env,
    async close() {
      await Promise.allSettled([tryon.close(), admin.close()]);
    },
  };
}

/**
 * A Prisma client on this test file's fresh database: SQLite by default, PostgreSQL under
 * TEST_DB=postgres (tests/postgres/per-file-setup.ts). `createPrismaClient` picks by the URL.
 */
export function pipelinePrisma(url = process.env.DATABASE_URL): PrismaClient {
  if (!url) throw new Error("DATABASE_URL is not set: tests/setup/per-file.ts gives every test file its own database");
  return createPrismaClient(url);
}

export interface ShopSetup {
  autoApprove?: boolean;
  generateCount?: number;
  dailyImageCap?: number | null;
  inputQualityDetect?: number;
}

/**
 * SQLite in WAL mode, so a test reading progress never blocks a runner writing (in another process);
 * without it a reader can stall the writer's event loop in SQLite's busy wait. No-op on PostgreSQL.
 */
export async function enableWal(db: PrismaClient): Promise<void> {
  if ((process.env.DATABASE_URL ?? "").startsWith("file:")) await db.$queryRawUnsafe("PRAGMA journal_mode=WAL");
}

/** The shop's offline session (the local Admin API's token) and its settings. */
export async function seedShop(db: PrismaClient, stack: Pick<Stack, "admin">, s: ShopSetup = {}): Promise<void> {
  await enableWal(db);
  await db.session.upsert({
    where: { id: `offline_${TEST_SHOP}` },
    create: { id: `offline_${TEST_SHOP}`, shop: TEST_SHOP, state: "installed", isOnline: false, scope: "read_products,write_products,write_files", accessToken: stack.admin.accessToken },
    update: { accessToken: stack.admin.accessToken },
  });
  const data = {
    autoApprove: s.autoApprove ?? true,
    generateCount: s.generateCount ?? 1,
    dailyImageCap: s.dailyImageCap ?? null,
    inputQualityDetect: s.inputQualityDetect ?? null,
  };
  await db.shopSettings.upsert({ where: { shop: TEST_SHOP }, create: { shop: TEST_SHOP, ...data }, update: data });
}

/** Production wiring pointed at the stand-ins (credentials from the env fallback). */
export function stackDeps(db: PrismaClient, env: Record<string, string>, o: { hooks?: PipelineHooks; log?: Logger } = {}): PipelineDeps {
  return createDefaultDeps({
    db,
    env,
    credentials: async () => null,
    hooks: o.hooks,
    log: o.log ?? (process.env.PIPELINE_TEST_LOG ? consoleLogger("debug") : silentLogger),
    cacheMs: 5_000,
  });
}

/** Runner settings for tests: short leases and fast retries, so recovery happens within seconds. */
export const FAST_RUNNER = {
  submitQps: 40,
  queryQps: 150,
  pollConcurrency: 16,
  attachConcurrency: 4,
  idleMs: 200,
  retryBaseMs: 100,
  retryMaxMs: 400,
  rateLimitPauseMs: 200,
  leaseMs: { submit: 2000, poll: 2000, route: 2000, attach: 4000 },
  deadlineMs: 60_000,
  schedule: { initialEstimateMs: 250, minDelayMs: 50, maxDelayMs: 1000 },
  // A copy batch whose process died is taken over after 1.5 s (production: 2 minutes).
  fileCopy: { staleMs: 1500 },
};

/** Polls `check` until it returns a truthy value (or fails after `timeoutMs`). */
export async function waitFor<T>(check: () => Promise<T | null | undefined | false>, o: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<T> {
  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${o.what ?? "a condition"}`);
    await new Promise((r) => setTimeout(r, o.intervalMs ?? 50));
  }
}

export const gidProduct = (n: number) => `gid://shopify/Product/${n}`;
export const gidCollection = (n: number) => `gid://shopify/Collection/${n}`;

/** Jobs of a run by state. */
export async function jobStates(db: PrismaClient, runId: string): Promise<Record<string, number>> {
  const groups = await db.tryOnJob.groupBy({ by: ["state"], where: { runId }, _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.state, g._count._all]));
}

/** True when every job of the run is in a final state. */
export async function runSettled(db: PrismaClient, runId: string): Promise<boolean> {
  const active = await db.tryOnJob.count({ where: { runId, state: { notIn: ["attached", "failed", "cancelled", "removed"] } } });
  return active === 0;
}

/**
 * Waits until every job of the run is final; on timeout the error lists the jobs still open (state,
 * attempts, lease, next due time, last error) and `extra()` (e.g. runner stats), so a CI failure
 * explains itself.
 */
export async function waitSettled(db: PrismaClient, runId: string, o: { timeoutMs?: number; extra?: () => unknown } = {}): Promise<void> {
  try {
    await waitFor(() => runSettled(db, runId), { timeoutMs: o.timeoutMs ?? 90_000, what: `run ${runId} to settle` });
  } catch (error) {
    const open = await db.tryOnJob.findMany({ where: { runId, state: { notIn: ["attached", "failed", "cancelled", "removed"] } }, take: 20 });
    const rows = open.map((j) => ({ title: j.productTitle, state: j.state, attempts: j.attempts, lease: j.leaseOwner, due: j.availableAt.toISOString(), error: j.errorCode, polls: j.pollCount }));
    throw new Error(`${(error as Error).message}; still open: ${JSON.stringify(rows)}; ${JSON.stringify(o.extra?.() ?? null)}`);
  }
}
