import { describe, expect, it } from "vitest";
import type { GeneratedMessage, PlannedMessage } from "./app-run";
import { timeBreakdown, type BreakdownInput } from "./breakdown";

const T0 = 1_000_000;

/** A run of 100 tasks at Q=10/s, T=3 s: first submit after `first` s, last after `first + span` s, done `tail` s later. */
function run(o: { first: number; span: number; tail: number; planning: number; idleMs: number; cpuMs: number }): BreakdownInput {
  const firstSubmittedAt = T0 + o.first * 1000;
  const lastSubmittedAt = firstSubmittedAt + o.span * 1000;
  const end = lastSubmittedAt + o.tail * 1000;
  const plan = { type: "planned", t: T0 + o.planning * 1000, runId: "r", estimate: { products: 100, productsToGenerate: 100, imagesToGenerate: 100, skippedCounts: {} }, planError: null } as PlannedMessage;
  const gen = {
    type: "generated",
    t: end,
    counts: {},
    firstSubmitStartedAt: firstSubmittedAt - 20,
    firstSubmittedAt,
    lastResultAt: end,
    lastFinishedAt: end,
    pollCount: 100,
    rateLimitedCount: 0,
    attempts: 100,
    timing: { tasks: 100, submitCallMsTotal: 2_000, providerMsTotal: 350_000, lastSubmittedAt },
    runner: { submitLimiter: { ratePerSec: 10, effectiveRatePerSec: 10, acquired: 100, penalties: 0, waiting: 0, waitedMs: 50_000, idleMs: o.idleMs } },
  } as GeneratedMessage;
  return { t0: T0, cpuAtStartMs: 1000, cpuAtEndMs: 1000 + o.cpuMs, plan, gen, end, qps: 10, taskMs: 3000, targets: true };
}

const values = (b: ReturnType<typeof timeBreakdown>) => Object.fromEntries(b.figures.map((f) => [f.key, f.value]));

describe("timeBreakdown", () => {
  it("GIVEN a run at the provider's limit WHEN broken down THEN the parts add up to the wall time and the limit is named as the bottleneck", () => {
    const b = timeBreakdown(run({ first: 0.3, span: 9.9, tail: 3.2, planning: 8, idleMs: 100, cpuMs: 500 }));
    const v = values(b);
    expect(v.timeToFirstSubmitS! + v.timeSubmitSpanS! + v.timeTailS!).toBeCloseTo(13.4, 5);
    expect(v).toMatchObject({ timePlanningS: 8, submitLimiterWaitMsPerTask: 500, submitLimiterIdleS: 0.1, submitCallMsPerTask: 20, providerMsPerTask: 3500, appCpuMsPerTask: 5 });
    expect(b.bottleneck).toBe("bottleneck: the provider's submit limit (Q=10/s); nothing else cost more than 5 % of (N−1)/Q");
    expect(b.figures.find((f) => f.key === "appCpuMsPerTask")).toMatchObject({ target: { op: "<=", value: 10 }, pass: true });
  });

  it("GIVEN results seen long after the last task WHEN broken down THEN the tail is named with the seconds it cost", () => {
    const b = timeBreakdown(run({ first: 0.5, span: 9.9, tail: 20, planning: 8, idleMs: 100, cpuMs: 2_000 }));
    expect(b.bottleneck).toBe("bottleneck: the tail (polling delay after the last task) — 17 s over the ideal");
    expect(b.figures.find((f) => f.key === "appCpuMsPerTask")).toMatchObject({ value: 20, pass: false });
  });

  it("GIVEN a limiter that sat idle while submits were starved WHEN broken down THEN the starved submits are named", () => {
    const b = timeBreakdown(run({ first: 0.5, span: 30, tail: 3.2, planning: 30, idleMs: 20_000, cpuMs: 500 }));
    expect(b.bottleneck).toMatch(/^bottleneck: submits slower than the provider's limit .* — 20 s over the ideal$/);
  });

  it("GIVEN another workload WHEN broken down without targets THEN the figures carry none", () => {
    const input = { ...run({ first: 0.5, span: 9.9, tail: 3.2, planning: 8, idleMs: 0, cpuMs: 500 }), targets: false };
    expect(timeBreakdown(input).figures.every((f) => f.target === undefined)).toBe(true);
  });
});
