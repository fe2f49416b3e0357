/**
 * `npm run bench -- [options]` (see bench/lib/args.ts or --help): runs the workloads against the local
 * stand-ins, prints the table and writes bench/results.json. Never part of `npm test`
 * (bench/bench.test.ts runs each workload TINY so they keep working).
 */
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { RunnerConfig } from "../app/pipeline/runner.server";
import { ArgsError, HELP, scaleName, parseBenchArgs, THROUGHPUT_Q100, type BenchOptions, type WorkloadName } from "./lib/args";
import { figure, machineInfo, renderTable, round, writeResults, type BenchResults, type WorkloadResult } from "./lib/report";
import { attachWorkload } from "./workloads/attach";
import { pagesWorkload } from "./workloads/pages";
import { scaleWorkload } from "./workloads/scale";
import { scaleOutWorkload } from "./workloads/scaleout";
import { throughputWorkload } from "./workloads/throughput";
import { webVitalsWorkload } from "./workloads/web-vitals";
import { mergeResults } from "./lib/merge";

/**
 * Runner settings beyond the provider limits: the app's defaults, except in --tiny smoke runs, where the
 * poll schedule starts from the (tiny) task time instead of its 8 s default so the smoke test stays short.
 */
function runnerOverrides(o: BenchOptions, taskMs: number): Partial<RunnerConfig> | undefined {
  return o.tiny ? { schedule: { initialEstimateMs: Math.max(100, taskMs) } } : undefined;
}

export function workloadRunners(o: BenchOptions): Record<WorkloadName, () => Promise<WorkloadResult>> {
  const runner = runnerOverrides(o, o.taskMs);
  return {
    throughput: () => throughputWorkload({ products: o.products, qps: o.qps, queryQps: o.queryQps, taskMs: o.taskMs, baselineProducts: o.baselineProducts, generateCount: o.generateCount, runner }),
    attach: () =>
      attachWorkload({ products: o.attachProducts, generateCount: o.generateCount, restoreRate: o.restoreRate, bucketSize: o.bucketSize, qps: o.qps, queryQps: o.queryQps, taskMs: o.taskMs, runner }),
    // A size other than the default (`--scale-products 100000`) is stored under its own name, as
    // throughput-q100 is, so `--merge` keeps the 10,000-product row next to it.
    scale: () => scaleWorkload({ name: scaleName(o), products: o.scaleProducts, qps: o.scaleQps, queryQps: o.scaleQps * 3, taskMs: o.scaleTaskMs, runner: runnerOverrides(o, o.scaleTaskMs) }),
    pages: () => pagesWorkload({ jobs: o.pagesJobs, samples: o.pagesSamples }),
    scaleout: () => scaleOutWorkload({ products: o.scaleoutProducts, qps: o.qps, queryQps: o.queryQps, taskMs: o.taskMs, workers: o.workers, runner }),
    // The same workload at Q=100 with one image per task, kept under its own name so both rows live in
    // bench/results.json (`--only throughput-q100 --merge`); --products and --task-ms apply to it too.
    "throughput-q100": () =>
      throughputWorkload({ name: "throughput-q100", products: o.products, qps: THROUGHPUT_Q100.qps, queryQps: THROUGHPUT_Q100.qps * 3, taskMs: o.taskMs, baselineProducts: THROUGHPUT_Q100.baselineProducts, generateCount: THROUGHPUT_Q100.generateCount, runner }),
    "web-vitals": () => webVitalsWorkload({ jobs: o.vitalsJobs, samples: o.vitalsSamples, pages: o.vitalsPages }),
  };
}

/**
 * When workload 1 ran with the same sizes and limits, the scale-out run is also compared with it (one
 * process, the default in-process driver): the "throughput matches one process".
 */
export function compareScaleOutWithWorkload1(results: BenchResults): void {
  const one = results.workloads.find((w) => w.name === "throughput" && !w.error);
  const out = results.workloads.find((w) => w.name === "scaleout" && !w.error);
  if (!one || !out) return;
  const same = ["products", "submitQps", "queryQps", "taskMs"].every((k) => one.params[k] === out.params[k]);
  const wallOne = one.figures.find((f) => f.key === "wallS")?.value;
  const wallMulti = out.figures.find((f) => f.key === "wallMultiS")?.value;
  const tasksOne = (one.params.estimate as { productsToGenerate?: number } | undefined)?.productsToGenerate;
  const tasksMulti = (out.params.submitsAccepted as { multi?: number } | undefined)?.multi;
  if (!same || !wallOne || !wallMulti || !tasksOne || !tasksMulti) return;
  out.figures.push(
    figure({
      key: "throughputRatioVsWorkload1",
      label: `throughput ${out.params.workers} BullMQ processes ÷ workload 1 (1 process, in-process driver)`,
      value: round(tasksMulti / wallMulti / (tasksOne / wallOne), 3),
      unit: "",
      target: { op: "within", value: 1, tolerance: 0.1 },
      note: `${tasksOne} tasks in ${wallOne} s vs ${tasksMulti} tasks in ${wallMulti} s`,
    }),
  );
}

/** Runs the selected workloads one after another (they would disturb each other's timing otherwise). */
export async function runBench(
  o: BenchOptions,
  options: { command?: string; log?: (line: string) => void; onWorkload?: (partial: BenchResults) => void } = {},
): Promise<BenchResults> {
  const log = options.log ?? ((line: string) => console.error(line));
  const results: BenchResults = {
    command: options.command ?? "npm run bench",
    startedAt: new Date().toISOString(),
    tiny: o.tiny,
    machine: machineInfo(),
    workloads: [],
  };
  const runners = workloadRunners(o);
  for (const name of o.only) {
    log(`[bench] ${name}: running… (1-min load ${round(os.loadavg()[0])})`);
    const t0 = Date.now();
    let w: WorkloadResult;
    try {
      w = await runners[name]();
    } catch (error) {
      w = { name, title: name, params: {}, figures: [], notes: [], durationMs: Date.now() - t0, error: (error as Error)?.stack ?? String(error) };
    }
    results.workloads.push(w);
    log(`[bench] ${name}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s${w.error ? " — ERROR" : ""}`);
    // Each workload's figures as soon as it ends (a full run takes a while).
    for (const f of w.figures) log(`[bench]   ${f.label}: ${f.value ?? "n/a"} ${f.unit}${f.pass === undefined ? "" : f.pass ? " PASS" : " FAIL"}`);
    options.onWorkload?.(results);
  }
  compareScaleOutWithWorkload1(results);
  results.finishedAt = new Date().toISOString();
  results.machine.loadAvgEnd = round(os.loadavg()[0], 2);
  return results;
}

async function main() {
  const argv = process.argv.slice(2);
  let o: BenchOptions | "help";
  try {
    o = parseBenchArgs(argv);
  } catch (error) {
    if (error instanceof ArgsError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`${(error as Error).message}\n\n${HELP}`);
      process.exit(2);
    }
    throw error;
  }
  if (o === "help") {
    console.log(HELP);
    return;
  }
  const command = ["npm run bench", ...(argv.length ? ["--", ...argv] : [])].join(" ");
  // The file is rewritten after every workload, so a long run interrupted late keeps what it measured.
  const out = path.resolve(o.out);
  // --merge: the workloads run replace their namesakes in the file; the others stay as they were.
  const save = (r: BenchResults) => writeResults(out, o.merge ? mergeResults(out, r) : r);
  const results = await runBench(o, { command, onWorkload: save });
  console.log(renderTable(results));
  save(results);
  console.log(`\nwrote ${o.out}`);
  const failed = results.workloads.some((w) => w.error);
  process.exit(failed ? 1 : 0);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
