/** The runners' settings (both queue drivers), their defaults, and how the environment overrides them. */
import type { FileCopyConfig } from "./file-copy-config";
import type { PollScheduleOptions } from "./poll-schedule";
import { DEFAULT_STEP_CONFIG, type StepConfig } from "./steps.server";

export interface RunnerConfig extends StepConfig {
  /** Provider submits per second (the account's limit); default 5. */
  submitQps: number;
  /** Provider result queries per second; default 10. */
  queryQps: number;
  /**
   * Submit requests in flight at once. Each submit in flight when a process dies may be sent again
   * after recovery (the provider has no idempotency key), so this bounds the duplicates per crash.
   * "auto" (default): just enough to reach the submit rate given the observed submit latency
   * (rate × the time a submit holds its slot × 1.5), between 1 and `maxSubmitConcurrency`.
   */
  submitConcurrency: number | "auto";
  /**
   * Upper bound of "auto" submit concurrency; default 16, so submits go out in parallel up to the
   * provider's rate (Q submits/s × latency) instead of one at a time.
   */
  maxSubmitConcurrency: number;
  /** Result queries in flight at once; default 8. */
  pollConcurrency: number;
  /** Jobs attaching at once (Admin API work, paced by the catalog's cost pacer); default 4. */
  attachConcurrency: number;
  /** Submit jobs claimed ahead of the rate limiter, in seconds of submits; default 2. */
  submitLookaheadSec: number;
  /** Longest sleep when nothing is due (new work from other processes is seen within this), ms; default 1000. */
  idleMs: number;
  /** Shortest gap between ticks while busy, ms (coalesces wake-ups); default 10. */
  minTickMs: number;
  /** Housekeeping (finishing settled runs) every this many ms; default 5000. */
  housekeepingMs: number;
  schedule: PollScheduleOptions;
  /** Only work on these shops (tests); default all. */
  shops?: string[];
  /** The Files copier (batching of durable copies); see file-copy.server.ts. */
  fileCopy?: Partial<FileCopyConfig>;
  /** Runs this process plans at once in the background (the planner); default 2. */
  planConcurrency?: number;
}

export const DEFAULT_RUNNER_CONFIG: RunnerConfig = {
  ...DEFAULT_STEP_CONFIG,
  submitQps: 5,
  queryQps: 10,
  submitConcurrency: "auto",
  maxSubmitConcurrency: 16,
  pollConcurrency: 8,
  attachConcurrency: 4,
  submitLookaheadSec: 2,
  idleMs: 1000,
  minTickMs: 10,
  housekeepingMs: 5000,
  schedule: {},
};

/** Reads RUNNER_* / TRYON_* environment overrides (worker and CLI), validated. */
export function runnerConfigFromEnv(env: Record<string, string | undefined> = process.env): Partial<RunnerConfig> {
  const num = (name: string, min: number): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === "") return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number ≥ ${min} (got "${raw}")`);
    return n;
  };
  const out: Partial<RunnerConfig> = {};
  const set = <K extends keyof RunnerConfig>(k: K, v: RunnerConfig[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set("submitQps", num("TRYON_SUBMIT_QPS", 0.01));
  set("queryQps", num("TRYON_QUERY_QPS", 0.01));
  set("submitConcurrency", num("RUNNER_SUBMIT_CONCURRENCY", 1));
  set("pollConcurrency", num("RUNNER_POLL_CONCURRENCY", 1));
  set("attachConcurrency", num("RUNNER_ATTACH_CONCURRENCY", 1));
  // One lease length for every phase (tests and the chaos run: a killed instance's jobs come back sooner).
  const lease = num("RUNNER_LEASE_MS", 1000);
  if (lease !== undefined) out.leaseMs = { submit: lease, poll: lease, route: lease, attach: lease };
  const deadline = num("TRYON_DEADLINE_MS", 1000);
  if (deadline !== undefined) out.deadlineMs = deadline;
  const firstPoll = num("TRYON_POLL_INITIAL_MS", 10);
  if (firstPoll !== undefined) out.schedule = { initialEstimateMs: firstPoll };
  return out;
}
