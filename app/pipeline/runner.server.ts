/**
 * The in-process runner over the database (the default queue driver: SQLite, no other service).
 *
 * One loop per process: each tick claims due jobs per phase in batches (one conditional update per
 * batch, leases), runs the steps concurrently within bounds (submit / poll / attach concurrency), and
 * sleeps until the next job is due, a step frees capacity, or new work is announced (`wake`).
 * Several processes may run it against one database: leases keep every job in one worker's hands.
 *
 * Rate limits are per process here (adaptive token buckets). For several app instances sharing ONE
 * provider limit use the BullMQ driver (bullmq-driver.server.ts).
 */
import { randomUUID } from "node:crypto";
import { setMaxListeners } from "node:events";
import type { TryOnJob } from "@prisma/client";
import type { Phase } from "../persistence/jobs.server";
import type { JobState } from "../jobs/job-state";
import { createModels, type Models, type PipelineDeps } from "./context.server";
import type { FileCopyStats } from "./file-copy-config";
import { createFileCopier } from "./file-copy.server";
import { createPlanner } from "./planner.server";
import { PollSchedule } from "./poll-schedule";
import { acquireUnlessAborted, AdaptiveTokenBucket, type RateLimiter } from "./rate-limit";
import { attachStep, holdLease, pollStep, routeStep, submitStep, type StepContext } from "./steps.server";
import { DEFAULT_RUNNER_CONFIG, type RunnerConfig } from "./runner-config";
import { Semaphore } from "./semaphore";

// Kept importable from here: tests and the bench configure runners through this module.
export { DEFAULT_RUNNER_CONFIG, runnerConfigFromEnv, type RunnerConfig } from "./runner-config";

export interface RunnerStats {
  workerId: string;
  claimed: Record<Phase, number>;
  inFlight: Record<Phase, number>;
  stepErrors: number;
  submitLimiter: ReturnType<RateLimiter["stats"]>;
  queryLimiter: ReturnType<RateLimiter["stats"]>;
  pollEstimateMs: number;
  submitConcurrency: number;
  submitLatencyMs: number;
  /** How long a submit holds its slot once it has its token, ms (EWMA); sizes "auto" concurrency. */
  submitHoldMs: number;
  files: FileCopyStats;
}

export interface Runner {
  readonly workerId: string;
  start(): void;
  /** Stops claiming; waits for steps in flight (up to `graceMs`). */
  stop(graceMs?: number): Promise<void>;
  /** New work: tick soon. */
  wake(): void;
  /** One scheduling pass (claims and starts steps); returns how many jobs it claimed. */
  tick(): Promise<number>;
  stats(): RunnerStats;
  readonly running: boolean;
}

export function createRunner(deps: PipelineDeps, partial: Partial<RunnerConfig> = {}): Runner {
  const config: RunnerConfig = { ...DEFAULT_RUNNER_CONFIG, ...partial, leaseMs: { ...DEFAULT_RUNNER_CONFIG.leaseMs, ...partial.leaseMs } };
  const models: Models = createModels(deps.db);
  const workerId = `w-${randomUUID().slice(0, 8)}`;
  const schedule = new PollSchedule(config.schedule);
  const submitLimiter = new AdaptiveTokenBucket({ ratePerSec: config.submitQps, clock: deps.clock, penaltyMs: config.rateLimitPauseMs });
  const queryLimiter = new AdaptiveTokenBucket({ ratePerSec: config.queryQps, clock: deps.clock, penaltyMs: config.rateLimitPauseMs });
  const slots = {
    submit: new Semaphore(config.submitConcurrency === "auto" ? 1 : config.submitConcurrency),
    poll: new Semaphore(config.pollConcurrency),
  };
  /** EWMA of submit call latency, ms (claim sizes). */
  let submitLatencyMs = 200;
  /**
   * EWMA of how long a submit holds its slot once it has its token, ms: the lease check, both durable
   * writes and the call. "auto" concurrency is sized from the longer of this and the call's latency:
   * the call alone leaves out the writes, which a busy machine's disk makes slow.
   */
  let submitHoldMs = 200;
  const resizeSubmitSlots = () => {
    if (config.submitConcurrency !== "auto") return;
    const want = Math.ceil(submitLimiter.stats().effectiveRatePerSec * (Math.max(submitLatencyMs, submitHoldMs) / 1000) * 1.5);
    slots.submit.resize(Math.min(config.maxSubmitConcurrency, Math.max(1, want)));
  };
  const onSubmitLatency = (ms: number) => {
    submitLatencyMs += 0.2 * (ms - submitLatencyMs);
    resizeSubmitSlots();
  };
  const onSubmitHeld = (ms: number) => {
    submitHoldMs += 0.2 * (ms - submitHoldMs);
    resizeSubmitSlots();
  };
  let seq = 0;
  let running = false;
  let stopping = false;
  let loopDone: Promise<void> | null = null;
  let wakeResolve: (() => void) | null = null;
  let wakePending = false;
  let lastHousekeeping = 0;
  /** When the earliest job in any phase is due, as of the latest tick (epoch ms; Infinity: none). */
  let nextDue = Infinity;
  let seeded = false;
  const inFlight: Record<Phase, number> = { submit: 0, poll: 0, route: 0, attach: 0 };
  const claimedTotal: Record<Phase, number> = { submit: 0, poll: 0, route: 0, attach: 0 };
  const tasks = new Set<Promise<unknown>>();
  /**
   * Claimed jobs whose step has not begun yet (waiting for a slot or a rate-limit token), by job id.
   * A stop gives these back at once instead of starting them (a submit started while shutting down
   * could be cut off mid-call and then re-sent, and billed, by the next worker).
   */
  const notStarted = new Map<string, { owner: string; state: TryOnJob["state"] }>();
  /**
   * Aborted by stop(): wakes every step waiting for a rate-limit token. Every claimed job waits on it,
   * hundreds at once, so Node's warning past ten listeners (meant for leaks) is turned off for it.
   */
  const newStopController = () => {
    const controller = new AbortController();
    setMaxListeners(0, controller.signal);
    return controller;
  };
  let stopController = newStopController();
  let stepErrors = 0;

  const wakeRunner = () => {
    wakePending = true;
    wakeResolve?.();
  };
  // Copies made (or READY) may let attaching jobs go on: wake the runner.
  // Submits claimed and not yet sent: the copier then takes the background pace (so it does while a
  // run is being planned here: file-copy.server.ts).
  const copier = createFileCopier(deps, { ...config.fileCopy, shops: config.fileCopy?.shops ?? config.shops }, wakeRunner, () => inFlight.submit > 0);
  const wake = () => {
    wakeRunner();
    copier.wake();
  };
  const ctx: StepContext = { deps, models, config, schedule, submitLimiter, queryLimiter, wake, onSubmitLatency, autoApproveCache: new Map() };
  const planner = createPlanner(deps, { concurrency: config.planConcurrency, shops: config.shops, workerId });
  let lastPlannerCheck = 0;

  const capacity = (phase: Phase): number => {
    switch (phase) {
      case "submit": {
        // Never claim more than can be sent well within the lease (a third of it), or leases expire
        // while jobs wait for tokens and get claimed again.
        const horizonSec = Math.min(config.submitLookaheadSec, config.leaseMs.submit / 3000);
        const size = slots.submit.capacity;
        const throughput = Math.min(submitLimiter.stats().effectiveRatePerSec, size / Math.max(0.001, submitLatencyMs / 1000));
        return size + Math.ceil(throughput * horizonSec) - inFlight.submit;
      }
      case "poll":
        return Math.max(config.pollConcurrency * 2, Math.ceil(config.queryQps)) - inFlight.poll;
      case "route":
        return 20 - inFlight.route;
      case "attach":
        return config.attachConcurrency - inFlight.attach;
    }
  };

  /** The step of `jobId` may start: false once stopping (the stop gives its lease back). */
  const begin = (jobId: string): boolean => {
    if (stopping) return false;
    notStarted.delete(jobId);
    return true;
  };
  /** Waits for a rate-limit token unless the runner stops first; true when the token came. */
  const tokenOrStop = async (limiter: RateLimiter): Promise<boolean> => {
    if (stopping) return false;
    return (await acquireUnlessAborted(limiter, stopController.signal)) && !stopping;
  };

  const runStep = (phase: Phase, job: TryOnJob, owner: string, claimedAt: number): Promise<unknown> => {
    switch (phase) {
      case "submit":
      case "poll": {
        const [slot, limiter, step] = phase === "submit" ? [slots.submit, submitLimiter, submitStep] : [slots.poll, queryLimiter, pollStep];
        const leaseMs = config.leaseMs[phase];
        let until = claimedAt + leaseMs;
        let lost = false;
        // Waiting here (for a slot, then a token) keeps the lease alive, as a running step does: only a
        // dead worker's jobs are claimed again. Otherwise, on a busy machine or after a long 501 pause,
        // a job would be re-claimed while it waits, its token spent on a claim that is no longer ours,
        // and every token could go that way: the run would stop making progress.
        const heartbeat = setInterval(() => {
          const next = deps.clock.now() + leaseMs;
          void models.jobs.extendLease(job.id, owner, next).then(
            (ok) => (ok ? (until = next) : (lost = true)),
            () => undefined,
          );
        }, Math.max(50, Math.floor(leaseMs / 3)));
        return slot
          .run(async () => {
            if (lost) return { lost: true };
            if (!(await tokenOrStop(limiter)) || !begin(job.id)) return { released: true };
            clearInterval(heartbeat);
            const held = deps.clock.now();
            // Still ours (renewed if the heartbeat fell behind)? Only then is the token spent on it.
            if (lost || (await holdLease(ctx, job.id, owner, until, leaseMs)) === null) return { lost: true };
            const outcome = await step(ctx, job, owner, true);
            if (phase === "submit") onSubmitHeld(deps.clock.now() - held);
            return outcome;
          })
          .finally(() => clearInterval(heartbeat));
      }
      case "route":
        return begin(job.id) ? routeStep(ctx, job, owner) : Promise.resolve({ released: true });
      case "attach":
        return begin(job.id) ? attachStep(ctx, job, owner) : Promise.resolve({ released: true });
    }
  };

  const launch = (phase: Phase, job: TryOnJob, owner: string, claimedAt: number) => {
    inFlight[phase]++;
    notStarted.set(job.id, { owner, state: job.state });
    const p = runStep(phase, job, owner, claimedAt)
      .catch((error) => {
        stepErrors++;
        // The lease expires and the job is picked up again; nothing is lost.
        deps.log.error("runner step failed", { phase, jobId: job.id, error: (error as Error)?.stack ?? String(error) });
      })
      .finally(() => {
        inFlight[phase]--;
        if (notStarted.get(job.id)?.owner === owner) notStarted.delete(job.id);
        tasks.delete(p);
        wake();
      });
    tasks.add(p);
  };

  async function tick(): Promise<number> {
    if (!seeded) {
      seeded = true;
      schedule.seed(await models.jobs.recentTaskDurations());
    }
    let claimed = 0;
    const now = deps.clock.now();
    // Runs waiting to be planned (started in the background, or whose planner died): at most every 200 ms.
    if (!stopping && (wakePending || now - lastPlannerCheck >= 200)) {
      lastPlannerCheck = now;
      claimed += await planner.tick();
    }
    // Which phases have work due: one read instead of a claim per phase (most ticks find two or three
    // phases empty, and each empty claim was a query).
    const due = await models.jobs.dueByPhase(config.shops);
    nextDue = Math.min(...Object.values(due), Infinity);
    for (const phase of ["attach", "route", "poll", "submit"] as Phase[]) {
      if (stopping) break;
      if (!((due[phase] ?? Infinity) <= now)) continue;
      const limit = Math.min(capacity(phase), 100);
      if (limit <= 0) continue;
      const owner = `${workerId}#${++seq}`;
      const jobs = await models.jobs.claim(phase, { owner, limit, now, leaseMs: config.leaseMs[phase], shops: config.shops });
      claimedTotal[phase] += jobs.length;
      claimed += jobs.length;
      for (const job of jobs) launch(phase, job, owner, now);
    }
    if (now - lastHousekeeping >= config.housekeepingMs) {
      lastHousekeeping = now;
      await models.runs.recoverStalePlanning().catch((e) => deps.log.warn("housekeeping failed", { error: (e as Error).message }));
      await models.runs.finishSettledRuns().catch((e) => deps.log.warn("housekeeping failed", { error: (e as Error).message }));
    }
    return claimed;
  }

  async function idle(): Promise<void> {
    if (wakePending) return;
    // The earliest due job as of this tick's read (a wake-up cuts the sleep short for anything newer).
    const waitMs = Math.min(config.idleMs, Math.max(0, nextDue - deps.clock.now()));
    if (waitMs <= 0 || wakePending) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, waitMs);
      wakeResolve = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    wakeResolve = null;
  }

  async function loop() {
    while (!stopping) {
      wakePending = false;
      try {
        if ((await tick()) === 0) await idle();
      } catch (error) {
        deps.log.error("runner tick failed", { error: (error as Error)?.stack ?? String(error) });
        await new Promise((r) => setTimeout(r, config.idleMs));
      }
      // A short gap coalesces the wake-ups of steps finishing together into one tick.
      await new Promise((r) => setTimeout(r, config.minTickMs));
    }
  }

  return {
    workerId,
    get running() {
      return running;
    },
    start() {
      if (running) return;
      running = true;
      stopping = false;
      stopController = newStopController();
      deps.log.info("runner started", { workerId, submitQps: config.submitQps, queryQps: config.queryQps });
      // A runner stopped and started again (tests, a drained worker resumed) plans again too: before,
      // its planner stayed stopped, and background starts and retries waited for another process.
      planner.start();
      loopDone = loop();
      copier.start();
    },
    async stop(graceMs = 30_000) {
      if (!running) return;
      stopping = true;
      stopController.abort();
      wake();
      await loopDone;
      await copier.stop();
      // Jobs claimed but not started are given back now: due at once, for another worker (or this
      // process after a restart) to pick up without waiting for their leases to expire.
      const given = [...notStarted.entries()];
      notStarted.clear();
      const now = deps.clock.now();
      const released = await Promise.all(given.map(([id, c]) => models.jobs.release(id, c.owner, c.state as JobState, now).catch(() => false)));
      const started = tasks.size - given.length;
      deps.log.info("runner stopping: no new claims", { workerId, released: released.filter(Boolean).length, inFlight: Math.max(0, started), graceMs });
      // Steps in flight (a submit waiting for its task id, an attach mid-upload) finish within the grace.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([Promise.allSettled([...tasks, planner.stop(graceMs)]), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
      if (tasks.size) deps.log.warn("runner stopped with steps still running; their jobs are picked up again when their leases expire", { workerId, steps: tasks.size });
      running = false;
      deps.log.info("runner stopped", { workerId });
    },
    wake,
    tick,
    stats: () => ({
      workerId,
      claimed: { ...claimedTotal },
      inFlight: { ...inFlight },
      stepErrors,
      submitLimiter: submitLimiter.stats(),
      queryLimiter: queryLimiter.stats(),
      pollEstimateMs: schedule.estimateMs(),
      submitConcurrency: slots.submit.capacity,
      submitLatencyMs: Math.round(submitLatencyMs),
      submitHoldMs: Math.round(submitHoldMs),
      files: copier.stats(),
    }),
  };
}
