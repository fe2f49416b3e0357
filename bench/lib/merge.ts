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
  // The file's command, machine and times stay those of the run that measured most of it; each merged
  // workload records its own command.
  return {
    ...previous,
    workloads: [...kept, ...fresh.workloads.map((w) => ({ ...w, params: { ...w.params, command: fresh.command, measuredAt: fresh.startedAt, loadAvgStart: fresh.machine.loadAvgStart } }))],
  };
}
