/**
 * Controlling runs after they start: cancel, retry the failed jobs, progress and the lists pages read.
 */
import type { TryOnJob } from "@prisma/client";
import { cancelRunJobs, transitionJob } from "../persistence/jobs.server";
import { pageSize, paged, type PageArgs, type PageOf, type RunProgress } from "../persistence/runs.server";
import { patchFromRow, parseSettingsPatch } from "../settings/fields";
import { createModels, type PipelineDeps } from "./context.server";
import { isJobState, type JobState } from "../jobs/job-state";
import { planProducts } from "./plan.server";
import { mapLimit } from "./colour-targets.server";
import type { PlanContext } from "./plan-types";

export interface RetryResult {
  /** Failed jobs queued again. */
  requeued: number;
  /** Jobs that failed a local check and still do (their message is updated). */
  stillFailing: number;
}

/** Products a retry reads from the Admin API at once, and per chunk held in memory. */
const RETRY_READS_AT_ONCE = 6;
const RETRY_READ_CHUNK = 60;

/**
 * Provider refusals at submit that the merchant fixes in the app or in Shopify: invalid settings (700,
 * e.g. a model name the provider's library does not have), a photo it could not download (701), too
 * small (703) or not a flat lay (707). Refused at submit, nothing was billed (spec §5).
 */
const REPLANNED_REFUSALS = new Set(["700", "701", "703", "707"]);

/** A failed job's fields as a fresh queued job: attempts, provider task and timings cleared. */
const requeuedFields = (now: Date) => ({
  state: "queued",
  attempts: 0,
  interruptedSubmits: 0,
  providerTaskId: null,
  pollCount: 0,
  submittedAt: null,
  submitStartedAt: null,
  deadlineAt: null,
  resultAt: null,
  lastPolledAt: null,
  finishedAt: null,
  errorCode: null,
  errorMessage: null,
  leaseOwner: null,
  leaseExpiresAt: null,
  availableAt: now,
});

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
       * "none" when it has no results (submit it again); "nothing" when none of them can be attached.
       */
      const resumeWithResults = async (job: TryOnJob): Promise<"resumed" | "none" | "nothing"> => {
        if ((await deps.db.tryOnImage.count({ where: { jobId: job.id, shop } })) === 0) return "none";
        await deps.db.tryOnImage.updateMany({
          where: { jobId: job.id, shop, attachState: "failed" },
          data: { attachState: "stored", attachAttempts: 0, attachStartedAt: null, errorMessage: null },
        });
        // A Files copy that failed is tried again (it works while the provider's URL still answers).
        await deps.db.tryOnImage.updateMany({ where: { jobId: job.id, shop, copyState: "failed" }, data: { copyState: "none", copyAttempts: 0, copyOwner: null } });
        deps.notify?.();
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
      if (!run) return { requeued: 0, stillFailing: 0 };
      const failed = await deps.db.tryOnJob.findMany({ where: { shop, runId, state: "failed" } });
      // Planned again (current settings and photos), not re-sent as stored: jobs a local check refused,
      // and jobs the provider refused for their settings or photo — the merchant was told to fix those
      // and retry, and the same request would be refused the same way.
      const local = failed.filter(
        (j) => (j.attempts === 0 && j.submittedAt === null && j.requestJson === "{}") || (j.providerTaskId === null && REPLANNED_REFUSALS.has(j.errorCode ?? "")),
      );
      const remote = failed.filter((j) => !local.includes(j));
      const now = new Date(deps.clock.now());
      let requeued = 0;
      let stillFailing = 0;

      for (const job of remote) {
        // A job that already has results (it failed while attaching) was billed: its stored results go
        // back to attaching (or to review), never to the provider again.
        const resumed = await resumeWithResults(job);
        if (resumed === "resumed") {
          requeued++;
          continue;
        }
        if (resumed === "nothing") {
          stillFailing++;
          continue;
        }
        const { count } = await deps.db.tryOnJob.updateMany({
          where: { id: job.id, shop, state: "failed" },
          data: requeuedFields(now),
        });
        requeued += count;
      }

      if (local.length) {
        const catalog = await deps.catalogFor(shop);
        const shopRow = await deps.db.shopSettings.findUnique({ where: { shop } });
        const overrides = parseSettingsPatch(run.overridesJson ? JSON.parse(run.overridesJson) : {});
        const ctx: PlanContext = {
          shop,
          runCollectionId: run.scopeType === "collection" ? run.scopeRef : null,
          overrides: overrides.ok ? overrides.value : {},
          shopPatch: patchFromRow(shopRow),
          collections: await models.collectionSettings.allForShop(shop),
          catalog,
          force: run.forced,
        };
        // One Admin read per product, a few at a time, one chunk held at once. This runs in the
        // merchant's request, so retrying thousands of refused products takes that many reads.
        for (let from = 0; from < local.length; from += RETRY_READ_CHUNK) {
          const chunk = local.slice(from, from + RETRY_READ_CHUNK);
          const read = await mapLimit(chunk, RETRY_READS_AT_ONCE, (job) => catalog.getProduct(job.productId));
          for (const [k, job] of chunk.entries()) {
            const product = read[k];
            if (!product) {
              await deps.db.tryOnJob.updateMany({ where: { id: job.id, shop, state: "failed" }, data: { errorCode: "PRODUCT_GONE", errorMessage: "The product was deleted from the shop." } });
              stillFailing++;
              continue;
            }
            const [plan] = await planProducts(deps, models, ctx, [product], { seenKeys: new Set(), excludeJobId: job.id, colour: job.colour });
            if (plan.kind === "queue") {
              const { count } = await deps.db.tryOnJob.updateMany({
                where: { id: job.id, shop, state: "failed" },
                data: { ...requeuedFields(now), ...plan.job, state: "queued" },
              });
              requeued += count;
            } else {
              await deps.db.tryOnJob.updateMany({ where: { id: job.id, shop, state: "failed" }, data: { errorCode: plan.code, errorMessage: plan.reason } });
              stillFailing++;
            }
          }
        }
      }

      if (requeued) {
        await models.runs.update(shop, runId, { status: "running", finishedAt: null });
        deps.notify?.();
      }
      return { requeued, stillFailing };
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
