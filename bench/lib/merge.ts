/**
 * `npm run bench -- --only X --merge`: the results file keeps every workload it had, with the ones just
 * run replacing their namesakes (or added), so one workload can be re-measured on its own.
 */
import { existsSync, readFileSync } from "node:fs";
import type { BenchResults } from "./report";

export function mergeResults(file: string, fresh: BenchResults): BenchResults {
  if (!existsSync(file)) return fresh;
  let previous: BenchResults;
  try {
    previous = JSON.parse(readFileSync(file, "utf8")) as BenchResults;
  } catch {
    return fresh;
  }
  if (!Array.isArray(previous.workloads)) return fresh;
  const ran = new Set(fresh.workloads.map((w) => w.name));
  const kept = previous.workloads.filter((w) => !ran.has(w.name));
  // The file's command, machine and times are those of the run that measured most of it: the earlier
  // run's while it still holds most workloads, the fresh one's once it measured more (a full
  // `npm run bench -- --merge` that keeps web-vitals). Every workload says when it was measured, so a
  // kept one keeps its date when the file's header moves on.
  const header = fresh.workloads.length > kept.length ? fresh : previous;
  const stamp = (w: BenchResults["workloads"][number], run: BenchResults) => ({
    ...w,
    params: { ...w.params, command: w.params.command ?? run.command, measuredAt: w.params.measuredAt ?? run.startedAt, loadAvgStart: w.params.loadAvgStart ?? run.machine.loadAvgStart },
  });
  return {
    ...header,
    workloads: [...kept.map((w) => stamp(w, previous)), ...fresh.workloads.map((w) => ({ ...w, params: { ...w.params, command: fresh.command, measuredAt: fresh.startedAt, loadAvgStart: fresh.machine.loadAvgStart } }))],
  };
}
