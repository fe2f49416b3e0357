/**
 * Smoke test of the benchmarks: every workload runs TINY (seconds, not meaningful numbers) through the
 * same code `npm run bench` uses, so the benchmarks keep working as the app changes. It checks that each
 * figure is produced and sane — every job reached the end it should, counts add up — and never asserts
 * on timing (speed is what `npm run bench` reports, not what a test may fail on).
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseBenchArgs, WORKLOADS, type BenchOptions } from "./lib/args";
import { renderTable, writeResults, type BenchResults, type Figure, type WorkloadResult } from "./lib/report";
import { runBench } from "./run";

const options = parseBenchArgs(["--tiny"]) as BenchOptions;
let results: BenchResults;

const workload = (name: string): WorkloadResult => {
  const w = results.workloads.find((x) => x.name === name);
  if (!w) throw new Error(`workload ${name} did not run`);
  return w;
};
const fig = (w: WorkloadResult, key: string): Figure => {
  const f = w.figures.find((x) => x.key === key);
  if (!f) throw new Error(`${w.name} has no figure "${key}" (it has: ${w.figures.map((x) => x.key).join(", ")}; error: ${w.error ?? "none"})`);
  return f;
};
const value = (w: WorkloadResult, key: string): number => {
  const f = fig(w, key);
  if (f.value === null) throw new Error(`${w.name}.${key} was not measured: ${f.note ?? ""}`);
  return f.value;
};

beforeAll(async () => {
  results = await runBench(options, { command: "bench smoke test (--tiny)", log: () => {} });
}, 900_000);

describe("npm run bench --tiny (smoke)", () => {
  it("GIVEN --tiny WHEN the bench runs THEN every workload ran without an error", () => {
    expect(results.workloads.map((w) => w.name)).toEqual([...WORKLOADS]);
    for (const w of results.workloads) expect(w.error, `${w.name}: ${w.error}`).toBeUndefined();
  });

  it("GIVEN the throughput workload WHEN the run ends THEN every product got results, the bound ratio and per-task queries are figures, and the baseline ran", () => {
    const w = workload("throughput");
    const estimate = w.params.estimate as { products: number; productsToGenerate: number };
    expect(estimate.products).toBe(options.products);
    expect(estimate.productsToGenerate).toBe(options.products);
    expect(value(w, "jobsFailed")).toBe(0);
    expect(w.params.submitsAccepted).toBe(options.products);
    expect(value(w, "wallS")).toBeGreaterThan(0);
    expect(value(w, "boundS")).toBeCloseTo(options.products / options.qps + options.taskMs / 1000, 2);
    expect(value(w, "boundOverWall")).toBeGreaterThan(0);
    expect(fig(w, "boundOverWall").target).toEqual({ op: ">=", value: options.qps >= 100 ? 0.9 : 0.95 });
    // Each finished task needs at least one results query.
    expect(value(w, "queriesPerTask")).toBeGreaterThanOrEqual(1);
    expect(value(w, "answers501")).toBeGreaterThanOrEqual(0);
    expect(w.params.baselineTasksMeasured).toBe(options.baselineProducts);
    expect(w.params.baselineFailed).toBe(0);
    expect(value(w, "baselineQueriesPerTask")).toBeGreaterThanOrEqual(1);
    expect(value(w, "speedup")).toBeGreaterThan(0);
  });

  it("GIVEN the throughput workload WHEN the run ends THEN where the time went is a set of figures, with the issue's targets on planning rate and app CPU", () => {
    const w = workload("throughput");
    expect(w.params.generateCount).toBe(options.generateCount);
    expect(value(w, "timePlanningS")).toBeGreaterThan(0);
    expect(value(w, "timeToFirstSubmitS")).toBeGreaterThan(0);
    // The critical path's parts lie inside the wall time.
    expect(value(w, "timeToFirstSubmitS") + value(w, "timeSubmitSpanS") + value(w, "timeTailS")).toBeCloseTo(value(w, "wallS"), 0);
    expect(value(w, "submitLimiterWaitMsPerTask")).toBeGreaterThanOrEqual(0);
    expect(value(w, "submitLimiterIdleS")).toBeGreaterThanOrEqual(0);
    expect(value(w, "submitCallMsPerTask")).toBeGreaterThanOrEqual(0);
    // The provider cannot finish a task sooner than the task time after the submit call began.
    expect(value(w, "providerMsPerTask") + value(w, "submitCallMsPerTask")).toBeGreaterThanOrEqual(options.taskMs - 1);
    expect(value(w, "appCpuMsPerTask")).toBeGreaterThan(0);
    expect(fig(w, "appCpuMsPerTask").target).toEqual({ op: "<=", value: 10 });
    expect(fig(w, "planningProductsPerS").target).toEqual({ op: ">=", value: 200 });
    expect(w.notes.some((n) => n.startsWith("bottleneck: "))).toBe(true);
  });

  it("GIVEN the throughput workload WHEN every result is copied into Files THEN the copies and the Admin API points they cost are figures", () => {
    const w = workload("throughput");
    const images = options.products * options.generateCount;
    expect(value(w, "filesCopied")).toBe(images);
    expect(value(w, "filesCopyDoneS")).toBeGreaterThanOrEqual(value(w, "wallS") - 0.5);
    expect(value(w, "adminPointsTotal")).toBeGreaterThan(0);
    expect(value(w, "adminPointsPerTask")).toBeCloseTo(value(w, "adminPointsTotal") / options.products, 1);
    expect(value(w, "adminPointsFilesCopyPerImage")).toBeGreaterThan(0);
    expect(value(w, "adminPointsFilesCopyPerImage") * images).toBeLessThanOrEqual(value(w, "adminPointsTotal"));
  });

  it("GIVEN the attach workload WHEN every image is approved THEN every image is attached, points per image are counted and nothing failed on THROTTLED", () => {
    const w = workload("attach");
    expect(value(w, "imagesAttached")).toBe(options.attachProducts * options.generateCount);
    expect(value(w, "pointsPerImage")).toBeGreaterThan(0);
    expect(value(w, "attachImagesPerS")).toBeGreaterThan(0);
    expect(value(w, "throttledFailures")).toBe(0);
    // The ≥ 0.8 target applies when the phase drains the bucket; when the bucket covers it (tiny sizes) there is no bound, and the note says so.
    const bound = fig(w, "attachBoundOverWall");
    if (bound.value === null) {
      expect(bound.target).toBeUndefined();
      expect(bound.note).toMatch(/fit in the bucket/);
    } else expect(bound.target).toEqual({ op: ">=", value: 0.8 });
  });

  it("GIVEN the scale workload WHEN the run ends THEN jobs, time to first submit, peak RSS, estimate and database size are figures with the issue's targets", () => {
    const w = workload("scale");
    expect(value(w, "jobs")).toBe(options.scaleProducts);
    expect(value(w, "timeToFirstSubmitS")).toBeGreaterThan(0);
    expect(fig(w, "timeToFirstSubmitS").target).toEqual({ op: "<", value: 3 });
    expect(value(w, "estimateS")).toBeGreaterThan(0);
    expect(fig(w, "estimateS").target).toEqual({ op: "<", value: 5 });
    expect(value(w, "peakRssMB")).toBeGreaterThan(20);
    expect(fig(w, "peakRssMB").target).toEqual({ op: "<", value: 250 });
    // Where the time went, as in workload 1.
    expect(value(w, "timeSubmitSpanS")).toBeGreaterThanOrEqual(0);
    expect(value(w, "appCpuMsPerTask")).toBeGreaterThan(0);
    expect(value(w, "dbSizeMB")).toBeGreaterThan(0);
    expect(value(w, "answers501")).toBeGreaterThanOrEqual(0);
  });

  it("GIVEN the pages workload WHEN the jobs are stored THEN p50 ≤ p95 for Products, Run and Review", () => {
    const w = workload("pages");
    for (const page of ["products", "run", "review"]) {
      const p50 = value(w, `${page}P50Ms`);
      const p95 = value(w, `${page}P95Ms`);
      expect(p50).toBeGreaterThan(0);
      expect(p95).toBeGreaterThanOrEqual(p50);
    }
    expect((w.params.stored as { jobs: number }).jobs).toBe(options.pagesJobs);
  });

  it("GIVEN the scale-out workload WHEN several workers share the provider THEN both runs finished every job and the rate-limit figures are produced", () => {
    const w = workload("scaleout");
    expect(value(w, "jobsFailedMulti")).toBe(0);
    expect(value(w, "jobsFailedSingle")).toBe(0);
    expect(value(w, "submit501Multi")).toBeGreaterThanOrEqual(0);
    expect(value(w, "maxSubmitsPerSecondMulti")).toBeGreaterThan(0);
    expect(value(w, "throughputRatio")).toBeGreaterThan(0);
    expect(w.params.workers).toBe(options.workers);
  });

  it("GIVEN the results WHEN printed and written THEN the table names every workload with its parameters and the JSON round-trips", () => {
    const table = renderTable(results);
    for (const w of results.workloads) {
      expect(table).toContain(`[${w.name}]`);
      expect(table).toContain("params: ");
    }
    expect(table).toContain("TINY");
    const file = path.resolve(`tmp/bench-smoke-${process.pid}.json`);
    writeResults(file, results);
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, "utf8")).workloads).toHaveLength(results.workloads.length);
    rmSync(file);
  });
});
