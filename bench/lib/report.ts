/**
 * Figures, the printed table and bench/results.json. Every figure belongs to a workload whose
 * parameters are printed with it, and says what it measures, in which unit, and — when the issue sets
 * one — its target and whether it was met.
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export type Comparator = ">=" | "<=" | "<" | ">" | "==" | "within";

export interface Target {
  op: Comparator;
  value: number;
  /** For "within": |measured − value| ≤ tolerance. */
  tolerance?: number;
}

export interface Figure {
  /** Short, stable key (results.json consumers use it), e.g. "boundOverWall". */
  key: string;
  /** What it is, for people: "wall time ÷ bound N/Q + T". */
  label: string;
  /** null when it could not be measured (say why in `note`). */
  value: number | null;
  /** "s", "ms", "MB", "calls/task", "ratio", "images/s", "count", … */
  unit: string;
  target?: Target;
  /** Derived from value and target; absent when there is no target. */
  pass?: boolean;
  /** How it was obtained, caveats (extrapolated, load, …). */
  note?: string;
}

export interface WorkloadResult {
  /** "throughput", "attach", "scale", "pages", "scaleout". */
  name: string;
  title: string;
  /** Everything that shaped the numbers (sizes, rates, runner config, …). */
  params: Record<string, unknown>;
  figures: Figure[];
  /** Free-form observations: what limited a figure, what to change. */
  notes: string[];
  durationMs: number;
  /** Set when the workload could not run to the end. */
  error?: string;
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  totalMemMB: number;
  node: string;
  platform: string;
  /** 1-minute load average when the bench started and ended (other work on the machine). */
  loadAvgStart: number;
  loadAvgEnd?: number;
}

export interface BenchResults {
  command: string;
  startedAt: string;
  finishedAt?: string;
  tiny: boolean;
  machine: MachineInfo;
  workloads: WorkloadResult[];
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    totalMemMB: Math.round(os.totalmem() / 2 ** 20),
    node: process.version,
    platform: `${process.platform} ${os.release()}`,
    loadAvgStart: round(os.loadavg()[0], 2),
  };
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function meets(value: number, t: Target): boolean {
  switch (t.op) {
    case ">=":
      return value >= t.value;
    case "<=":
      return value <= t.value;
    case "<":
      return value < t.value;
    case ">":
      return value > t.value;
    case "==":
      return value === t.value;
    case "within":
      return Math.abs(value - t.value) <= (t.tolerance ?? 0);
  }
}

/** A figure with `pass` derived from its target (a null value never passes). */
export function figure(f: Omit<Figure, "pass">): Figure {
  if (!f.target) return f;
  return { ...f, pass: f.value !== null && Number.isFinite(f.value) && meets(f.value, f.target) };
}

function formatValue(value: number | null, unit: string): string {
  if (value === null) return "n/a";
  const abs = Math.abs(value);
  const digits = Number.isInteger(value) ? 0 : abs >= 100 ? 1 : abs >= 10 ? 2 : 3;
  return `${value.toFixed(digits)}${unit ? ` ${unit}` : ""}`;
}

function formatTarget(t: Target, unit: string): string {
  if (t.op === "within") return `${formatValue(t.value, "")} ± ${formatValue(t.tolerance ?? 0, unit)}`;
  return `${t.op} ${formatValue(t.value, unit)}`;
}

function formatParams(params: Record<string, unknown>): string {
  return Object.entries(params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" ");
}

/** The table people read: one block per workload (title, parameters, figures, notes). */
export function renderTable(results: BenchResults): string {
  const rows: string[][] = [];
  const header = ["workload", "figure", "measured", "target", "result"];
  const lines: string[] = [];
  for (const w of results.workloads) {
    for (const f of w.figures) {
      rows.push([
        w.name,
        f.label,
        formatValue(f.value, f.unit),
        f.target ? formatTarget(f.target, f.unit) : "—",
        f.pass === undefined ? "" : f.pass ? "PASS" : "FAIL",
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  const m = results.machine;
  lines.push(`Fitting Room benchmarks — ${results.startedAt}${results.tiny ? " (TINY smoke sizes: not meaningful numbers)" : ""}`);
  lines.push(`machine: ${m.cpus} × ${m.cpuModel}, ${m.totalMemMB} MB, Node ${m.node}; 1-min load ${m.loadAvgStart}${m.loadAvgEnd !== undefined ? ` → ${m.loadAvgEnd}` : ""}`);
  lines.push(`command: ${results.command}`);
  lines.push("");
  lines.push(line(header));
  lines.push(widths.map((w) => "-".repeat(w)).join("  "));
  let i = 0;
  for (const w of results.workloads) {
    for (let j = 0; j < w.figures.length; j++) lines.push(line(rows[i++]));
    if (w.error) lines.push(`${w.name}  ERROR: ${w.error}`);
  }
  lines.push("");
  for (const w of results.workloads) {
    lines.push(`[${w.name}] ${w.title} (${(w.durationMs / 1000).toFixed(1)} s)`);
    lines.push(`  params: ${formatParams(w.params)}`);
    for (const f of w.figures) if (f.note) lines.push(`  · ${f.label}: ${f.note}`);
    for (const n of w.notes) lines.push(`  note: ${n}`);
    if (w.error) lines.push(`  ERROR: ${w.error}`);
  }
  return lines.join("\n");
}

/** Writes the JSON atomically (temp file + rename), creating the directory. */
export function writeResults(file: string, results: BenchResults): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(results, null, 2)}\n`);
  renameSync(tmp, file);
}
