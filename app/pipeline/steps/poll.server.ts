/** poll: polling → polling | succeeded → awaiting_review|attaching | queued (retry) | failed; stores the results. */
import type { TryOnJob } from "@prisma/client";
import { RateLimitedError, retryPolicyFor, errorFromCode } from "../../tryon/errors";
import type { QueryResult } from "../../tryon/responses";
import { COLOUR_CHECK_PENDING, defersColourCheck, judgeResultColours, type ColourFields } from "../colour-check.server";
import { PIPELINE_ERROR_CODES } from "../../jobs/job-state";
import { deadlineMessage } from "../poll-schedule";
import { MissingCredentialsError } from "../ports";
import { d, withHeartbeat, releaseLease, asTryOnError, retryDelay, fail, autoApproves, type StepContext, type StepOutcome } from "./step-context";

/** Prisma's unique-constraint error (the images of this job were stored by an earlier try). */
const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "P2002";

/**
 * Stores the results, then moves the job on. Idempotent instead of transactional (no interactive
 * transaction: on SQLite's single connection it would swallow other workers' writes): the images are
 * written first, keyed (jobId, position); a worker that died in between leaves the job `polling`, and
 * the next poll finds the task finished again, skips the images already stored and finishes the move.
 */
async function storeResults(ctx: StepContext, job: TryOnJob, owner: string, result: QueryResult, pollCount: number): Promise<boolean> {
  const { deps, models } = ctx;
  const now = deps.clock.now();
  const approve = await autoApproves(ctx, job.shop);
  // A shop that reviews gets its verdicts with the Files copy (no download here); one that auto-approves
  // needs them now. That check downloads the results: keep the lease alive meanwhile.
  const colours: ColourFields[] = defersColourCheck(deps, job, approve)
    ? result.images.map(() => ({ colourCheck: COLOUR_CHECK_PENDING }))
    : await withHeartbeat(ctx, job.id, owner, ctx.config.leaseMs.poll, () => judgeResultColours(deps, job, result.images.map((img) => img.imageUrl)));
  const rows = result.images.map((img, i) => ({
    shop: job.shop,
    runId: job.runId,
    jobId: job.id,
    productId: job.productId,
    position: i + 1,
    providerUrl: img.imageUrl,
    width: img.width ?? null,
    height: img.height ?? null,
    ...colours[i],
    // A result whose colour may differ always waits for the merchant.
    review: approve && colours[i]?.colourCheck !== "differs" ? "approved" : "pending",
    approvedAt: approve && colours[i]?.colourCheck !== "differs" ? d(now) : null,
  }));
  // Whether some result goes straight to the product: known from the rows when they were all written
  // now; counted from the database when an earlier try had stored some (they may have been reviewed).
  let toAttach: boolean | null = rows.some((r) => r.review === "approved");
  try {
    await deps.db.tryOnImage.createMany({ data: rows });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    toAttach = null;
    const have = new Set((await deps.db.tryOnImage.findMany({ where: { jobId: job.id }, select: { position: true } })).map((r) => r.position));
    const missing = rows.filter((r) => !have.has(r.position));
    if (missing.length) await deps.db.tryOnImage.createMany({ data: missing });
  }
  const ok = await models.jobs.transition(job.id, {
    from: "polling",
    to: "succeeded",
    owner,
    data: { resultAt: d(now), pollCount, lastPolledAt: d(now), imagesGenerated: rows.length },
  });
  if (!ok) return false;
  // succeeded → awaiting_review | attaching (the route step finishes this if we die right here).
  toAttach ??= (await models.images.tally(job.id)).toAttach > 0;
  return models.jobs.transition(job.id, {
    from: "succeeded",
    to: toAttach ? "attaching" : "awaiting_review",
    owner,
    data: { ...releaseLease, availableAt: d(now), finishedAt: null, errorCode: null, errorMessage: null },
  });
}

export async function pollStep(ctx: StepContext, job: TryOnJob, owner: string, limiterAcquired = false): Promise<StepOutcome> {
  const { deps, models, config } = ctx;
  if (job.state !== "polling" || !job.providerTaskId) return { lost: true };
  // The deadline is checked against the provider's answer, never before asking: a job whose deadline
  // passed while this process was busy or down (a backlog, a deploy) may well be finished and paid
  // for, and failing it unasked would throw the results away and invite the merchant to pay again.
  // The bench found it: 1,368 of 10,000 finished tasks failed this way in a CPU-starved scale run.
  const pastDeadline = () => job.deadlineAt !== null && deps.clock.now() >= job.deadlineAt.getTime();
  const failPastDeadline = async (): Promise<StepOutcome> => {
    const span = job.submittedAt && job.deadlineAt ? job.deadlineAt.getTime() - job.submittedAt.getTime() : config.deadlineMs;
    await fail(ctx, job, "polling", owner, PIPELINE_ERROR_CODES.deadline, deadlineMessage(span));
    return {};
  };
  if (!limiterAcquired) await ctx.queryLimiter.acquire();

  let result: QueryResult;
  const pollCount = job.pollCount + 1;
  try {
    const client = await deps.tryOnFor(job.shop);
    const taskId = job.providerTaskId;
    result = await withHeartbeat(ctx, job.id, owner, config.leaseMs.poll, () => client.query(taskId));
  } catch (raw) {
    if (raw instanceof MissingCredentialsError) {
      await fail(ctx, job, "polling", owner, PIPELINE_ERROR_CODES.credentials, raw.message);
      return {};
    }
    const error = asTryOnError(raw);
    const now = deps.clock.now();
    if (error instanceof RateLimitedError) {
      ctx.queryLimiter.penalize(error.retryAfterMs);
      await models.jobs.release(job.id, owner, "polling", now + Math.max(error.retryAfterMs ?? 0, config.rateLimitPauseMs), { rateLimitedCount: { increment: 1 } });
      return { rateLimited: { retryAfterMs: error.retryAfterMs } };
    }
    ctx.queryLimiter.reward();
    if (!error.retryable) {
      // Credentials revoked, a contract break, the task unknown (700): polling again cannot help.
      await fail(ctx, job, "polling", owner, String(error.code), error.merchantMessage);
      return {};
    }
    // Transient (network, 500): poll again later; the deadline bounds it.
    if (pastDeadline()) return failPastDeadline();
    const next = Math.min(now + ctx.schedule.delayBefore(pollCount + 1), job.deadlineAt?.getTime() ?? Infinity);
    await models.jobs.release(job.id, owner, "polling", next, { pollCount, lastPolledAt: d(now), errorCode: String(error.code), errorMessage: error.merchantMessage });
    return {};
  }
  ctx.queryLimiter.reward();
  const now = deps.clock.now();

  if (result.status === "submitted" || result.status === "running") {
    if (pastDeadline()) return failPastDeadline();
    const next = Math.min(now + ctx.schedule.delayBefore(pollCount + 1), job.deadlineAt?.getTime() ?? Infinity);
    const ok = await models.jobs.release(job.id, owner, "polling", next, { pollCount, lastPolledAt: d(now) });
    return ok ? {} : { lost: true };
  }

  if (result.status === "finished" && result.images.length > 0) {
    if (job.submittedAt) {
      const prev = job.pollCount > 0 && job.lastPolledAt ? job.lastPolledAt.getTime() - job.submittedAt.getTime() : undefined;
      ctx.schedule.observe(now - job.submittedAt.getTime(), prev, job.providerTaskId);
    }
    const ok = await storeResults(ctx, job, owner, result, pollCount);
    if (ok) ctx.wake?.();
    return ok ? {} : { lost: true };
  }

  // failed (or finished without a single image): retry per the contract's table, or fail.
  const failure = result.failure ?? errorFromCode(801, { providerMessage: "the task finished without images" });
  const policy = retryPolicyFor(failure);
  const code = String(failure.code);
  if (policy.retry && job.attempts < policy.maxAttempts) {
    deps.log.info("task failed; resubmitting", { jobId: job.id, code, attempts: job.attempts });
    const ok = await models.jobs.transition(job.id, {
      from: "polling",
      to: "queued",
      owner,
      data: { ...releaseLease, providerTaskId: null, pollCount, lastPolledAt: d(now), availableAt: d(now + retryDelay(ctx, job.attempts, failure)), errorCode: code, errorMessage: failure.merchantMessage },
    });
    if (ok) ctx.wake?.();
    return ok ? {} : { lost: true };
  }
  deps.log.info("task failed", { jobId: job.id, code, attempts: job.attempts });
  await models.jobs.transition(job.id, {
    from: "polling",
    to: "failed",
    owner,
    data: { ...releaseLease, pollCount, lastPolledAt: d(now), errorCode: code, errorMessage: failure.merchantMessage, finishedAt: d(now) },
  });
  return {};
}
