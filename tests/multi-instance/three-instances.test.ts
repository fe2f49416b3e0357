import { fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../app/db.server";
import { buildTestCollection, tryOnMediaOf, type TestCollection } from "../helpers/pipeline-catalog";
import { seedShop, startStack, TEST_SHOP, waitFor, type Stack } from "../helpers/pipeline-stack";
import { createTestPostgresDatabase } from "../helpers/postgres";
import { startRedis, type RedisServer } from "../helpers/redis";
import { appRequestHandler } from "../helpers/remix-app";
import { adminFetchRequest } from "../helpers/shopify-requests";

/**
 * Several app instances at once: three app processes (the real Remix server build, each starting its
 * own BullMQ queue driver as production does: REDIS_URL set, RUNNER=inline) on ONE PostgreSQL and ONE
 * Redis run a 300-product collection against the local try-on service, whose own token bucket refuses
 * (501) anything over its submit limit, and the local Admin API. The run is started through one
 * instance's /api/runs; progress is read from all three through /api/runs/:id.
 */
const PRODUCTS = Number(process.env.MULTI_INSTANCE_PRODUCTS ?? 300);
/** The provider's submit limit (its bucket: this many per second, bursts of as many). */
const PROVIDER_SUBMIT_QPS = 20;

interface Instance {
  name: string;
  proc: ChildProcess;
  url: string;
  /** stdout + stderr so far (warnings and errors; shown when something times out). */
  output: () => string;
  final?: { stats: { processed: Record<string, number>; dispatched: Record<string, number>; instance: string } };
}

interface ProgressRead {
  instance: string;
  counts: Record<string, number>;
  finished: boolean;
}

let stack: Stack;
let redis: RedisServer;
let db: PrismaClient;
let collection: TestCollection;
const instances: Instance[] = [];
let runId: string;
const reads: ProgressRead[] = [];
let finalReads: ProgressRead[] = [];

function onceMessage<T>(proc: ChildProcess, type: string, timeoutMs: number, output: () => string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${type}" from instance within ${timeoutMs} ms:\n${output().slice(-2000)}`)), timeoutMs);
    const onMessage = (m: { type?: string }) => {
      if (m?.type !== type) return;
      clearTimeout(timer);
      proc.off("message", onMessage);
      resolve(m as T);
    };
    proc.on("message", onMessage);
    proc.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`instance exited (${code}) before "${type}":\n${output().slice(-2000)}`));
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
  proc.stdout!.on("data", (c) => (output += c.toString()));
  proc.stderr!.on("data", (c) => (output += c.toString()));
  const ready = await onceMessage<{ url: string; kind: string }>(proc, "ready", 90_000, () => output);
  expect(ready.kind).toBe("bullmq");
  return { name, proc, url: ready.url, output: () => output };
}

/** An authenticated request (session token, as the admin sends it) to one instance. */
async function api(instance: Instance, pathAndQuery: string, init: { json?: unknown } = {}): Promise<Response> {
  const request = await adminFetchRequest(pathAndQuery, TEST_SHOP, init);
  const url = new URL(pathAndQuery, instance.url);
  return fetch(url, { method: request.method, headers: request.headers, body: init.json === undefined ? undefined : JSON.stringify(init.json) });
}

async function readProgress(instance: Instance): Promise<ProgressRead> {
  const response = await api(instance, `/api/runs/${runId}`);
  expect(response.status, `${instance.name}: GET /api/runs/${runId}`).toBe(200);
  const body = (await response.json()) as { counts: Record<string, number>; finished: boolean };
  return { instance: instance.name, counts: body.counts, finished: body.finished };
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const final = (counts: Record<string, number>) => ["attached", "failed", "cancelled", "removed"].reduce((n, s) => n + (counts[s] ?? 0), 0);

beforeAll(async () => {
  // The app's server build, made once for all test files (tests/helpers/remix-app.ts).
  await appRequestHandler();
  const [url, r, s] = await Promise.all([
    createTestPostgresDatabase(),
    startRedis(),
    startStack({ tryon: { taskMs: 300, submitQps: PROVIDER_SUBMIT_QPS, queryQps: 400 } }),
  ]);
  redis = r;
  stack = s;
  // This file's database is the shared PostgreSQL one (helpers read DATABASE_URL to know its kind).
  process.env.DATABASE_URL = url;
  db = createPrismaClient(url);
  await seedShop(db, stack, { autoApprove: true, generateCount: 1 });
  collection = await buildTestCollection(stack.admin.store, { good: PRODUCTS, title: "Three hundred" });

  const env = {
    ...stack.env,
    DATABASE_URL: url,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: `fr-${randomUUID().slice(0, 8)}`,
    INSTANCE_SHOP: TEST_SHOP,
    // The account's limit, for the whole deployment: one global limiter in Redis enforces it.
    TRYON_SUBMIT_QPS: String(PROVIDER_SUBMIT_QPS),
    TRYON_QUERY_QPS: "300",
    RUNNER_SUBMIT_CONCURRENCY: "2",
    RUNNER_POLL_CONCURRENCY: "16",
    RUNNER_ATTACH_CONCURRENCY: "4",
  };
  instances.push(...(await Promise.all(["A", "B", "C"].map((name) => startInstance(name, env)))));

  // The merchant starts the run on instance A (its collection action → POST /api/runs).
  const t0 = Date.now();
  const started = await api(instances[0], "/api/runs", { json: { scope: { type: "collection", collectionId: collection.collectionId } } });
  expect(started.status, await started.clone().text()).toBe(202);
  runId = ((await started.json()) as { run: { id: string } }).run.id;
  const planned = Date.now();

  // Progress as the pages show it, read from every instance in turn while the run goes on.
  try {
    await waitFor(
      async () => {
        for (const instance of instances) reads.push(await readProgress(instance));
        const last = reads.at(-1)!;
        return last.finished && final(last.counts) === PRODUCTS;
      },
      { timeoutMs: 180_000, intervalMs: 250, what: `the ${PRODUCTS}-product run to finish on three instances` },
    );
  } catch (error) {
    const run = await db.tryOnRun.findUnique({ where: { id: runId } });
    throw new Error(
      `${(error as Error).message}; last progress ${JSON.stringify(reads.at(-1))}; run ${JSON.stringify(run)}; ` +
        `provider ${JSON.stringify(stack.tryon.metrics())}\n` +
        instances.map((i) => `--- ${i.name}\n${i.output().slice(-1500)}`).join("\n"),
    );
  }
  finalReads = await Promise.all(instances.map(readProgress));
  console.log(`${PRODUCTS} products: planned (POST /api/runs answered) in ${planned - t0} ms, all attached after ${Date.now() - t0} ms; ${reads.length} progress reads`);

  for (const instance of instances) {
    const done = onceMessage<NonNullable<Instance["final"]>>(instance.proc, "final", 30_000, () => "");
    instance.proc.send({ type: "stop" });
    instance.final = await done;
  }
}, 300_000);

afterAll(async () => {
  for (const instance of instances) if (instance.proc.exitCode === null) instance.proc.kill("SIGKILL");
  await db?.$disconnect();
  await Promise.allSettled([stack?.close(), redis?.stop()]);
});

describe("three app instances on one PostgreSQL and one Redis", () => {
  it("GIVEN a 300-product collection WHEN three instances work it THEN every job is done exactly once", async () => {
    const jobs = await db.tryOnJob.findMany({ where: { runId } });
    expect(jobs).toHaveLength(PRODUCTS);
    expect(jobs.every((j) => j.state === "attached")).toBe(true);
    // One submit per job, counted by the provider itself, and one task id per job.
    expect(stack.tryon.metrics().submits).toBe(PRODUCTS);
    expect(jobs.every((j) => j.attempts === 1)).toBe(true);
    expect(new Set(jobs.map((j) => j.providerTaskId)).size).toBe(PRODUCTS);
    // One try-on image on every product of the store: none lost, none attached twice.
    for (const productId of collection.productIds) expect(tryOnMediaOf(stack.admin.store, productId), productId).toHaveLength(1);
  });

  it("GIVEN the work WHEN counted per instance THEN all three did part of it and together each job once", () => {
    const submits = instances.map((i) => i.final!.stats.processed.submit);
    console.log(`submits per instance: ${instances.map((i, n) => `${i.name}=${submits[n]}`).join(" ")}`);
    for (const [n, count] of submits.entries()) expect(count, `instance ${instances[n].name}`).toBeGreaterThan(0);
    expect(submits.reduce((a, b) => a + b, 0)).toBe(PRODUCTS);
  });

  it("GIVEN the provider's limit WHEN three instances submit at once THEN it is never exceeded (no 501 from its token bucket)", async () => {
    const answers = stack.tryon.metrics().requests;
    const submit501 = Object.entries(answers)
      .filter(([endpoint]) => endpoint.includes("/ai/virtual/tryon") && !endpoint.includes("results"))
      .reduce((n, [, codes]) => n + (codes["501"] ?? 0), 0);
    expect(submit501).toBe(0);
    const jobs = await db.tryOnJob.findMany({ where: { runId }, select: { rateLimitedCount: true, submittedAt: true } });
    expect(jobs.reduce((n, j) => n + j.rateLimitedCount, 0)).toBe(0);
    // For the log: the busiest wall-clock second of accepted submits.
    const perSecond = new Map<number, number>();
    for (const j of jobs) perSecond.set(Math.floor(j.submittedAt!.getTime() / 1000), (perSecond.get(Math.floor(j.submittedAt!.getTime() / 1000)) ?? 0) + 1);
    console.log(`submits: busiest second ${Math.max(...perSecond.values())} (provider limit ${PROVIDER_SUBMIT_QPS}/s), over ${perSecond.size} s`);
  });

  it("GIVEN progress read from every instance during and after the run THEN all agree: totals never shrink, finished counts never go back, and the end is identical everywhere", async () => {
    expect(reads.length).toBeGreaterThan(instances.length);
    // Reads happen one after another across instances; the database is the one source of truth, so a
    // later read on any instance never shows fewer jobs or fewer finished jobs than an earlier one.
    for (let i = 1; i < reads.length; i++) {
      expect(total(reads[i].counts), `read ${i} (${reads[i].instance})`).toBeGreaterThanOrEqual(total(reads[i - 1].counts));
      expect(final(reads[i].counts), `read ${i} (${reads[i].instance})`).toBeGreaterThanOrEqual(final(reads[i - 1].counts));
    }
    // Every instance saw the run in progress, not only the end.
    for (const instance of instances) {
      expect(reads.some((r) => r.instance === instance.name && final(r.counts) < PRODUCTS), instance.name).toBe(true);
    }
    const groups = await db.tryOnJob.groupBy({ by: ["state"], where: { runId }, _count: { _all: true } });
    const truth = Object.fromEntries(groups.map((g) => [g.state, g._count._all]));
    for (const r of finalReads) {
      expect(r.finished, r.instance).toBe(true);
      expect(Object.fromEntries(Object.entries(r.counts).filter(([, n]) => n > 0)), r.instance).toEqual(truth);
    }
  });
});
