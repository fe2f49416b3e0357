/**
 * The app side of a benchmark run, in its own process: the production pipeline wiring
 * (app/pipeline/deps.server.ts) pointed at the local stand-ins, the in-process runner, and startRun on
 * a whole collection — what the merchant's "Generate for this collection" does.
 *
 * Driven by the bench process over IPC (bench/lib/child.ts):
 *   child → ready
 *   parent → start              child: runner on, startRun → "startRun" (t), "planned" (t, estimate)
 *                               child: watches progress → "generated" when no job is queued/submitting/
 *                               polling/succeeded any more (every result is in, or the job failed)
 *   parent → approveAll         child: approves every image of the run → "approved"; → "attached" when
 *                               nothing is awaiting review or attaching
 *   parent → awaitCopies        child → "copied" once every result of the run is copied into the shop's
 *                               Files and READY (or failed), or after timeoutMs (default 120 s)
 *   parent → sampleRequests n   child → "requests" (the first n jobs' seed requests, for the baseline)
 *   parent → stop               child: runner stops → "final" (runner, pacer and memory figures), exits
 *
 * Config: BENCH_CHILD (JSON, see ChildConfig) plus DATABASE_URL, AIDGE_BASE_URL, AIDGE_APP_KEY,
 * AIDGE_APP_SECRET, LOCAL_ADMIN_API_URL in the environment.
 */
import { readFileSync } from "node:fs";
import { createPrismaClient } from "../../app/db-client.server";
import { pacerForShop } from "../../app/catalog";
import { createDefaultDeps } from "../../app/pipeline/deps.server";
import { consoleLogger, silentLogger } from "../../app/pipeline/ports";
import { createQueueDriver } from "../../app/pipeline/driver";
import type { RunnerConfig } from "../../app/pipeline/runner.server";
import { createPipeline } from "../../app/pipeline/service.server";
import { fromParent, toParent, type ChildMessage } from "../lib/child";

/**
 * This process's own peak resident memory: the kernel's high-water mark of its address space (VmHWM),
 * read at the end so no peak between two of the parent's samples is missed. Not getrusage's maxRSS:
 * Linux keeps that across exec, so a child spawned by a larger process reports the parent's size
 * (a 600 MB parent's child reports 604 MB with a VmHWM of 39 MB). Null where /proc is missing.
 */
function ownHighWaterMark(): number | null {
  try {
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

export interface ChildConfig {
  shop: string;
  collectionGid: string;
  /** The local Admin API's access token (stored as the shop's offline session). */
  accessToken: string;
  /** Shop settings: approve results without review (default false: results wait for review). */
  autoApprove?: boolean;
  /** Images per product (shop default); default the seed's 4. */
  generateCount?: number;
  /** Runner configuration (partial; defaults are the app's). */
  runner: Partial<RunnerConfig>;
  /** Run a queue driver here; default true. */
  runnerOn?: boolean;
  /** redis://… — the BullMQ driver (several processes share the provider limit); default the in-process runner. */
  redisUrl?: string;
  /** BullMQ key prefix (one per benchmark run). */
  prefix?: string;
  /** This process starts the run (the merchant's click); default true. Others only work its jobs. */
  startsRun?: boolean;
  /** Time a dry-run estimate of the collection before starting it (message "estimated"). */
  estimateFirst?: boolean;
  /** How often progress is read, ms; default 250. */
  watchMs?: number;
}

/** Largest values seen of process.memoryUsage() (bytes): where resident memory goes (JS heap vs native). */
const memoryPeaks = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
function sampleMemory() {
  const m = process.memoryUsage();
  for (const k of Object.keys(memoryPeaks) as Array<keyof typeof memoryPeaks>) memoryPeaks[k] = Math.max(memoryPeaks[k], m[k]);
  return m;
}

/** CPU this process used so far (user + system), ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const GENERATING = ["queued", "submitting", "polling", "succeeded"];
const AFTER_REVIEW = ["awaiting_review", "attaching"];

async function main() {
  const config = JSON.parse(process.env.BENCH_CHILD ?? "{}") as ChildConfig;
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is required");
  const db = createPrismaClient(url);
  const env = { ...process.env };
  const deps = createDefaultDeps({
    db,
    env,
    credentials: async () => null, // AIDGE_APP_KEY / AIDGE_APP_SECRET from the environment
    log: process.env.BENCH_VERBOSE === "1" ? consoleLogger("info", { component: "bench-child" }) : silentLogger,
  });
  const pipeline = createPipeline(deps);
  const runnerOn = config.runnerOn ?? true;
  const runner = await createQueueDriver(deps, { ...config.runner, ...(config.redisUrl ? { redisUrl: config.redisUrl, prefix: config.prefix } : {}) });
  if (runnerOn) deps.notify = runner.wake;
  const shop = config.shop;
  const watchMs = config.watchMs ?? 250;

  await db.session.upsert({
    where: { id: `offline_${shop}` },
    create: { id: `offline_${shop}`, shop, state: "installed", isOnline: false, scope: "read_products,write_products,write_files", accessToken: config.accessToken },
    update: { accessToken: config.accessToken },
  });
  const settings = { autoApprove: config.autoApprove ?? false, ...(config.generateCount ? { generateCount: config.generateCount } : {}) };
  await db.shopSettings.upsert({ where: { shop }, create: { shop, ...settings }, update: settings });

  const counts = async (runId: string) => {
    const groups = await db.tryOnJob.groupBy({ by: ["state"], where: { shop, runId }, _count: { _all: true } });
    return Object.fromEntries(groups.map((g) => [g.state, g._count._all])) as Record<string, number>;
  };
  const busy = (c: Record<string, number>, states: string[]) => states.reduce((n, s) => n + (c[s] ?? 0), 0);

  let runId: string | null = null;
  let planned = false;

  process.on("message", (m: ChildMessage) => {
    void handle(m).catch((error: unknown) => {
      toParent({ type: "error", message: (error as Error)?.stack ?? String(error) });
    });
  });

  async function waitUntil(states: string[]): Promise<Record<string, number>> {
    for (;;) {
      const c = await counts(runId!);
      toParent({ type: "progress", t: Date.now(), counts: c, memory: sampleMemory() });
      if (planned && busy(c, states) === 0) return c;
      await new Promise((r) => setTimeout(r, watchMs));
    }
  }

  async function handle(m: ChildMessage) {
    if (m.type === "start") {
      if (runnerOn) await runner.start();
      if (config.startsRun === false) {
        toParent({ type: "working", t: Date.now() });
        return;
      }
      if (config.estimateFirst) {
        const e0 = Date.now();
        const estimate = await pipeline.startRun(shop, { type: "collection", collectionId: config.collectionGid }, {}, { dryRun: true });
        toParent({ type: "estimated", ms: Date.now() - e0, estimate: estimate.estimate });
      }
      const t0 = Date.now();
      toParent({ type: "startRun", t: t0, cpuMs: cpuMs() });
      // startRun streams the collection and creates jobs in batches; the runner starts on the first batch.
      const started = pipeline.startRun(shop, { type: "collection", collectionId: config.collectionGid }, {});
      // The run row exists before planning ends: find it so progress can be watched meanwhile.
      for (;;) {
        const row = await db.tryOnRun.findFirst({ where: { shop }, orderBy: { createdAt: "desc" }, select: { id: true } });
        if (row) {
          runId = row.id;
          break;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      // Progress is watched while planning goes on; "generated" needs planning to have ended too.
      const watching = waitUntil(GENERATING);
      const result = await started;
      planned = true;
      toParent({ type: "planned", t: Date.now(), runId: result.runId, estimate: result.estimate, planError: result.planError });
      const c = await watching;
      const times = await db.tryOnJob.aggregate({ where: { runId: runId! }, _min: { submittedAt: true, submitStartedAt: true }, _max: { resultAt: true, finishedAt: true } });
      const polls = await db.tryOnJob.aggregate({ where: { runId: runId! }, _sum: { pollCount: true, rateLimitedCount: true, attempts: true } });
      // Where each task's time went: the submit call (submitStartedAt → submittedAt) and the provider
      // (submittedAt → resultAt, polling delay included).
      // Read in pages: this process's peak memory is what the scale workload measures, and 100,000 rows
      // read at once would be the bench's own peak, not the app's.
      const timing = { tasks: 0, submitCallMsTotal: 0, providerMsTotal: 0, lastSubmittedAt: null as number | null };
      for (let cursor: string | undefined; ; ) {
        const rows = await db.tryOnJob.findMany({
          where: { runId: runId! },
          orderBy: { id: "asc" },
          take: 2000,
          ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
          select: { id: true, submitStartedAt: true, submittedAt: true, resultAt: true },
        });
        for (const r of rows) {
          if (!r.submittedAt) continue;
          timing.tasks++;
          timing.lastSubmittedAt = Math.max(timing.lastSubmittedAt ?? 0, r.submittedAt.getTime());
          if (r.submitStartedAt) timing.submitCallMsTotal += r.submittedAt.getTime() - r.submitStartedAt.getTime();
          if (r.resultAt) timing.providerMsTotal += r.resultAt.getTime() - r.submittedAt.getTime();
        }
        if (rows.length < 2000) break;
        cursor = rows[rows.length - 1].id;
      }
      toParent({
        type: "generated",
        t: Date.now(),
        counts: c,
        firstSubmitStartedAt: times._min.submitStartedAt?.getTime() ?? null,
        firstSubmittedAt: times._min.submittedAt?.getTime() ?? null,
        lastResultAt: times._max.resultAt?.getTime() ?? null,
        lastFinishedAt: times._max.finishedAt?.getTime() ?? null,
        pollCount: polls._sum.pollCount ?? 0,
        rateLimitedCount: polls._sum.rateLimitedCount ?? 0,
        attempts: polls._sum.attempts ?? 0,
        timing,
        cpuMs: cpuMs(),
        runner: runner.stats(),
      });
    } else if (m.type === "approveAll") {
      const pacer = pacerForShop(shop);
      const before = { ...pacer.metrics };
      const t = Date.now();
      const review = await pipeline.approve(shop, { runId: runId! });
      toParent({ type: "approved", t, tReturned: Date.now(), review });
      const c = await waitUntil(AFTER_REVIEW);
      const last = await db.tryOnImage.aggregate({ where: { runId: runId!, attachState: "attached" }, _max: { updatedAt: true }, _count: { _all: true } });
      const failedImages = await db.tryOnImage.findMany({ where: { runId: runId!, attachState: "failed" }, select: { errorMessage: true }, take: 20 });
      const after = pacer.metrics;
      toParent({
        type: "attached",
        t: Date.now(),
        counts: c,
        imagesAttached: last._count._all,
        lastAttachedAt: last._max.updatedAt?.getTime() ?? null,
        failedImages: failedImages.map((f) => f.errorMessage),
        pacer: Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]])),
      });
    } else if (m.type === "awaitCopies") {
      const deadline = Date.now() + Number(m.timeoutMs ?? 120_000);
      for (;;) {
        const groups = await db.tryOnImage.groupBy({ by: ["copyState"], where: { runId: runId! }, _count: { _all: true } });
        const byState = Object.fromEntries(groups.map((g) => [g.copyState, g._count._all])) as Record<string, number>;
        const awaitingReady = await db.tryOnImage.count({ where: { runId: runId!, copyState: "copied", fileUrl: null } });
        const pending = (byState.none ?? 0) + (byState.copying ?? 0) + awaitingReady;
        const timedOut = Date.now() > deadline;
        if (pending === 0 || timedOut) {
          toParent({ type: "copied", t: Date.now(), byState, awaitingReady, timedOut: pending > 0, cpuMs: cpuMs(), runner: runner.stats() });
          return;
        }
        await new Promise((r) => setTimeout(r, watchMs));
      }
    } else if (m.type === "sampleRequests") {
      const rows = await db.tryOnJob.findMany({ where: { runId: runId!, state: { not: "failed" } }, orderBy: { createdAt: "asc" }, take: Number(m.n), select: { requestJson: true } });
      toParent({ type: "requests", requests: rows.map((r) => JSON.parse(r.requestJson)) });
    } else if (m.type === "stop") {
      if (runnerOn) await runner.stop(5_000);
      const usage = process.resourceUsage();
      sampleMemory();
      toParent({ type: "final", runner: runner.stats(), pacer: pacerForShop(shop).metrics, memoryPeaks, maxRssBytes: usage.maxRSS * 1024, hwmBytes: ownHighWaterMark(), cpuUserMs: usage.userCPUTime / 1000, cpuSystemMs: usage.systemCPUTime / 1000 });
      await db.$disconnect();
      // Let the IPC message flush before leaving.
      setTimeout(() => process.exit(0), 50);
    }
  }

  toParent({ type: "ready", pid: process.pid });
  await fromParent("never"); // keep the process alive; "stop" exits
}

main().catch((error: unknown) => {
  toParent({ type: "error", message: (error as Error)?.stack ?? String(error) });
  console.error(error);
  process.exit(1);
});
