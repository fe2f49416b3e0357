import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseBenchArgs, WORKLOADS, type BenchOptions } from "./args";
import { mergeResults } from "./merge";
import type { BenchResults, WorkloadResult } from "./report";

const machine = { cpus: 2, cpuModel: "x", totalMemMB: 1, node: "v20", platform: "linux", loadAvgStart: 1 };
const workload = (name: string, value: number): WorkloadResult => ({ name, title: name, params: {}, figures: [{ key: "k", label: "k", value, unit: "ms" }], notes: [], durationMs: 1 });
const results = (command: string, workloads: WorkloadResult[]): BenchResults => ({ command, startedAt: "2026-12-05T00:00:00.000Z", tiny: false, machine, workloads });

describe("npm run bench -- --only web-vitals --merge", () => {
  let dir = "";
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it("GIVEN --only web-vitals THEN it is accepted, its sizes default to 10,000 jobs, and the default set stays without it", () => {
    const o = parseBenchArgs(["--only", "web-vitals", "--merge"]) as BenchOptions;
    expect(o.only).toEqual(["web-vitals"]);
    expect(o.merge).toBe(true);
    expect(o.vitalsJobs).toBe(10_000);
    expect((parseBenchArgs([]) as BenchOptions).only).toEqual([...WORKLOADS]);
    expect((parseBenchArgs([]) as BenchOptions).merge).toBe(false);
  });

  it("GIVEN a results file with other workloads WHEN one workload is merged THEN the others stay as they were and the namesake is replaced", () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "bench-merge-"));
    const file = path.join(dir, "results.json");
    writeFileSync(file, JSON.stringify(results("npm run bench", [workload("throughput", 1), workload("web-vitals", 2)])));
    const merged = mergeResults(file, results("npm run bench -- --only web-vitals --merge", [workload("web-vitals", 3)]));
    expect(merged.command).toBe("npm run bench");
    expect(merged.workloads.map((w) => [w.name, w.figures[0].value])).toEqual([
      ["throughput", 1],
      ["web-vitals", 3],
    ]);
    expect(merged.workloads[1].params.command).toBe("npm run bench -- --only web-vitals --merge");
  });

  it("GIVEN a full run merged into a file that kept one other workload WHEN merged THEN the header is the full run's and the kept workload keeps its own date", () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "bench-merge-"));
    const file = path.join(dir, "results.json");
    const old = { ...results("npm run bench -- --only web-vitals --merge", [workload("web-vitals", 2), workload("throughput", 1)]), startedAt: "2026-11-25T00:00:00.000Z" };
    writeFileSync(file, JSON.stringify(old));
    const fresh = { ...results("npm run bench -- --merge", [workload("throughput", 5), workload("scale", 6)]), startedAt: "2026-12-06T00:00:00.000Z" };
    const merged = mergeResults(file, fresh);
    expect([merged.command, merged.startedAt]).toEqual(["npm run bench -- --merge", "2026-12-06T00:00:00.000Z"]);
    expect(merged.workloads.map((w) => [w.name, w.params.measuredAt])).toEqual([
      ["web-vitals", "2026-11-25T00:00:00.000Z"],
      ["throughput", "2026-12-06T00:00:00.000Z"],
      ["scale", "2026-12-06T00:00:00.000Z"],
    ]);
  });

  it("GIVEN no results file WHEN merging THEN the fresh results are written as they are", () => {
    const fresh = results("c", [workload("web-vitals", 3)]);
    expect(mergeResults("/nonexistent/results.json", fresh)).toBe(fresh);
  });
});
