/**
 * Where a run's time went (issue 12.5), so the next bottleneck is named by the numbers:
 *
 * - the critical path of the wall time: startRun → first accepted submit (planning the first batch),
 *   first → last submit (no faster than N/Q: the provider's limit), last submit → last result
 *   (no faster than the task time T);
 * - per task: time waiting on the submit limiter, the submit call itself, the provider (submit →
 *   result, polling delay included) and the app process's own CPU;
 * - capacity the submit limiter had and nobody used (callers were not ready: planning or CPU starved it).
 *
 * Figures are added; the keys are stable (bench/results.json consumers read them).
 */
import type { RunnerStats } from "../../app/pipeline/runner.server";
import type { GeneratedMessage, PlannedMessage } from "./app-run";
import { figure, round, type Figure } from "./report";

export interface BreakdownInput {
  /** startRun called (ms since epoch) and the app's CPU then (ms). */
  t0: number;
  cpuAtStartMs: number;
  /** The app's CPU when the measured work ended (results stored, Files copies done), ms. */
  cpuAtEndMs: number;
  plan: PlannedMessage;
  gen: GeneratedMessage;
  /** When the wall time ends (the last result stored), ms since epoch. */
  end: number;
  qps: number;
  taskMs: number;
  /** Issue 12.5's targets apply to the throughput workload; other workloads show the same figures without them. */
  targets: boolean;
}

export interface Breakdown {
  figures: Figure[];
  /** One sentence naming the largest avoidable share (for the workload's notes). */
  bottleneck: string;
}

export function timeBreakdown(i: BreakdownInput): Breakdown {
  const runner = i.gen.runner as Partial<RunnerStats> | undefined;
  const limiter = runner?.submitLimiter;
  const timing = i.gen.timing;
  const tasks = Math.max(1, timing?.tasks ?? i.plan.estimate.productsToGenerate);
  const planningS = (i.plan.t - i.t0) / 1000;
  const firstSubmitS = i.gen.firstSubmittedAt ? (i.gen.firstSubmittedAt - i.t0) / 1000 : null;
  const spanS = timing?.lastSubmittedAt && i.gen.firstSubmittedAt ? (timing.lastSubmittedAt - i.gen.firstSubmittedAt) / 1000 : null;
  const tailS = timing?.lastSubmittedAt ? (i.end - timing.lastSubmittedAt) / 1000 : null;
  const idealSpanS = Math.max(0, tasks - 1) / i.qps;
  const waitMs = limiter?.waitedMs !== undefined && limiter.acquired ? limiter.waitedMs / limiter.acquired : null;
  const idleS = limiter?.idleMs !== undefined ? limiter.idleMs / 1000 : null;
  const appCpuMsPerTask = (i.cpuAtEndMs - i.cpuAtStartMs) / tasks;
  const planningRate = i.plan.estimate.products / Math.max(0.001, planningS);

  const figures: Figure[] = [
    figure({ key: "timePlanningS", label: "time: planning (startRun → whole collection planned)", value: round(planningS, 2), unit: "s", note: `${round(planningRate, 1)} products/s; the runner submits while planning goes on` }),
    figure({ key: "timeToFirstSubmitS", label: "time: startRun → first accepted submit", value: firstSubmitS === null ? null : round(firstSubmitS, 2), unit: "s", note: "planning the first batch, then the first submit call" }),
    figure({
      key: "timeSubmitSpanS",
      label: "time: first → last accepted submit",
      value: spanS === null ? null : round(spanS, 2),
      unit: "s",
      note: `the provider's limit allows no less than (N−1)/Q = ${round(idealSpanS, 2)} s`,
    }),
    figure({ key: "timeTailS", label: "time: last submit → last result stored", value: tailS === null ? null : round(tailS, 2), unit: "s", note: `a task takes T = ${i.taskMs / 1000} s; the rest is polling delay and storing` }),
    figure({
      key: "submitLimiterWaitMsPerTask",
      label: "per task: waiting on the submit limiter",
      value: waitMs === null ? null : round(waitMs, 1),
      unit: "ms",
      note: "submits are claimed ahead of the limiter, so a long wait means the limiter (the provider's Q) is what holds the run back",
    }),
    figure({
      key: "submitLimiterIdleS",
      label: "submit capacity unused (first → last submit)",
      value: idleS === null ? null : round(idleS, 2),
      unit: "s",
      note: "time the limiter had a token and no submit was ready: planning, the database or our CPU starved it",
    }),
    figure({
      key: "submitCallMsPerTask",
      label: "per task: the submit call (request → task id stored)",
      value: timing ? round(timing.submitCallMsTotal / tasks, 1) : null,
      unit: "ms",
    }),
    figure({
      key: "providerMsPerTask",
      label: "per task: provider time (submitted → result seen)",
      value: timing ? round(timing.providerMsTotal / tasks, 1) : null,
      unit: "ms",
      note: `task time T = ${i.taskMs} ms; above it is polling delay`,
    }),
    figure({
      key: "appCpuMsPerTask",
      label: "per task: app process CPU (planning, submits, polls, storing, Files copies)",
      value: round(appCpuMsPerTask, 2),
      unit: "ms",
      ...(i.targets ? { target: { op: "<=" as const, value: 10 } } : {}),
      note: `${round((i.cpuAtEndMs - i.cpuAtStartMs) / 1000, 2)} s of CPU from startRun to the end of the work for ${tasks} tasks; at Q=${i.qps}/s that is ${round((appCpuMsPerTask * i.qps) / 10, 1)} % of one core`,
    }),
  ];

  // Name the bottleneck: whichever share of the wall time above its ideal is largest.
  const excess: Array<[string, number]> = [
    ["planning (it finished after the submits could have)", Math.max(0, planningS - idealSpanS - (firstSubmitS ?? 0))],
    ["the first submit (planning the first batch)", firstSubmitS ?? 0],
    ["submits slower than the provider's limit (limiter idle: planning/DB/CPU starved it)", idleS ?? 0],
    ["the tail (polling delay after the last task)", Math.max(0, (tailS ?? 0) - i.taskMs / 1000)],
  ];
  excess.sort((a, b) => b[1] - a[1]);
  const [name, seconds] = excess[0];
  const bottleneck =
    seconds < 0.05 * Math.max(1, idealSpanS)
      ? `bottleneck: the provider's submit limit (Q=${i.qps}/s); nothing else cost more than 5 % of (N−1)/Q`
      : `bottleneck: ${name} — ${round(seconds, 2)} s over the ideal`;
  return { figures, bottleneck };
}
