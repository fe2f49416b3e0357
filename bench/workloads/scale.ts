/**
 * Workload 3 — scale. A run over a 10,000-product collection, start to the last result: the collection
 * is streamed (bulk operation, JSONL read incrementally) and planned in batches while the runner already
 * submits. Figures: time from startRun to the first submit the provider receives, peak resident memory
 * of the app process doing the run (target < 250 MB; < 300 MB at 100,000 products, issue 12.5), and the
 * database's size on disk after the run.
 *
 * Peak RSS is the kernel's high-water mark (VmHWM in /proc/<pid>/status) of the child process that runs
 * startRun and the runner, sampled every 100 ms and read once more by the child itself at the end. Not
 * process.resourceUsage().maxRSS: Linux keeps it across exec, so it reports the bench's own size when
 * that is larger.
 */
import os from "node:os";
import type { RunnerConfig } from "../../app/pipeline/runner.server";
import { expectMessage, startAppRun, stopChild, type GeneratedMessage, type PlannedMessage } from "../lib/app-run";
import { deployedRuntime, sampleRss } from "../lib/child";
import { timeBreakdown } from "../lib/breakdown";
import { figure, round, type WorkloadResult } from "../lib/report";
import { rateLimitedAnswers } from "../lib/services";
import { MB } from "../lib/stats";

export interface ScaleParams {
  /** "scale" at the default 10,000 products; another size is stored under its own name (see run.ts). */
  name?: string;
  products: number;
  qps: number;
  queryQps: number;
  taskMs: number;
  runner?: Partial<RunnerConfig>;
}

export async function scaleWorkload(p: ScaleParams): Promise<WorkloadResult> {
  const started = Date.now();
  const runner: Partial<RunnerConfig> = { submitQps: p.qps, queryQps: p.queryQps, ...p.runner };
  // Issue 12's targets: 10,000 products answer the estimate in < 5 s, submit within 3 s and peak under
  // 250 MB; 100,000 products are planned by streaming under 300 MB (no time targets: may be slow).
  const huge = p.products > 10_000;
  const rssTargetMB = huge ? 300 : 250;
  const result: WorkloadResult = {
    name: p.name ?? "scale",
    title: `Scale: one run over a ${p.products}-product collection (provider ${p.qps} submits/s, tasks ${p.taskMs / 1000} s)`,
    params: { products: p.products, submitQps: p.qps, queryQps: p.queryQps, taskMs: p.taskMs, runner, loadAvg1mStart: round(os.loadavg()[0]) },
    figures: [],
    notes: [],
    durationMs: 0,
  };
  const run = await startAppRun({ name: "scale", products: p.products, tryon: { submitQps: p.qps, queryQps: p.queryQps, taskMs: p.taskMs }, runner, estimateFirst: true });
  const rss = sampleRss(run.child.pid, 100);
  const idleRss = run.child.pid ? (await import("../lib/child")).readRss(run.child.pid) : null;
  try {
    // The run's length grows with the collection: an hour is not enough for 100,000 products here
    // (about 70 minutes on two cores), so the waits allow 200 ms per product, at least an hour.
    const runTimeoutMs = Math.max(3_600_000, p.products * 200);
    const estimated = expectMessage<{ type: string; ms: number; estimate: { products: number; unjudged?: number } }>(run.child, "estimated", runTimeoutMs);
    const planned = expectMessage<PlannedMessage>(run.child, "planned", runTimeoutMs);
    const generated = expectMessage<GeneratedMessage>(run.child, "generated", runTimeoutMs);
    // Waited for before "start" is sent: the child sends "estimated" and "startRun" back to back, and a
    // message that arrives before anyone waits for it is dropped (that race hung the bench smoke test).
    const startedRun = expectMessage<{ type: string; t: number; cpuMs: number }>(run.child, "startRun", runTimeoutMs);
    run.child.send({ type: "start" });
    const est = await estimated;
    const started0 = await startedRun;
    const t0 = started0.t;
    const plan = await planned;
    const dbAfterPlanning = run.db.sizeBytes();
    const gen = await generated;
    const final = await stopChild(run.child);
    await run.child.exited;
    const mem = rss.stop();
    // Not getrusage's maxRSS: Linux keeps it across exec, so the child reports the bench's own size
    // whenever the bench is the larger process (702.9 MB reported against a VmHWM of 388.1 MB).
    const peak = Math.max(mem.hwmBytes, mem.peakRssBytes, final.hwmBytes ?? 0);
    const firstSubmit = run.tryon.firstSubmitAt();
    const m = run.tryon.metrics();
    const r501 = rateLimitedAnswers(m);
    const dbBytes = run.db.sizeBytes();
    const wallMs = (gen.lastResultAt ?? gen.t) - t0;
    result.figures.push(
      figure({ key: "jobs", label: "jobs created", value: plan.estimate.productsToGenerate, unit: "count", note: `${plan.estimate.products} products planned; ${gen.counts.failed ?? 0} jobs failed` }),
      figure({ key: "estimateS", label: `estimate of ${est.estimate.products} products (dry run, metadata only)`, value: round(est.ms / 1000, 2), unit: "s", ...(huge ? {} : { target: { op: "<", value: 5 } }), note: `target < 5 s for 10,000 products; ${est.estimate.unjudged ?? 0} products' looks settled while planning` }),
      figure({ key: "timeToFirstSubmitS", label: "time to the first submit", value: firstSubmit ? round((firstSubmit - t0) / 1000, 2) : null, unit: "s", ...(huge ? {} : { target: { op: "<", value: 3 } }), note: "startRun called → the provider answered the first submit" }),
      figure({ key: "planningS", label: "planning time (whole collection streamed and planned)", value: round((plan.t - t0) / 1000, 1), unit: "s" }),
      figure({
        key: "peakRssMB",
        label: "peak RSS of the app process",
        value: round(peak / MB, 1),
        unit: "MB",
        target: { op: "<", value: rssTargetMB },
        note: `kernel high-water mark ${round(mem.hwmBytes / MB, 1)} MB sampled, ${final.hwmBytes ? round(final.hwmBytes / MB, 1) : "n/a"} MB read by the child at the end; sampled peak ${round(mem.peakRssBytes / MB, 1)} MB (${mem.samples} samples); getrusage maxRSS ${round(final.maxRssBytes / MB, 1)} MB (includes the bench's own size, not used); after start-up, before the run: ${idleRss ? round(idleRss.rss / MB, 1) : "n/a"} MB; run with the deployment's memory settings (package.json config, as npm run start/worker): NODE_OPTIONS=${deployedRuntime().nodeOptions || "(none)"}, MALLOC_ARENA_MAX=${deployedRuntime().mallocArenaMax || "(unset)"}`,
      }),
      figure({ key: "dbSizeMB", label: "database size after the run", value: round(dbBytes / MB, 2), unit: "MB", note: `SQLite file + WAL; ${round(dbAfterPlanning / MB, 2)} MB right after planning; ${round(dbBytes / Math.max(1, plan.estimate.productsToGenerate) / 1024, 2)} KB per job` }),
      figure({ key: "runWallS", label: "run wall time (to the last result)", value: round(wallMs / 1000, 1), unit: "s", note: `bound N/Q + T = ${round(plan.estimate.productsToGenerate / p.qps + p.taskMs / 1000, 1)} s` }),
      figure({ key: "answers501", label: "501 answers received", value: r501.submit + r501.query, unit: "count" }),
    );
    // Where the time went (same figures as workload 1; keys this workload already has are kept as they are).
    const breakdown = timeBreakdown({ t0, cpuAtStartMs: started0.cpuMs, cpuAtEndMs: gen.cpuMs ?? started0.cpuMs, plan, gen, end: gen.lastResultAt ?? gen.t, qps: p.qps, taskMs: p.taskMs, targets: false });
    const have = new Set(result.figures.map((f) => f.key));
    result.figures.push(...breakdown.figures.filter((f) => !have.has(f.key)));
    result.notes.push(breakdown.bottleneck);
    result.params.appCpuMs = round(final.cpuUserMs + final.cpuSystemMs, 0);
    if (final.memoryPeaks) {
      const mp = final.memoryPeaks;
      result.params.memoryPeaksMB = Object.fromEntries(Object.entries(mp).map(([k, v]) => [k, round(v / MB, 1)]));
      result.notes.push(
        `memory: peak JS heap used ${round(mp.heapUsed / MB, 1)} MB (heap reserved ${round(mp.heapTotal / MB, 1)} MB), external/ArrayBuffers ${round(mp.external / MB, 1)}/${round(mp.arrayBuffers / MB, 1)} MB; the rest of the RSS is native memory (code, libvips/sharp, SQLite, allocator).`,
      );
    }
    result.params.estimate = { products: plan.estimate.products, productsToGenerate: plan.estimate.productsToGenerate, skippedCounts: plan.estimate.skippedCounts };
    if (plan.planError) result.notes.push(`planning stopped early: ${plan.planError}`);
    if (plan.estimate.products !== p.products) result.notes.push(`the run planned ${plan.estimate.products} of the collection's ${p.products} products`);
  } finally {
    rss.stop();
    await run.close();
  }
  result.params.loadAvg1mEnd = round(os.loadavg()[0]);
  result.durationMs = Date.now() - started;
  return result;
}
