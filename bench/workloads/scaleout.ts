/**
 * Workload 5 — scale-out. Workload 1 (a collection of N products, provider limited to Q submits/s,
 * tasks of T s) worked by several app processes on the BullMQ driver (one private redis-server), and
 * the same run worked by ONE process on the same driver. The provider's limit is shared through Redis,
 * so more processes must not mean more submits per second: the figures are the provider's 501 answers
 * (its own token bucket refuses anything over Q/s; target 0 in the multi-process run) and the
 * throughput of the multi-process run against the single-process one (target: within 10%).
 *
 * The first process also starts the run (the app instance where the merchant clicked); the others only
 * work its jobs. Every process uses the same SQLite database (the source of truth) and the same runner
 * settings (submitQps = Q, queryQps = the provider's query limit).
 */
import os from "node:os";
import type { RunnerConfig } from "../../app/pipeline/runner.server";
import { startRedis, type RedisServer } from "../../tests/helpers/redis";
import { expectMessage, startAppRun, type FinalMessage, type GeneratedMessage, type PlannedMessage } from "../lib/app-run";
import type { AppChild } from "../lib/child";
import { figure, round, type WorkloadResult } from "../lib/report";
import { API_SUBMIT, codes, maxInWindow, rateLimitedAnswers } from "../lib/services";
import { submitRate } from "./throughput";

export interface ScaleOutParams {
  products: number;
  qps: number;
  queryQps: number;
  taskMs: number;
  workers: number;
  runner?: Partial<RunnerConfig>;
}

interface RunOutcome {
  processes: number;
  tasks: number;
  wallMs: number;
  failed: number;
  submit501: number;
  query501: number;
  maxPerSecond: number;
  submitRate: number | null;
  submitsAccepted: number;
  /** Submit steps each process ran (BullMQ driver stats). */
  submitsPerProcess: number[];
  planError: string | null;
  /** startRun called → planning finished, ms (planning runs in the first process only). */
  planningMs: number;
  /** CPU used by all app processes, ms. */
  appCpuMs: number;
  loadAvg1m: number;
}

async function stopAll(children: AppChild[]): Promise<FinalMessage[]> {
  const finals = children.map((c) => expectMessage<FinalMessage>(c, "final", 60_000));
  for (const c of children) c.send({ type: "stop" });
  return Promise.all(finals);
}

async function oneRun(p: ScaleOutParams, processes: number, redis: RedisServer): Promise<RunOutcome> {
  const runner: Partial<RunnerConfig> = { submitQps: p.qps, queryQps: p.queryQps, ...p.runner };
  const run = await startAppRun({
    name: `scaleout-${processes}p`,
    products: p.products,
    tryon: { submitQps: p.qps, queryQps: p.queryQps, taskMs: p.taskMs },
    runner,
    processes,
    redisUrl: redis.url,
  });
  try {
    // Workers first, so every process is pulling from the queues when the first jobs appear.
    const working = run.children.slice(1).map((c) => expectMessage(c, "working", 120_000));
    for (const c of run.children.slice(1)) c.send({ type: "start" });
    await Promise.all(working);
    const planned = expectMessage<PlannedMessage>(run.child, "planned");
    const generated = expectMessage<GeneratedMessage>(run.child, "generated");
    run.child.send({ type: "start" });
    const t0 = (await expectMessage<{ type: string; t: number }>(run.child, "startRun")).t;
    const plan = await planned;
    const gen = await generated;
    const finals = await stopAll(run.children);
    const m = run.tryon.metrics();
    const r501 = rateLimitedAnswers(m);
    return {
      processes,
      tasks: plan.estimate.productsToGenerate,
      wallMs: (gen.lastResultAt ?? gen.t) - t0,
      failed: gen.counts.failed ?? 0,
      submit501: r501.submit,
      query501: r501.query,
      maxPerSecond: maxInWindow(run.tryon.acceptedSubmitTimes),
      submitRate: submitRate(run.tryon.acceptedSubmitTimes),
      submitsAccepted: codes(m, API_SUBMIT)["200"] ?? 0,
      submitsPerProcess: finals.map((f) => Number((f.runner as { processed?: { submit?: number } })?.processed?.submit ?? 0)),
      planError: plan.planError,
      planningMs: plan.t - t0,
      appCpuMs: round(finals.reduce((sum, f) => sum + f.cpuUserMs + f.cpuSystemMs, 0), 0),
      loadAvg1m: round(os.loadavg()[0]),
    };
  } finally {
    await run.close();
  }
}

export async function scaleOutWorkload(p: ScaleOutParams): Promise<WorkloadResult> {
  const started = Date.now();
  const result: WorkloadResult = {
    name: "scaleout",
    title: `Scale-out: workload 1 (${p.products} products, provider ${p.qps} submits/s, tasks ${p.taskMs / 1000} s) on BullMQ, ${p.workers} processes vs 1`,
    params: { products: p.products, submitQps: p.qps, queryQps: p.queryQps, taskMs: p.taskMs, workers: p.workers, driver: "bullmq", runner: { submitQps: p.qps, queryQps: p.queryQps, ...p.runner }, loadAvg1mStart: round(os.loadavg()[0]) },
    figures: [],
    notes: [],
    durationMs: 0,
  };
  const redis = await startRedis();
  try {
    const single = await oneRun(p, 1, redis);
    const multi = await oneRun(p, p.workers, redis);
    const boundMs = (multi.tasks / p.qps) * 1000 + p.taskMs;
    result.figures.push(
      figure({ key: "wallSingleS", label: `wall time, 1 process, ${single.tasks} tasks`, value: round(single.wallMs / 1000, 2), unit: "s" }),
      figure({ key: "wallMultiS", label: `wall time, ${p.workers} processes, ${multi.tasks} tasks`, value: round(multi.wallMs / 1000, 2), unit: "s", note: `bound N/Q + T = ${round(boundMs / 1000, 1)} s` }),
      figure({
        key: "throughputRatio",
        label: `throughput ${p.workers} processes ÷ 1 process`,
        value: round(single.wallMs / single.tasks / (multi.wallMs / multi.tasks), 3),
        unit: "",
        target: { op: "within", value: 1, tolerance: 0.1 },
        note: "tasks per second of each run (wall = startRun → last result)",
      }),
      figure({ key: "submit501Multi", label: `provider 501 answers to submits, ${p.workers} processes`, value: multi.submit501, unit: "count", target: { op: "==", value: 0 }, note: `query 501s: ${multi.query501}` }),
      figure({ key: "submit501Single", label: "provider 501 answers to submits, 1 process", value: single.submit501, unit: "count", note: `query 501s: ${single.query501}` }),
      figure({
        key: "maxSubmitsPerSecondMulti",
        label: `most submits accepted in any 1 s, ${p.workers} processes`,
        value: multi.maxPerSecond,
        unit: "submits",
        note: `limit ${p.qps}/s (the provider's bucket also allows a burst of ${Math.max(1, Math.round(p.qps))}); sliding window over answer times, so ±1 from network jitter; achieved rate ${multi.submitRate ?? "n/a"}/s`,
      }),
      figure({ key: "jobsFailedMulti", label: `jobs failed, ${p.workers} processes`, value: multi.failed, unit: "count" }),
      figure({ key: "jobsFailedSingle", label: "jobs failed, 1 process", value: single.failed, unit: "count" }),
    );
    result.params.submitsPerProcessMulti = multi.submitsPerProcess;
    result.params.submitsAccepted = { single: single.submitsAccepted, multi: multi.submitsAccepted };
    result.params.submitRate = { single: single.submitRate, multi: multi.submitRate };
    result.params.planningS = { single: round(single.planningMs / 1000, 1), multi: round(multi.planningMs / 1000, 1) };
    result.params.appCpuS = { single: round(single.appCpuMs / 1000, 1), multi: round(multi.appCpuMs / 1000, 1) };
    result.params.loadAvg1mAtEnd = { single: single.loadAvg1m, multi: multi.loadAvg1m };
    result.notes.push(
      `planning (first process only) took ${round(single.planningMs / 1000, 1)} s with 1 process and ${round(multi.planningMs / 1000, 1)} s with ${p.workers}; 1-min load at the end of each run: ${single.loadAvg1m} / ${multi.loadAvg1m} on ${os.cpus().length} cores`,
    );
    for (const r of [single, multi]) if (r.planError) result.notes.push(`${r.processes}-process run: planning stopped early: ${r.planError}`);
  } finally {
    await redis.stop();
  }
  result.params.loadAvg1mEnd = round(os.loadavg()[0]);
  result.durationMs = Date.now() - started;
  return result;
}
