/**
 * The runner's units of work, one per phase, shared by both queue drivers. Each takes a job the caller
 * has leased (`owner`) and moves it with conditional transitions; when a transition finds the job
 * changed (cancelled, lease lost), the step stops without side effects of its own.
 *
 *   submit: queued|submitting → submitting → polling            (rate limited; 501 spends no attempt)
 *   poll:   polling → polling | succeeded → awaiting_review|attaching | queued (retry) | failed
 *   route:  succeeded → awaiting_review|attaching                (recovery after a crash)
 *   attach: attaching → attached | awaiting_review | removed | failed  (exactly once per image)
 */
import type { TryOnImage, TryOnJob } from "@prisma/client";
import { AdminHttpError, CatalogNotFoundError, CatalogUploadError, CatalogUserError, type CatalogMedia } from "../catalog";
import { UnsafeDownloadError } from "../security/safe-download";
import { backoffDelay } from "../tryon/retry";
import { NetworkError, RateLimitedError, retryPolicyFor, TryOnError, errorFromCode } from "../tryon/errors";
import type { QueryResult } from "../tryon/responses";
import { altHasRef, altTextFor } from "./alt-text";
import type { Models, PipelineDeps } from "./context.server";
import { PIPELINE_ERROR_CODES } from "./job-state";
import type { JobSettingsSummary } from "./plan.server";
import { deadlineMessage, type PollSchedule } from "./poll-schedule";
import { MissingCredentialsError, MissingSessionError } from "./ports";
import type { RateLimiter } from "./rate-limit";

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
}

export interface StepOutcome {
  /** The provider answered 501 (the driver may slow everything down). */
  rateLimited?: { retryAfterMs?: number };
  /** The lease was lost or the job changed under us: nothing was done. */
  lost?: boolean;
}

const d = (ms: number) => new Date(ms);

/**
 * Keeps the job's lease alive while a slow call runs (every third of the lease), so only a dead worker
 * loses its lease — a live one that waits on a slow provider or Admin API keeps it.
 */
async function withHeartbeat<T>(ctx: StepContext, jobId: string, owner: string, leaseMs: number, fn: () => Promise<T>, also?: () => Promise<unknown>): Promise<T> {
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
const releaseLease = { leaseOwner: null, leaseExpiresAt: null } as const;

/** A non-provider error (database, bug) while talking to the provider counts as a transient failure. */
function asTryOnError(error: unknown): TryOnError {
  if (error instanceof TryOnError) return error;
  return new NetworkError({ providerMessage: (error as Error)?.message ?? String(error), cause: error });
}

function retryDelay(ctx: StepContext, attempt: number, error: TryOnError): number {
  return backoffDelay(Math.max(0, attempt - 1), { baseDelayMs: ctx.config.retryBaseMs, maxDelayMs: ctx.config.retryMaxMs }, error.details.retryAfterMs);
}

/** Fails the job from `from` with a code and merchant message. */
async function fail(ctx: StepContext, job: TryOnJob, from: TryOnJob["state"] | TryOnJob["state"][], owner: string, code: string, message: string): Promise<boolean> {
  return ctx.models.jobs.transition(job.id, {
    from: from as never,
    to: "failed",
    owner,
    data: { ...releaseLease, errorCode: code, errorMessage: message, finishedAt: d(ctx.deps.clock.now()) },
  });
}

// ------------------------------------------------------------------------------------------------
// submit

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
  const started = await models.jobs.transition(job.id, {
    from: job.state,
    to: "submitting",
    owner,
    data: {
      attempts: { increment: 1 },
      ...(recovering ? { interruptedSubmits: { increment: 1 } } : {}),
      submitStartedAt: d(t0),
      leaseExpiresAt: d(t0 + config.leaseMs.submit),
      availableAt: d(t0 + config.leaseMs.submit),
    },
  });
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
    }
    return {};
  }

  ctx.submitLimiter.reward();
  // The task exists (and is billed) from this moment: log its id before anything else can fail, so
  // an operator can find it even if the record below never lands. Task ids are not credentials.
  deps.log.info("provider task created", { jobId: job.id, shop: job.shop, runId: job.runId, taskId, attempt });
  await deps.hooks?.afterSubmitBeforeRecord?.({ jobId: job.id, taskId });
  const now = deps.clock.now();
  const ok = await recordTaskId(ctx, job, owner, () =>
    models.jobs.transition(job.id, {
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
        availableAt: d(now + ctx.schedule.delayBefore(1)),
        errorCode: null,
        errorMessage: null,
      },
    }),
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

// ------------------------------------------------------------------------------------------------
// poll

/** Whether the shop approves results without review. */
async function autoApproves(ctx: StepContext, shop: string): Promise<boolean> {
  const row = await ctx.deps.db.shopSettings.findUnique({ where: { shop }, select: { autoApprove: true } });
  return row?.autoApprove ?? false;
}

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
  const rows = result.images.map((img, i) => ({
    shop: job.shop,
    runId: job.runId,
    jobId: job.id,
    productId: job.productId,
    position: i + 1,
    providerUrl: img.imageUrl,
    width: img.width ?? null,
    height: img.height ?? null,
    review: approve ? "approved" : "pending",
  }));
  try {
    await deps.db.tryOnImage.createMany({ data: rows });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
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
  const t = await models.images.tally(job.id);
  return models.jobs.transition(job.id, {
    from: "succeeded",
    to: t.toAttach > 0 ? "attaching" : "awaiting_review",
    owner,
    data: { ...releaseLease, availableAt: d(now), finishedAt: null, errorCode: null, errorMessage: null },
  });
}

export async function pollStep(ctx: StepContext, job: TryOnJob, owner: string, limiterAcquired = false): Promise<StepOutcome> {
  const { deps, models, config } = ctx;
  if (job.state !== "polling" || !job.providerTaskId) return { lost: true };
  if (job.deadlineAt && deps.clock.now() >= job.deadlineAt.getTime()) {
    const span = job.submittedAt ? job.deadlineAt.getTime() - job.submittedAt.getTime() : config.deadlineMs;
    await fail(ctx, job, "polling", owner, PIPELINE_ERROR_CODES.deadline, deadlineMessage(span));
    return {};
  }
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
    const next = Math.min(now + ctx.schedule.delayBefore(pollCount + 1), job.deadlineAt?.getTime() ?? Infinity);
    await models.jobs.release(job.id, owner, "polling", next, { pollCount, lastPolledAt: d(now), errorCode: String(error.code), errorMessage: error.merchantMessage });
    return {};
  }
  ctx.queryLimiter.reward();
  const now = deps.clock.now();

  if (result.status === "submitted" || result.status === "running") {
    const next = Math.min(now + ctx.schedule.delayBefore(pollCount + 1), job.deadlineAt?.getTime() ?? Infinity);
    const ok = await models.jobs.release(job.id, owner, "polling", next, { pollCount, lastPolledAt: d(now) });
    return ok ? {} : { lost: true };
  }

  if (result.status === "finished" && result.images.length > 0) {
    if (job.submittedAt) {
      const prev = job.pollCount > 0 && job.lastPolledAt ? job.lastPolledAt.getTime() - job.submittedAt.getTime() : undefined;
      ctx.schedule.observe(now - job.submittedAt.getTime(), prev);
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

// ------------------------------------------------------------------------------------------------
// route (crash recovery of `succeeded`)

export async function routeStep(ctx: StepContext, job: TryOnJob, owner: string): Promise<StepOutcome> {
  if (job.state !== "succeeded") return { lost: true };
  const approve = await autoApproves(ctx, job.shop);
  if (approve) await ctx.deps.db.tryOnImage.updateMany({ where: { jobId: job.id, review: "pending" }, data: { review: "approved" } });
  const t = await ctx.models.images.tally(job.id);
  const to = t.toAttach > 0 ? "attaching" : "awaiting_review";
  const ok = await ctx.models.jobs.transition(job.id, { from: "succeeded", to, owner, data: { ...releaseLease, availableAt: d(ctx.deps.clock.now()) } });
  if (ok && to === "attaching") ctx.wake?.();
  return ok ? {} : { lost: true };
}

// ------------------------------------------------------------------------------------------------
// attach

function summaryOf(job: TryOnJob): Pick<JobSettingsSummary, "model" | "viewType"> {
  try {
    const s = JSON.parse(job.settingsJson) as Partial<JobSettingsSummary>;
    return { model: s.model ?? "library model", viewType: s.viewType ?? "fullbody" };
  } catch {
    return { model: "library model", viewType: "fullbody" };
  }
}

/** An `attaching` image whose worker has not refreshed attachStartedAt for this long is presumed dead. */
export const attachStaleMs = (config: StepConfig) => config.leaseMs.attach * 2;

const EXT: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

type AttachOne = "attached" | "failed" | "retry" | "wait" | "product_gone" | "lost";

/**
 * Attaches one approved image exactly once: an image found in `attaching` (a previous try died
 * somewhere between upload and record) is first looked for among the product's media by the ref in
 * its alt text; only when it is not there is it uploaded again.
 */
async function attachOne(ctx: StepContext, job: TryOnJob, owner: string, image: TryOnImage, media: () => Promise<CatalogMedia[]>): Promise<AttachOne> {
  const { deps, models, config } = ctx;
  const { model, viewType } = summaryOf(job);
  const alt = altTextFor(job.productTitle, model, viewType, image.id);
  const now = deps.clock.now();
  // Keep the lease while this image is handled; a lost lease means another worker has the job.
  if (!(await models.jobs.extendLease(job.id, owner, now + config.leaseMs.attach))) return "lost";

  if (image.attachState === "attaching") {
    const found = (await media()).find((m) => altHasRef(m.alt, image.id));
    if (found) {
      deps.log.info("attach reconciled: the image was already on the product", { jobId: job.id, imageId: image.id, mediaId: found.id });
      await models.images.markAttached(image, found.id, found.alt ?? alt);
      return "attached";
    }
    // Not on the product (yet). A worker that is still alive refreshes attachStartedAt while it uploads;
    // upload again only once that heartbeat is stale, so a slow attach is never doubled.
    const lastBeat = image.attachStartedAt?.getTime() ?? 0;
    if (now - lastBeat < attachStaleMs(config)) return "wait";
    if (!(await models.images.setAttachState(image.id, "attaching", { attachState: "attaching", attachAttempts: { increment: 1 }, attachStartedAt: d(now) }))) return "lost";
  } else if (!(await models.images.setAttachState(image.id, "stored", { attachState: "attaching", attachAttempts: { increment: 1 }, attachStartedAt: d(now) }))) {
    return "lost";
  }
  const attempts = image.attachAttempts + 1;

  const imageFails = async (message: string): Promise<AttachOne> => {
    await models.images.setAttachState(image.id, "attaching", { attachState: "failed", errorMessage: message });
    return "failed";
  };

  try {
    const catalog = await deps.catalogFor(job.shop);
    const attached = await withHeartbeat(
      ctx,
      job.id,
      owner,
      config.leaseMs.attach,
      async () => {
        const result = await deps.downloadResult(image.providerUrl);
        const ext = EXT[result.contentType] ?? "png";
        return catalog.attachImage({
          productId: job.productId,
          bytes: result.bytes,
          filename: `fitting-room-${image.id}.${ext}`,
          mimeType: result.contentType,
          alt,
        });
      },
      () => models.images.setAttachState(image.id, "attaching", { attachState: "attaching", attachStartedAt: d(deps.clock.now()) }),
    );
    await deps.hooks?.afterAttachBeforeRecord?.({ jobId: job.id, imageId: image.id, mediaId: attached.mediaId });
    await models.images.markAttached(image, attached.mediaId, alt);
    return "attached";
  } catch (error) {
    if (error instanceof MissingSessionError) throw error;
    if (error instanceof CatalogNotFoundError) return "product_gone";
    if (error instanceof UnsafeDownloadError) {
      const transient = error.reason === "timeout" || error.reason === "network";
      if (!transient || attempts >= config.maxAttachAttempts) return imageFails(`The generated image could not be downloaded: ${error.message}`);
      return "retry";
    }
    if (error instanceof CatalogUserError) return imageFails(`Shopify refused the image: ${error.message}`);
    const retryable = error instanceof AdminHttpError ? error.retryable : error instanceof CatalogUploadError ? error.status === 0 || error.status >= 500 : true;
    deps.log.warn("attach failed", { jobId: job.id, imageId: image.id, error: (error as Error).message, attempts });
    if (!retryable || attempts >= config.maxAttachAttempts) return imageFails(`Adding the image to the product failed: ${(error as Error).message}`);
    // Stays `attaching`: the next try reconciles with the product's media before uploading again.
    return "retry";
  }
}

export async function attachStep(ctx: StepContext, job: TryOnJob, owner: string): Promise<StepOutcome> {
  const { deps, models, config } = ctx;
  if (job.state !== "attaching") return { lost: true };
  const images = (await models.images.forJob(job.id)).filter((i) => i.review === "approved" && (i.attachState === "stored" || i.attachState === "attaching"));

  let listed: CatalogMedia[] | null = null;
  const media = async () => {
    if (!listed) listed = await (await deps.catalogFor(job.shop)).listProductMedia(job.productId);
    return listed;
  };

  let retryLater = false;
  let waitOnly = false;
  for (const image of images) {
    let outcome: AttachOne;
    try {
      outcome = await attachOne(ctx, job, owner, image, media);
    } catch (error) {
      if (error instanceof MissingSessionError) {
        await fail(ctx, job, "attaching", owner, PIPELINE_ERROR_CODES.noSession, error.message);
        return {};
      }
      if (error instanceof CatalogNotFoundError) outcome = "product_gone";
      else {
        deps.log.warn("attach: listing the product's media failed", { jobId: job.id, error: (error as Error).message });
        outcome = "retry";
      }
    }
    if (outcome === "lost") return { lost: true };
    if (outcome === "product_gone") {
      await fail(ctx, job, "attaching", owner, PIPELINE_ERROR_CODES.productGone, "The product was deleted from the shop, so the try-on images could not be added.");
      return {};
    }
    if (outcome === "retry" || outcome === "wait") {
      retryLater = true;
      waitOnly ||= outcome === "wait";
      break;
    }
  }

  const now = deps.clock.now();
  const t = await models.images.tally(job.id);
  if (retryLater || t.toAttach > 0 || t.attaching > 0) {
    const attempt = Math.max(1, ...images.map((i) => i.attachAttempts + 1));
    // Waiting on another (possibly dead) worker's attach: look again when its heartbeat would be stale.
    const delay = waitOnly ? config.leaseMs.attach : backoffDelay(attempt - 1, { baseDelayMs: config.retryBaseMs, maxDelayMs: config.retryMaxMs });
    await models.jobs.release(job.id, owner, "attaching", now + delay);
    return {};
  }
  const failedNote = t.failed ? `${t.failed} of ${t.total} images could not be added to the product.` : null;
  if (t.pending > 0) {
    await models.jobs.transition(job.id, { from: "attaching", to: "awaiting_review", owner, data: { ...releaseLease, errorMessage: failedNote } });
  } else if (t.attached > 0) {
    await models.jobs.transition(job.id, { from: "attaching", to: "attached", owner, data: { ...releaseLease, finishedAt: d(now), errorCode: failedNote ? PIPELINE_ERROR_CODES.attach : null, errorMessage: failedNote } });
  } else if (t.failed > 0) {
    const first = (await models.images.forJob(job.id)).find((i) => i.attachState === "failed");
    await fail(ctx, job, "attaching", owner, PIPELINE_ERROR_CODES.attach, first?.errorMessage ?? "The images could not be added to the product.");
  } else {
    await models.jobs.transition(job.id, { from: "attaching", to: "removed", owner, data: { ...releaseLease, finishedAt: d(now), errorMessage: "All images were rejected in review." } });
  }
  return {};
}
