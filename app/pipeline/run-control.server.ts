/**
 * Controlling runs after they start: cancel, retry the failed jobs, progress and the lists pages read.
 */
import { randomUUID } from "node:crypto";
import type { Prisma, TryOnJob } from "@prisma/client";
import { cancelRunJobs, transitionJob } from "../persistence/jobs.server";
import { pageSize, paged, type PageArgs, type PageOf, type RunProgress } from "../persistence/runs.server";
import { createModels, type PipelineDeps } from "./context.server";
import { isJobState, type JobState } from "../jobs/job-state";
import { requeuedFields } from "./replan.server";
import { acquirePlanningLock, releasePlanningLock } from "./planning-lock.server";
import { startOfUtcDay } from "./run-estimate";

export interface RetryResult {
  /** Failed jobs queued again (those being planned again included). */
  requeued: number;
  /** Of those, jobs planned again in the background before they are sent (replan.server.ts). */
  replanning: number;
  /** Jobs with results none of which can be attached. */
  stillFailing: number;
  /** Failed jobs left failed: queuing them would pass the shop's daily image limit. */
  overDailyLimit: number;
  /** Of `requeued`, jobs the run page shows as "Skipped" (never sent), checked again with the rest. */
  skippedRechecked: number;
}

/** Jobs queued again per statement (ids in one `IN` list). */
const RETRY_CHUNK = 500;

/**
 * Provider refusals at submit that the merchant fixes in the app or in Shopify: invalid settings (700,
 * e.g. a model name the provider's library does not have), a photo it could not download (701), too
 * small (703) or not a flat lay (707). Refused at submit, nothing was billed (spec §5).
 */
const REPLANNED_REFUSALS = ["700", "701", "703", "707"];
/** Our own refusals of a retried job planned again: what it was planned for no longer fits (replan.server.ts). */
const REPLAN_REFUSALS = ["DAILY_CAP"];

/**
 * Failed jobs planned again, not re-sent as stored: those a local check refused (nothing was ever sent),
 * and those the provider refused for their settings or photo — the merchant was told to fix those and
 * retry, and the same request would be refused the same way. (`not: null` keeps SQL's NULL out of it.)
 */
const PLANNED_AGAIN: Prisma.TryOnJobWhereInput = {
  OR: [
    { attempts: 0, submittedAt: null, requestJson: "{}" },
    // Never accepted by the provider (no task): its stored request may be stale, whatever the reason.
    { providerTaskId: null, submittedAt: null },
    { providerTaskId: null, errorCode: { not: null, in: [...REPLANNED_REFUSALS, ...REPLAN_REFUSALS] } },
  ],
};

export interface JobListArgs extends PageArgs {
  state?: JobState;
}

export function createRunControl(deps: PipelineDeps) {
  const models = createModels(deps.db);

  return {
    /** Per-run counters by state (one grouped query). null when the run is not the shop's. */
    getRunProgress(shop: string, runId: string): Promise<RunProgress | null> {
      return models.runs.progress(shop, runId);
    },

    /**
     * Cancels a run: planning stops at the next batch, queued/in-flight/awaiting-review jobs become
     * cancelled; jobs attaching right now finish (exactly once). Returns the jobs cancelled.
     */
    async cancelRun(shop: string, runId: string): Promise<number> {
      const run = await models.runs.get(shop, runId);
      if (!run) return 0;
      await models.runs.update(shop, runId, { status: "cancelled", finishedAt: new Date(deps.clock.now()) });
      return cancelRunJobs(deps.db, shop, runId, "Cancelled before it finished.");
    },

    /**
     * Retries the run's failed jobs. A job with stored results (it failed while attaching) goes back to
     * attaching them; a job without results goes back to `queued` with its attempts reset. Jobs that
     * failed a local check (no usable image, invalid settings), or that the provider refused at submit
     * for their settings or photo, are planned again first, so a fixed image or setting is picked up;
     * those still failing keep a fresh message.
     */
    async retryRun(shop: string, runId: string): Promise<RetryResult> {
      /**
       * For a failed job with stored results: images whose attach failed are made attachable again and
       * the job moves to `attaching` (or `awaiting_review` when only unreviewed images remain).
       * "nothing" when none of them can be attached.
       */
      const resumeWithResults = async (job: TryOnJob): Promise<"resumed" | "nothing"> => {
        await deps.db.tryOnImage.updateMany({
          where: { jobId: job.id, shop, attachState: "failed" },
          data: { attachState: "stored", attachAttempts: 0, attachStartedAt: null, errorMessage: null },
        });
        // A Files copy that failed is tried again (it works while the provider's URL still answers).
        await deps.db.tryOnImage.updateMany({ where: { jobId: job.id, shop, copyState: "failed" }, data: { copyState: "none", copyAttempts: 0, copyOwner: null } });
        const t = await models.images.tally(job.id);
        const to = t.toAttach > 0 || t.attaching > 0 ? "attaching" : t.pending > 0 ? "awaiting_review" : null;
        if (!to) return "nothing";
        const ok = await transitionJob(deps.db, job.id, {
          from: "failed",
          to,
          shop,
          data: { finishedAt: null, errorCode: null, errorMessage: null, leaseOwner: null, leaseExpiresAt: null, availableAt: new Date(deps.clock.now()) },
        });
        return ok ? "resumed" : "nothing";
      };

      const run = await models.runs.get(shop, runId);
      if (!run) return { requeued: 0, replanning: 0, stillFailing: 0, overDailyLimit: 0, skippedRechecked: 0 };
      const now = new Date(deps.clock.now());
      let requeued = 0;
      let stillFailing = 0;

      // A job that already has results (it failed while attaching) was billed: its stored results go
      // back to attaching (or to review), never to the provider again. Rare (Shopify refused the
      // attach), and database work only.
      const withResults = await deps.db.tryOnJob.findMany({ where: { shop, runId, state: "failed", images: { some: {} } } });
      for (const job of withResults) {
        if ((await resumeWithResults(job)) === "resumed") requeued++;
        else stillFailing++;
      }
      // Files copies made attachable again are the copier's.
      if (withResults.length) deps.notify?.();
      // The rest: no product is read in this request (a whole run refused for an unknown model name is
      // thousands of products), only their ids, then two statements per 500. Jobs to plan again wait
      // for the runner's planner; the others are sent again as stored. A failed job counts for nothing
      // against the shop's daily image limit, so queuing it again takes room today: under the shop's
      // planning lock (no planner of the shop in between), those that don't fit stay failed as they are.
      const cap = (await deps.db.shopSettings.findUnique({ where: { shop }, select: { dailyImageCap: true } }))?.dailyImageCap ?? null;
      const lockOwner = `retry#${randomUUID()}`;
      let replanning = 0;
      let overDailyLimit = 0;
      let skippedRechecked = 0;
      if (cap !== null) await acquirePlanningLock(deps.db, shop, lockOwner, { ttlMs: 60_000 });
      try {
        const failed = await deps.db.tryOnJob.findMany({ where: { shop, runId, state: "failed", images: { none: {} } }, orderBy: { id: "asc" }, select: { id: true, imagesExpected: true, attempts: true, submittedAt: true } });
        // The run page calls a job never sent with no attempt "Skipped" (displayJobState): counted apart.
        const skipped = new Set(failed.filter((j) => j.attempts === 0 && j.submittedAt === null).map((j) => j.id));
        let fit = failed.map((j) => j.id);
        if (cap !== null) {
          let reserved = await models.jobs.imagesReservedSince(shop, startOfUtcDay(deps.clock.now()));
          fit = [];
          for (const job of failed) {
            if (reserved + job.imagesExpected > cap) {
              overDailyLimit++;
              continue;
            }
            reserved += job.imagesExpected;
            fit.push(job.id);
          }
        }
        for (let from = 0; from < fit.length; from += RETRY_CHUNK) {
          const ids = fit.slice(from, from + RETRY_CHUNK);
          const planned = await deps.db.tryOnJob.updateMany({ where: { shop, id: { in: ids }, state: "failed", ...PLANNED_AGAIN }, data: { ...requeuedFields(now), replanRequested: true, reservedAt: now } });
          const resent = await deps.db.tryOnJob.updateMany({ where: { shop, id: { in: ids }, state: "failed" }, data: { ...requeuedFields(now), reservedAt: now } });
          replanning += planned.count;
          requeued += planned.count + resent.count;
        }
        skippedRechecked = fit.filter((id) => skipped.has(id)).length;
      } finally {
        if (cap !== null) await releasePlanningLock(deps.db, shop, lockOwner);
      }

      if (requeued) {
        await deps.db.tryOnRun.updateMany({
          where: { id: runId, shop },
          // A run still being planned keeps planning (its planner finishes it, then plans these).
          data: { ...(run.status === "planning" ? {} : { status: "running", finishedAt: null }), ...(replanning ? { replanRequestedAt: now } : {}) },
        });
        deps.notify?.();
      }
      return { requeued, replanning, stillFailing, overDailyLimit, skippedRechecked };
    },

    /** The shop's runs, newest first, with progress. */
    listRuns: (shop: string, args?: PageArgs) => models.runs.list(shop, args),

    /** A run's jobs (optionally one state), newest first. */
    async listRunJobs(shop: string, runId: string, args: JobListArgs = {}): Promise<PageOf<TryOnJob>> {
      const take = pageSize(args.take);
      const rows = await deps.db.tryOnJob.findMany({
        where: { shop, runId, ...(args.state && isJobState(args.state) ? { state: args.state } : {}) },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: take + 1,
        ...(args.cursor ? { cursor: { id: args.cursor }, skip: 1 } : {}),
      });
      return paged(rows, take);
    },

    /** A product's try-on history across runs, newest first. */
    async listProductJobs(shop: string, productId: string, args: PageArgs = {}): Promise<PageOf<TryOnJob>> {
      const take = pageSize(args.take);
      const rows = await deps.db.tryOnJob.findMany({
        where: { shop, productId },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: take + 1,
        ...(args.cursor ? { cursor: { id: args.cursor }, skip: 1 } : {}),
      });
      return paged(rows, take);
    },

    /** One job with its images. */
    async getJob(shop: string, jobId: string) {
      return deps.db.tryOnJob.findFirst({ where: { shop, id: jobId }, include: { images: { orderBy: { position: "asc" } } } });
    },

    /** Images for the Review page (default: pending), newest first. */
    listReviewImages: models.images.listForReview,
  };
}
export type RunControl = ReturnType<typeof createRunControl>;
