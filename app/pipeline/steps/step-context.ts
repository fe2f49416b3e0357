/** What every step shares: its configuration and context, the lease heartbeat, failing a job, retry delays. */
import type { TryOnJob } from "@prisma/client";
import { backoffDelay } from "../../tryon/retry";
import { NetworkError, TryOnError } from "../../tryon/errors";
import type { Models, PipelineDeps } from "../context.server";
import { type PollSchedule } from "../poll-schedule";
import type { RateLimiter } from "../rate-limit";

export interface StepConfig {
  /** Lease held while a step runs, per phase, in ms. */
  leaseMs: { submit: number; poll: number; route: number; attach: number };
  /** A task not finished this long after its submit fails, in ms; default 10 minutes. */
  deadlineMs: number;
  /** Backoff between job-level retries (500, 801, 1001 once, network), in ms. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Wait after a 501 when the provider gives no hint, in ms. */
  rateLimitPauseMs: number;
  /** Submits interrupted by crashes before the job fails, counting attempts. */
  maxSubmitAttempts: number;
  /** Attach tries per image (Admin API errors, downloads) before the image fails. */
  maxAttachAttempts: number;
}

export const DEFAULT_STEP_CONFIG: StepConfig = {
  leaseMs: { submit: 60_000, poll: 30_000, route: 30_000, attach: 120_000 },
  deadlineMs: 10 * 60_000,
  retryBaseMs: 2_000,
  retryMaxMs: 60_000,
  rateLimitPauseMs: 1_000,
  maxSubmitAttempts: 5,
  maxAttachAttempts: 5,
};

export interface StepContext {
  deps: PipelineDeps;
  models: Models;
  config: StepConfig;
  schedule: PollSchedule;
  submitLimiter: RateLimiter;
  queryLimiter: RateLimiter;
  /** Called when a job became due now (new attach work, retries) so the driver can pick it up. */
  wake?: () => void;
  /** Reports how long a submit call took, ms (auto submit concurrency). */
  onSubmitLatency?: (ms: number) => void;
  /** Each shop's auto-approve setting as last read (see {@link autoApproves}); absent: read every time. */
  autoApproveCache?: Map<string, { value: boolean; readAt: number }>;
}

export interface StepOutcome {
  /** The provider answered 501 (the driver may slow everything down). */
  rateLimited?: { retryAfterMs?: number };
  /** The lease was lost or the job changed under us: nothing was done. */
  lost?: boolean;
}

export const d = (ms: number) => new Date(ms);

/**
 * Keeps the job's lease alive while a slow call runs (every third of the lease), so only a dead worker
 * loses its lease — a live one that waits on a slow provider or Admin API keeps it.
 */
export async function withHeartbeat<T>(ctx: StepContext, jobId: string, owner: string, leaseMs: number, fn: () => Promise<T>, also?: () => Promise<unknown>): Promise<T> {
  const timer = setInterval(() => {
    void ctx.models.jobs.extendLease(jobId, owner, ctx.deps.clock.now() + leaseMs).catch(() => undefined);
    void also?.().catch(() => undefined);
  }, Math.max(50, Math.floor(leaseMs / 3)));
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}
export const releaseLease = { leaseOwner: null, leaseExpiresAt: null } as const;

/**
 * Makes sure `owner` still holds the job's lease before spending something on it (a rate-limit token,
 * a provider call). A lease that ran out while the job waited in this process (a busy machine, a
 * 501 pause) is renewed — one conditional write on the owner, so it fails when another worker has
 * claimed the job since. Returns the lease's end, or null when it is lost. Dropping such a job instead would waste the token already spent on it and,
 * under load, every claim would expire before its turn and the run would make no progress.
 */
export async function holdLease(ctx: Pick<StepContext, "models" | "deps">, jobId: string, owner: string, leaseUntilMs: number, leaseMs: number): Promise<number | null> {
  const now = ctx.deps.clock.now();
  // More than 40 % of the lease left: enough for the step to start its own heartbeat.
  if (now < leaseUntilMs - leaseMs * 0.4) return leaseUntilMs;
  const until = now + leaseMs;
  return (await ctx.models.jobs.extendLease(jobId, owner, until).catch(() => false)) ? until : null;
}

/** A non-provider error (database, bug) while talking to the provider counts as a transient failure. */
export function asTryOnError(error: unknown): TryOnError {
  if (error instanceof TryOnError) return error;
  return new NetworkError({ providerMessage: (error as Error)?.message ?? String(error), cause: error });
}

export function retryDelay(ctx: StepContext, attempt: number, error: TryOnError): number {
  return backoffDelay(Math.max(0, attempt - 1), { baseDelayMs: ctx.config.retryBaseMs, maxDelayMs: ctx.config.retryMaxMs }, error.details.retryAfterMs);
}

/** Fails the job from `from` with a code and merchant message. */
export async function fail(ctx: StepContext, job: TryOnJob, from: TryOnJob["state"] | TryOnJob["state"][], owner: string, code: string, message: string): Promise<boolean> {
  return ctx.models.jobs.transition(job.id, {
    from: from as never,
    to: "failed",
    owner,
    data: { ...releaseLease, errorCode: code, errorMessage: message, finishedAt: d(ctx.deps.clock.now()) },
  });
}


/**
 * How long a shop's auto-approve setting is reused, ms (real time, whatever the pipeline's clock). It is
 * read for every stored result — a query per task, 1,000 Prisma compilations in a 1,000-task run — and
 * a merchant's change is in force a second later at most: no later than a read racing the change would
 * make it anyway, give or take that second.
 */
export const AUTO_APPROVE_REUSE_MS = 1_000;

/** Whether the shop approves results without review. */
export async function autoApproves(ctx: StepContext, shop: string): Promise<boolean> {
  const cached = ctx.autoApproveCache?.get(shop);
  const now = performance.now();
  if (cached && now - cached.readAt < AUTO_APPROVE_REUSE_MS) return cached.value;
  const row = await ctx.deps.db.shopSettings.findUnique({ where: { shop }, select: { autoApprove: true } });
  const value = row?.autoApprove ?? false;
  if (ctx.autoApproveCache) {
    // One entry per shop with results coming in; expired ones go once there are many shops.
    if (ctx.autoApproveCache.size >= 1_000) {
      for (const [key, entry] of ctx.autoApproveCache) if (now - entry.readAt >= AUTO_APPROVE_REUSE_MS) ctx.autoApproveCache.delete(key);
    }
    ctx.autoApproveCache.set(shop, { value, readAt: now });
  }
  return value;
}
