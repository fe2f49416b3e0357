/** submit: queued|submitting → submitting → polling (rate limited; a 501 spends no attempt). */
import type { TryOnJob } from "@prisma/client";
import { InvalidInputError, RateLimitedError, retryPolicyFor, type TryOnError } from "../../tryon/errors";
import { failQueuedJobsAsRefused } from "../../persistence/jobs.server";
import { PIPELINE_ERROR_CODES } from "../../jobs/job-state";
import { MissingCredentialsError } from "../ports";
import { durably } from "../../db-client.server";
import { d, withHeartbeat, releaseLease, asTryOnError, retryDelay, fail, type StepContext, type StepOutcome } from "./step-context";

/**
 * Sends one job to the provider. `job.state` is queued, or submitting when its previous worker died
 * with the submit in flight (then this is the one permitted re-submit of that job; a second
 * interruption fails the job — see MAX_INTERRUPTED_RESUBMITS).
 * The caller has already waited for the submit rate limiter when `limiterAcquired` is true.
 */
export async function submitStep(ctx: StepContext, job: TryOnJob, owner: string, limiterAcquired = false): Promise<StepOutcome> {
  const { deps, models, config } = ctx;
  if (job.state !== "queued" && job.state !== "submitting") return { lost: true };
  // Found `submitting`: the previous worker died with this submit in flight, so the provider may
  // already have (and bill) the task. One re-submit per job is the price of not losing the work; a
  // job interrupted again is failed instead of being sent (and maybe billed) once per crash.
  const recovering = job.state === "submitting";
  if (recovering && job.interruptedSubmits >= MAX_INTERRUPTED_RESUBMITS) {
    deps.log.warn("submit interrupted again; not sending it a further time", { jobId: job.id, shop: job.shop, attempts: job.attempts, interruptedSubmits: job.interruptedSubmits });
    await fail(ctx, job, "submitting", owner, PIPELINE_ERROR_CODES.interrupted, INTERRUPTED_MESSAGE);
    return {};
  }
  if (job.attempts >= config.maxSubmitAttempts) {
    await fail(ctx, job, job.state, owner, PIPELINE_ERROR_CODES.interrupted, INTERRUPTED_MESSAGE);
    return {};
  }
  if (!limiterAcquired) await ctx.submitLimiter.acquire();

  let client;
  try {
    client = await deps.tryOnFor(job.shop);
  } catch (error) {
    if (error instanceof MissingCredentialsError) {
      await fail(ctx, job, job.state, owner, PIPELINE_ERROR_CODES.credentials, error.message);
      return {};
    }
    throw error;
  }

  const t0 = deps.clock.now();
  const from = job.state;
  // Durable before the provider is called: after a power cut the job must still read "submitting"
  // (a submit that may have been billed), never "queued" (sent again as if it never went).
  const started = await durably(deps.db, () => models.jobs.transition(job.id, {
    from,
    to: "submitting",
    owner,
    data: {
      attempts: { increment: 1 },
      ...(recovering ? { interruptedSubmits: { increment: 1 } } : {}),
      submitStartedAt: d(t0),
      leaseExpiresAt: d(t0 + config.leaseMs.submit),
      availableAt: d(t0 + config.leaseMs.submit),
    },
  }));
  if (!started) return { lost: true };
  const attempt = job.attempts + 1;
  if (recovering) deps.log.warn("submit was interrupted by a crash; sending it once more", { jobId: job.id, shop: job.shop, attempt });

  let taskId: string;
  try {
    const request = JSON.parse(job.requestJson);
    ({ taskId } = await withHeartbeat(ctx, job.id, owner, config.leaseMs.submit, () => client.submit(request)));
    ctx.onSubmitLatency?.(deps.clock.now() - t0);
  } catch (raw) {
    const error = asTryOnError(raw);
    const now = deps.clock.now();
    if (error instanceof RateLimitedError) {
      ctx.submitLimiter.penalize(error.retryAfterMs);
      await models.jobs.transition(job.id, {
        from: "submitting",
        to: "queued",
        owner,
        data: {
          ...releaseLease,
          attempts: { decrement: 1 },
          rateLimitedCount: { increment: 1 },
          availableAt: d(now + Math.max(error.retryAfterMs ?? 0, config.rateLimitPauseMs)),
          errorCode: "501",
          errorMessage: error.merchantMessage,
        },
      });
      return { rateLimited: { retryAfterMs: error.retryAfterMs } };
    }
    ctx.submitLimiter.reward();
    const policy = retryPolicyFor(error);
    const code = String(error.code);
    if (policy.retry && attempt < policy.maxAttempts) {
      deps.log.info("submit failed; retrying", { jobId: job.id, code, attempt });
      await models.jobs.transition(job.id, {
        from: "submitting",
        to: "queued",
        owner,
        data: { ...releaseLease, availableAt: d(now + retryDelay(ctx, attempt, error)), errorCode: code, errorMessage: error.merchantMessage },
      });
    } else {
      deps.log.info("submit failed", { jobId: job.id, code, attempt });
      await fail(ctx, job, "submitting", owner, code, error.merchantMessage);
      if (refusesTheModel(error)) {
        const held = await failSameModel(ctx, job, code, error.merchantMessage);
        if (held) deps.log.info("the provider refused the run's model; its other jobs with that model are not sent", { jobId: job.id, runId: job.runId, code, held });
      }
    }
    return {};
  }

  ctx.submitLimiter.reward();
  // The task exists (and is billed) from this moment: log its id before anything else can fail, so
  // an operator can find it even if the record below never lands. Task ids are not credentials.
  deps.log.info("provider task created", { jobId: job.id, shop: job.shop, runId: job.runId, taskId, attempt });
  await deps.hooks?.afterSubmitBeforeRecord?.({ jobId: job.id, taskId });
  const now = deps.clock.now();
  // Durable too: the task id is what stops a restart from treating the submit as interrupted.
  const ok = await recordTaskId(ctx, job, owner, () =>
    durably(deps.db, () => models.jobs.transition(job.id, {
      from: "submitting",
      to: "polling",
      owner,
      data: {
        ...releaseLease,
        providerTaskId: taskId,
        submittedAt: d(now),
        deadlineAt: d(now + config.deadlineMs),
        pollCount: 0,
        lastPolledAt: null,
        resultAt: null,
        availableAt: d(now + ctx.schedule.firstPollDelay(taskId)),
        errorCode: null,
        errorMessage: null,
      },
    })),
    taskId,
  );
  return ok ? {} : { lost: true };
}

/** Re-submits allowed per job after a crash mid-submit (the comment in submitStep says why one). */
export const MAX_INTERRUPTED_RESUBMITS = 1;
const INTERRUPTED_MESSAGE =
  "Sending this product to try-on was interrupted before the answer could be saved. Retry the failed products; if it keeps happening, contact support.";

/**
 * Stores a paid task id, retrying a failed database write (capped exponential backoff, about 30 s in
 * all, the lease kept alive meanwhile): losing the id would mean paying for the task again. A write
 * that finds the job changed (cancelled, lease taken over) is not retried: it returns false.
 */
async function recordTaskId(ctx: StepContext, job: TryOnJob, owner: string, write: () => Promise<boolean>, taskId: string): Promise<boolean> {
  const { deps, models, config } = ctx;
  const delays = [50, 200, 500, 1_000, 2_000, 4_000, 8_000, 15_000];
  for (let i = 0; ; i++) {
    try {
      return await write();
    } catch (error) {
      if (i >= delays.length) {
        deps.log.error("provider task id could not be stored", { jobId: job.id, shop: job.shop, taskId, error: (error as Error)?.message ?? String(error) });
        throw error;
      }
      deps.log.warn("storing the provider task id failed; retrying", { jobId: job.id, shop: job.shop, taskId, try: i + 1, error: (error as Error)?.message ?? String(error) });
      await new Promise((r) => setTimeout(r, delays[i]));
      await models.jobs.extendLease(job.id, owner, deps.clock.now() + config.leaseMs.submit).catch(() => false);
    }
  }
}

/**
 * A 700 naming `model.name` or `model.base` (a model or library Aidge does not know: the app cannot
 * check names beforehand, app/tryon/model-names.ts) refuses the model itself, whatever the garment.
 */
function refusesTheModel(error: TryOnError): boolean {
  return error instanceof InvalidInputError && error.fields.length === 0 && /\bmodel\.(name|base)\b/.test(error.providerMessage ?? "");
}

const modelOf = (requestJson: string): string | undefined => {
  try {
    return JSON.stringify((JSON.parse(requestJson) as { model?: unknown }).model ?? null);
  } catch {
    return undefined;
  }
};

/**
 * Fails the run's still-queued jobs that ask for the same model, with the same message, instead of
 * sending them one by one to be refused the same way (a 10,000-product run would spend its whole
 * submit budget on refusals). Nothing is billed either way; the merchant fixes the setting and
 * retries, which plans them again with it (run-control.server.ts).
 */
async function failSameModel(ctx: StepContext, job: TryOnJob, code: string, message: string): Promise<number> {
  const model = modelOf(job.requestJson);
  if (model === undefined) return 0;
  const PAGE = 500;
  let failed = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = await ctx.deps.db.tryOnJob.findMany({
      // Jobs a retry queued to be planned again are left to it: their stored model is the old one.
      where: { shop: job.shop, runId: job.runId, state: "queued", replanRequested: false, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: "asc" },
      take: PAGE,
      select: { id: true, requestJson: true },
    });
    if (!page.length) break;
    cursor = page[page.length - 1].id;
    const same = page.filter((j) => modelOf(j.requestJson) === model).map((j) => j.id);
    failed += await failQueuedJobsAsRefused(ctx.deps.db, job.shop, same, code, message, d(ctx.deps.clock.now()));
    if (page.length < PAGE) break;
  }
  if (failed) ctx.deps.notify?.();
  return failed;
}
