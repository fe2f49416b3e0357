/**
 * One collection run end to end: the stand-ins in this process, a fresh database, and the app side in a
 * child process (bench/app/collection-run.ts) driven over IPC. Workloads 1–3 are built from this.
 */
import type { RunnerConfig } from "../../app/pipeline/runner.server";
import type { LocalAdminApi } from "../../local/admin-api/server";
import type { ChildConfig } from "../app/collection-run";
import { startChild, type AppChild, type ChildMessage } from "./child";
import { freshDatabase, type BenchDatabase } from "./db";
import { BENCH_COLLECTION_GID, startAdminApi, startTryOnService, type AdminParams, type TryOnHandle, type TryOnParams } from "./services";

export interface AppRunSetup {
  name: string;
  products: number;
  tryon: TryOnParams;
  admin?: Omit<AdminParams, "products">;
  runner: Partial<RunnerConfig>;
  autoApprove?: boolean;
  generateCount?: number;
  /** App processes working the run (the first one starts it); default 1. */
  processes?: number;
  /** redis://… — BullMQ driver in every process; default the in-process runner. */
  redisUrl?: string;
  /** Estimate the collection (dry run, metadata only) before starting it; the child reports "estimated". */
  estimateFirst?: boolean;
}

export interface AppRun {
  tryon: TryOnHandle;
  admin: LocalAdminApi;
  db: BenchDatabase;
  /** The process that starts the run (children[0]). */
  child: AppChild;
  children: AppChild[];
  /** The environment the app side runs with (stand-in URLs, credentials, database). */
  env: Record<string, string>;
  shop: string;
  close(): Promise<void>;
}

/** The environment an app process needs to reach the stand-ins. */
export function appEnv(tryon: TryOnHandle, admin: LocalAdminApi, db: BenchDatabase): Record<string, string> {
  return {
    DATABASE_URL: db.url,
    AIDGE_BASE_URL: tryon.service.url,
    AIDGE_APP_KEY: tryon.service.appKey,
    AIDGE_APP_SECRET: tryon.service.appSecret,
    LOCAL_ADMIN_API_URL: admin.url,
    NODE_ENV: "development",
    LOG_LEVEL: "warn",
  };
}

export async function startAppRun(setup: AppRunSetup): Promise<AppRun> {
  const tryon = await startTryOnService({ maxTasks: setup.products + 1000, ...setup.tryon });
  const admin = await startAdminApi({ products: setup.products, ...setup.admin });
  const db = freshDatabase(setup.name);
  const shop = admin.store.shop.myshopifyDomain;
  const config: ChildConfig = {
    shop,
    collectionGid: BENCH_COLLECTION_GID,
    accessToken: admin.accessToken,
    autoApprove: setup.autoApprove ?? false,
    generateCount: setup.generateCount,
    runner: setup.runner,
    estimateFirst: setup.estimateFirst,
  };
  const env = appEnv(tryon, admin, db);
  const prefix = `bench-${setup.name}-${Date.now().toString(36)}`;
  const children = Array.from({ length: setup.processes ?? 1 }, (_, i) => {
    const own: ChildConfig = { ...config, startsRun: i === 0, ...(setup.redisUrl ? { redisUrl: setup.redisUrl, prefix } : {}) };
    return startChild("bench/app/collection-run.ts", { ...env, BENCH_CHILD: JSON.stringify(own) }, { label: `${setup.name}#${i + 1}` });
  });
  const child = children[0];
  await Promise.all(children.map((c) => c.next("ready", 120_000)));
  // A progress line every 10 s on stderr, so a long run shows it is alive.
  let lastLine = Date.now();
  const t0 = Date.now();
  child.process.on("message", (m: ChildMessage) => {
    if (m.type !== "progress" || Date.now() - lastLine < 10_000 || process.env.VITEST) return;
    lastLine = Date.now();
    const c = Object.entries(m.counts as Record<string, number>)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
    process.stderr.write(`[bench] ${setup.name} +${((Date.now() - t0) / 1000).toFixed(0)} s: ${c || "planning"}\n`);
  });
  return {
    tryon,
    admin,
    db,
    child,
    children,
    env,
    shop,
    async close() {
      // A profiled child (BENCH_CHILD_NODE_ARGS) writes its profile as it exits: give it the time.
      if (process.env.BENCH_CHILD_NODE_ARGS) await Promise.race([Promise.all(children.map((c) => c.exited)), new Promise((r) => setTimeout(r, 15_000))]);
      for (const c of children) c.kill();
      await Promise.all(children.map((c) => c.exited));
      await Promise.allSettled([tryon.service.close(), admin.close()]);
      db.remove();
    },
  };
}

/**
 * Waits for `type`, failing fast when the child reports an error first. Workloads set up their waits
 * before the work starts and await them in order, so a wait that times out while an earlier one is
 * still awaited must not be an unhandled rejection: that ended the first 100,000-product scale run
 * after an hour, with 90,000 products done. The caller still gets the rejection when it awaits.
 */
export function expectMessage<T extends ChildMessage>(child: AppChild, type: string, timeoutMs?: number): Promise<T> {
  const error = child.next<{ type: string; message: string }>("error", timeoutMs).then((e) => {
    throw new Error(`app process failed: ${e.message}`);
  });
  error.catch(() => undefined);
  const message = Promise.race([child.next<T>(type, timeoutMs), error]);
  message.catch(() => undefined);
  return message;
}

/** Stops the child's runner and collects its final figures. */
export async function stopChild(child: AppChild): Promise<FinalMessage> {
  const final = expectMessage<FinalMessage>(child, "final", 60_000);
  child.send({ type: "stop" });
  return final;
}

export interface GeneratedMessage extends ChildMessage {
  t: number;
  counts: Record<string, number>;
  firstSubmitStartedAt: number | null;
  firstSubmittedAt: number | null;
  lastResultAt: number | null;
  lastFinishedAt: number | null;
  pollCount: number;
  rateLimitedCount: number;
  attempts: number;
  /** Per-task time split, summed over the run's submitted jobs (ms). */
  timing?: { tasks: number; submitCallMsTotal: number; providerMsTotal: number; lastSubmittedAt: number | null };
  /** CPU the app process had used when the message was sent, ms. */
  cpuMs?: number;
  runner: unknown;
}

/** Every result of the run copied into Files (READY), or the wait timed out. */
export interface CopiedMessage extends ChildMessage {
  t: number;
  byState: Record<string, number>;
  awaitingReady: number;
  timedOut: boolean;
  cpuMs: number;
}

export interface PlannedMessage extends ChildMessage {
  t: number;
  runId: string;
  estimate: { products: number; productsToGenerate: number; imagesToGenerate: number; skippedCounts: Record<string, number> };
  planError: string | null;
}

export interface AttachedMessage extends ChildMessage {
  t: number;
  counts: Record<string, number>;
  imagesAttached: number;
  lastAttachedAt: number | null;
  failedImages: string[];
  pacer: { requests: number; throttled: number; transportRetries: number; waitedMs: number; pointsSpent: number };
}

export interface FinalMessage extends ChildMessage {
  runner: unknown;
  /** Largest process.memoryUsage() values seen (sampled with every progress read). */
  memoryPeaks?: { rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number };
  pacer: unknown;
  /** getrusage's maxRSS: on Linux it includes the spawning process's size (kept across exec); not a peak of ours. */
  maxRssBytes: number;
  /** The child's own peak resident memory (VmHWM) at the end; null where /proc is missing. */
  hwmBytes?: number | null;
  cpuUserMs: number;
  cpuSystemMs: number;
}
