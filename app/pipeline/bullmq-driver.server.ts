/**
 * The BullMQ queue driver: several app instances (or worker processes) share ONE provider rate limit
 * through Redis. The database stays the source of truth for every job's state and progress.
 *
 * - A feeder in every instance claims due jobs from the database exactly like the in-process runner
 *   (batched conditional claims with leases) and hands each to a BullMQ queue per phase; the Bull job
 *   carries the lease owner.
 * - Workers in every instance process those Bull jobs with the shared steps (steps.server.ts). The
 *   submit and poll queues have GLOBAL rate limits (`setGlobalRateLimit`, one job per 1/QPS seconds,
 *   enforced by Redis across all instances). A 501 stretches that global interval (every instance slows
 *   down at once) and pauses the queue (`rateLimit`); successes shrink it back towards the configured QPS.
 * - Every step re-checks the database lease, so a Bull job that outlived its lease (re-claimed by
 *   another feeder) does nothing. Stalled Bull jobs are not retried by BullMQ: the expired database
 *   lease makes the job claimable again, the one recovery path for both drivers.
 *
 * The shared rate limit is bullmq-rate-control.server.ts; keeping the leases of jobs still waiting in
 * a queue is bullmq-waiting-leases.server.ts. This file feeds the queues and runs their workers.
 */
import { randomUUID } from "node:crypto";
import { Queue, Worker, type Job as BullJob } from "bullmq";
import { Redis } from "ioredis";
import type { TryOnJob } from "@prisma/client";
import type { Phase } from "../persistence/jobs.server";
import { GlobalRateControl } from "./bullmq-rate-control.server";
import { createWaitingLeases } from "./bullmq-waiting-leases.server";
import { createModels, type PipelineDeps } from "./context.server";
import type { QueueDriver } from "./queue-driver";
import { createPlanner } from "./planner.server";
import { PollSchedule } from "./poll-schedule";
import { DEFAULT_RUNNER_CONFIG, type RunnerConfig } from "./runner-config";
import { createFileCopier } from "./file-copy.server";
import { attachStep, holdLease, pollStep, routeStep, submitStep, type StepContext } from "./steps.server";

export interface BullMqDriverConfig extends Partial<RunnerConfig> {
  /** redis://… (REDIS_URL). */
  redisUrl: string;
  /** Key prefix of the queues (several deployments can share one Redis); default "fitting-room". */
  prefix?: string;
}

interface Payload {
  jobId: string;
  owner: string;
}

const QUEUES: Record<Phase, string> = { submit: "tryon-submit", poll: "tryon-poll", route: "tryon-attach", attach: "tryon-attach" };

/** The Bull job id of a claim: one per (job, claim owner), so a re-claim is a new Bull job. */
const bullJobId = (jobId: string, owner: string) => `${jobId}-${owner.replace(/[#:]/g, "_")}`;

export function createBullMqDriver(deps: PipelineDeps, o: BullMqDriverConfig): QueueDriver & { stats(): Record<string, unknown> } {
  const config: RunnerConfig = { ...DEFAULT_RUNNER_CONFIG, ...o, leaseMs: { ...DEFAULT_RUNNER_CONFIG.leaseMs, ...o.leaseMs } };
  const prefix = o.prefix ?? "fitting-room";
  const models = createModels(deps.db);
  const instance = `b-${randomUUID().slice(0, 8)}`;
  const schedule = new PollSchedule(config.schedule);
  const connections: Redis[] = [];
  const connect = () => {
    const c = new Redis(o.redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: true });
    connections.push(c);
    return c;
  };
  const queues = {
    submit: new Queue(QUEUES.submit, { connection: connect(), prefix }),
    poll: new Queue(QUEUES.poll, { connection: connect(), prefix }),
    attach: new Queue(QUEUES.attach, { connection: connect(), prefix }),
  };
  const queueOf = (phase: Phase) => (phase === "submit" ? queues.submit : phase === "poll" ? queues.poll : queues.attach);
  const submitControl = new GlobalRateControl(queues.submit, config.submitQps, config.rateLimitPauseMs, deps.log);
  const queryControl = new GlobalRateControl(queues.poll, config.queryQps, config.rateLimitPauseMs, deps.log);
  let wakePending = false;
  let wakeResolve: (() => void) | null = null;
  const wakeFeed = () => {
    wakePending = true;
    wakeResolve?.();
  };
  /** Submits waiting in the shared queue at the last feed tick: copies then take the background pace. */
  let submitBacklog = 0;
  // Durable Files copies are made by each instance's copier over the database (claims keep them single).
  const copier = createFileCopier(deps, {}, wakeFeed, () => submitBacklog > 0);
  const wake = () => {
    wakeFeed();
    copier.wake();
  };
  const ctx: StepContext = { deps, models, config, schedule, submitLimiter: submitControl, queryLimiter: queryControl, wake, autoApproveCache: new Map() };
  const dispatched: Record<Phase, number> = { submit: 0, poll: 0, route: 0, attach: 0 };
  const waitingLeases = createWaitingLeases(deps, config.leaseMs, (phase, owner, jobId) => queueOf(phase).getJobState(bullJobId(jobId, owner)));
  let lastHeartbeat = 0;
  const processed: Record<Phase, number> = { submit: 0, poll: 0, route: 0, attach: 0 };
  let seq = 0;
  let stopping = false;
  let loop: Promise<void> | null = null;
  const workers: Worker[] = [];
  const submitConcurrency = config.submitConcurrency === "auto" ? Math.min(2, config.maxSubmitConcurrency) : config.submitConcurrency;

  /** Runs one Bull job: the database row must still be leased by the owner that dispatched it. */
  const processor = async (bull: BullJob<Payload>) => {
    const phase = bull.name as Phase;
    const { jobId, owner } = bull.data;
    const job: TryOnJob | null = await deps.db.tryOnJob.findUnique({ where: { id: jobId } });
    if (!job || job.leaseOwner !== owner) return { skipped: "lease moved on" };
    // A lease that ran out while the Bull job waited in the queue is renewed (conditionally on the
    // owner, so not if another instance claimed the row since): skipping it would waste the global
    // rate-limit slot it was just given, and under load no claim would ever reach its turn.
    if ((await holdLease(ctx, jobId, owner, job.leaseExpiresAt?.getTime() ?? 0, config.leaseMs[phase])) === null) return { skipped: "lease expired" };
    processed[phase]++;
    waitingLeases.started(owner, jobId);
    switch (phase) {
      case "submit":
        return submitStep(ctx, job, owner, true);
      case "poll":
        return pollStep(ctx, job, owner, true);
      case "route":
        return routeStep(ctx, job, owner);
      case "attach":
        return attachStep(ctx, job, owner);
    }
  };

  const workerOptions = (concurrency: number) => ({
    connection: connect(),
    prefix,
    concurrency,
    // The database lease is the recovery path; BullMQ must not run a stalled job a second time.
    maxStalledCount: 0,
    drainDelay: 1,
    removeOnComplete: { count: 100 },
    removeOnFail: { count: 1000 },
  });

  /** Bull jobs waiting or running per queue (back-pressure: claim only what can start soon). */
  async function backlog(queue: Queue): Promise<number> {
    const c = await queue.getJobCounts("waiting", "active", "prioritized", "delayed");
    return Object.values(c).reduce((a, b) => a + b, 0);
  }

  function capacity(phase: Phase, queued: number): number {
    const horizonSec = Math.min(config.submitLookaheadSec, config.leaseMs[phase] / 3000);
    switch (phase) {
      case "submit":
        return submitConcurrency + Math.ceil(submitControl.stats().effectiveRatePerSec * horizonSec) - queued;
      case "poll":
        return config.pollConcurrency + Math.ceil(queryControl.stats().effectiveRatePerSec * horizonSec) - queued;
      default:
        return config.attachConcurrency * 2 - queued;
    }
  }

  async function tick(): Promise<number> {
    let claimed = 0;
    const now = deps.clock.now();
    const backlogs = { submit: await backlog(queues.submit), poll: await backlog(queues.poll), attach: await backlog(queues.attach) };
    submitBacklog = backlogs.submit;
    for (const phase of ["attach", "route", "poll", "submit"] as Phase[]) {
      if (stopping) break;
      const queued = phase === "submit" ? backlogs.submit : phase === "poll" ? backlogs.poll : backlogs.attach;
      const limit = Math.min(capacity(phase, queued), 100);
      if (limit <= 0) continue;
      const owner = `${instance}#${++seq}`;
      const jobs = await models.jobs.claim(phase, { owner, limit, now, leaseMs: config.leaseMs[phase], shops: config.shops });
      if (!jobs.length) continue;
      claimed += jobs.length;
      dispatched[phase] += jobs.length;
      if (phase === "submit" || phase === "poll") waitingLeases.add(owner, phase, jobs.map((j) => j.id));
      if (phase === "attach" || phase === "route") backlogs.attach += jobs.length;
      await queueOf(phase).addBulk(jobs.map((j) => ({ name: phase, data: { jobId: j.id, owner }, opts: { jobId: bullJobId(j.id, owner) } })));
    }
    return claimed;
  }

  const planner = createPlanner(deps, { concurrency: config.planConcurrency, shops: config.shops, workerId: instance });

  async function feed() {
    let lastHousekeeping = 0;
    while (!stopping) {
      wakePending = false;
      try {
        // Every third of the shortest lease: the leases of jobs still waiting in the queue.
        if (deps.clock.now() - lastHeartbeat >= Math.min(config.leaseMs.submit, config.leaseMs.poll) / 3) {
          lastHeartbeat = deps.clock.now();
          await waitingLeases.heartbeat();
        }
        const n = (await tick()) + (await planner.tick());
        if (deps.clock.now() - lastHousekeeping >= config.housekeepingMs) {
          lastHousekeeping = deps.clock.now();
          await models.runs.recoverStalePlanning();
          await models.runs.finishSettledRuns();
        }
        if (n === 0 && !wakePending) {
          const due = await models.jobs.nextDueAt();
          const wait = Math.min(config.idleMs, due ? Math.max(0, due.getTime() - deps.clock.now()) : config.idleMs);
          if (wait > 0) {
            await new Promise<void>((resolve) => {
              const t = setTimeout(resolve, wait);
              wakeResolve = () => {
                clearTimeout(t);
                resolve();
              };
            });
            wakeResolve = null;
          }
        }
      } catch (error) {
        deps.log.error("bullmq feeder tick failed", { error: (error as Error)?.stack ?? String(error) });
        await new Promise((r) => setTimeout(r, config.idleMs));
      }
      await new Promise((r) => setTimeout(r, Math.max(config.minTickMs, 20)));
    }
  }

  return {
    kind: "bullmq",
    async start() {
      stopping = false;
      schedule.seed(await models.jobs.recentTaskDurations());
      await Promise.all([submitControl.init(), queryControl.init()]);
      const onFailed = (phase: string) => (job: BullJob | undefined, error: Error) =>
        deps.log.error("bullmq step failed", { phase, jobId: (job?.data as Payload | undefined)?.jobId, error: error?.stack ?? String(error) });
      const done = () => wake();
      for (const [name, concurrency] of [
        [QUEUES.submit, submitConcurrency],
        [QUEUES.poll, config.pollConcurrency],
        [QUEUES.attach, config.attachConcurrency],
      ] as const) {
        const w = new Worker<Payload>(name, processor, workerOptions(concurrency));
        w.on("failed", onFailed(name));
        w.on("completed", done);
        w.on("error", (e) => deps.log.warn("bullmq worker error", { queue: name, error: e.message }));
        workers.push(w);
      }
      planner.start();
      loop = feed();
      copier.start();
      deps.log.info("bullmq driver started", { instance, prefix, submitQps: config.submitQps, queryQps: config.queryQps });
    },
    async stop(graceMs = 30_000) {
      stopping = true;
      wake();
      await loop;
      await copier.stop();
      await Promise.race([Promise.allSettled([...workers.map((w) => w.close()), planner.stop(graceMs)]), new Promise((r) => setTimeout(r, graceMs))]);
      await Promise.allSettled(Object.values(queues).map((q) => q.close()));
      for (const c of connections) c.disconnect();
      deps.log.info("bullmq driver stopped", { instance });
    },
    wake,
    stats: () => ({ instance, dispatched: { ...dispatched }, processed: { ...processed }, submit: submitControl.stats(), query: queryControl.stats(), pollEstimateMs: schedule.estimateMs() }),
  };
}
