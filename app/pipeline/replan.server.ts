/**
 * Retried jobs planned again, in the background.
 *
 * A retry (run-control.server.ts) answers at once: jobs a local check refused, and jobs the provider
 * refused at submit for their settings or photo (700/701/703/707; nothing billed), go back to `queued`
 * with `replanRequested` set, and the run gets `replanRequestedAt`. Submits never claim such a job (the
 * stored request is the one that was refused). The runner's planner claims the run under its plan lease
 * and plans each job again from the product as it is now, with the settings as they are now: a job that
 * plans cleanly gets its new request and is sent; one that still fails a check fails again with a fresh
 * message. Each product is one Admin API read, a few at a time, so retrying thousands of refused
 * products (an unknown model name fails a whole run) never runs inside the merchant's request.
 */
import { patchFromRow, parseSettingsPatch } from "../settings/fields";
import { createModels, type PipelineDeps } from "./context.server";
import { mapLimit } from "./colour-targets.server";
import { planProducts } from "./plan.server";
import type { PlanContext } from "./plan-types";
import { acquirePlanningLock, releasePlanningLock } from "./planning-lock.server";
import { startOfUtcDay } from "./run-estimate";

/** Products read from the Admin API at once, and per chunk held in memory. */
const READS_AT_ONCE = 6;
const READ_CHUNK = 60;
/** After a failed pass (the Admin API down, a lost token) the run is claimed again no sooner than this. */
const RETRY_AFTER_FAILURE_MS = 30_000;
/** The plan lease a pass renews while it works (the same as a run's planning lease). */
const LEASE_MS = 60_000;

/** A failed job's fields as a fresh queued job: attempts, provider task and timings cleared. */
export const requeuedFields = (now: Date) => ({
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

export interface ReplanResult {
  /** Jobs planned again and queued to be sent. */
  requeued: number;
  /** Jobs that failed a check again (their message is fresh). */
  stillFailing: number;
}

/**
 * Plans the run's jobs waiting to be planned again, while `owner` holds the run's plan lease (claimed by
 * the planner), then clears the run's request and gives the lease up. A newer retry made meanwhile keeps
 * its request, so the run is claimed again.
 */
export async function replanRetriedJobs(deps: PipelineDeps, shop: string, runId: string, owner: string): Promise<ReplanResult> {
  const models = createModels(deps.db);
  const result: ReplanResult = { requeued: 0, stillFailing: 0 };
  const run = await models.runs.get(shop, runId);
  if (!run || run.planLeaseOwner !== owner) return result;
  const requestedAt = run.replanRequestedAt;
  const renew = () => deps.db.tryOnRun.updateMany({ where: { id: runId, planLeaseOwner: owner }, data: { planLeaseExpiresAt: new Date(deps.clock.now() + LEASE_MS) } });
  const heartbeat = setInterval(() => void renew().catch(() => undefined), LEASE_MS / 3);
  heartbeat.unref?.();
  try {
    if (run.status !== "cancelled") {
      const [catalog, shopRow, collections] = await Promise.all([deps.catalogFor(shop), deps.db.shopSettings.findUnique({ where: { shop } }), models.collectionSettings.allForShop(shop)]);
      const cap = shopRow?.dailyImageCap ?? null;
      const overrides = parseSettingsPatch(run.overridesJson ? JSON.parse(run.overridesJson) : {});
      const ctx: PlanContext = {
        shop,
        runCollectionId: run.scopeType === "collection" ? run.scopeRef : run.settingsCollectionId,
        overrides: overrides.ok ? overrides.value : {},
        shopPatch: patchFromRow(shopRow),
        collections,
        catalog,
        force: run.forced,
        looks: "judge",
      };
      for (;;) {
        const current = await models.runs.get(shop, runId);
        if (!current || current.status === "cancelled" || current.planLeaseOwner !== owner) break;
        const chunk = await deps.db.tryOnJob.findMany({ where: { shop, runId, state: "queued", replanRequested: true }, orderBy: { id: "asc" }, take: READ_CHUNK });
        if (!chunk.length) break;
        const products = await mapLimit(chunk, READS_AT_ONCE, (job) => catalog.getProduct(job.productId));
        const plans = [];
        for (const [k, job] of chunk.entries()) {
          const product = products[k];
          plans.push(product ? (await planProducts(deps, models, ctx, [product], { seenKeys: new Set(), excludeJobId: job.id, colour: job.colour }))[0] : null);
        }
        const now = new Date(deps.clock.now());
        // Only a job still waiting for this (not cancelled meanwhile) is changed.
        const waiting = (id: string) => ({ id, shop, state: "queued", replanRequested: true });
        // Its stored request is the stale one: cleared, so a later retry plans it again, never sends it.
        const failAgain = (code: string, message: string) => ({ state: "failed", replanRequested: false, finishedAt: now, errorCode: code, errorMessage: message, requestJson: "{}" });
        // The daily image limit, decided under the shop's planning lock as the planner decides it: the
        // plan may ask for more images than the job held (the merchant raised the count before retrying).
        if (cap !== null) await acquirePlanningLock(deps.db, shop, owner, { ttlMs: LEASE_MS });
        try {
          const today = startOfUtcDay(deps.clock.now());
          let reserved = cap !== null ? await models.jobs.imagesReservedSince(shop, today) : 0;
          for (const [k, job] of chunk.entries()) {
            const plan = plans[k];
            // The job already counts today (queued by the retry) with the images it held; a job that
            // fails again gives them back.
            const held = job.reservedAt && job.reservedAt >= today ? job.imagesExpected : 0;
            if (!plan || plan.kind !== "queue") {
              const failed = await deps.db.tryOnJob.updateMany({ where: waiting(job.id), data: plan ? failAgain(plan.code, plan.reason) : failAgain("PRODUCT_GONE", "The product was deleted from the shop.") });
              result.stillFailing += failed.count;
              if (failed.count) reserved -= held;
              continue;
            }
            if (cap !== null) {
              const next = reserved - held + plan.job.imagesExpected;
              if (next > cap) {
                const left = Math.max(0, cap - (reserved - held));
                const reason = `Not sent: it needs ${plan.job.imagesExpected} try-on image${plan.job.imagesExpected === 1 ? "" : "s"}, and ${left} of the shop's limit of ${cap} a day ${left === 1 ? "is" : "are"} left today. Raise the limit in Settings, or retry after midnight UTC.`;
                // One attempt, as the job had when it was retried: it reads "Failed" and the run page offers
                // the retry its message suggests (a job never sent with no attempt reads "Skipped", no retry).
                const failed = await deps.db.tryOnJob.updateMany({ where: waiting(job.id), data: { ...failAgain("DAILY_CAP", reason), attempts: 1 } });
                result.stillFailing += failed.count;
                if (failed.count) reserved -= held;
                continue;
              }
              reserved = next;
            }
            result.requeued += (await deps.db.tryOnJob.updateMany({ where: waiting(job.id), data: { ...requeuedFields(now), ...plan.job, state: "queued", replanRequested: false, reservedAt: now } })).count;
          }
        } finally {
          if (cap !== null) await releasePlanningLock(deps.db, shop, owner);
        }
        await renew();
        deps.notify?.();
      }
    }
    await deps.db.tryOnRun.updateMany({ where: { id: runId, shop, planLeaseOwner: owner, replanRequestedAt: requestedAt }, data: { replanRequestedAt: null } });
    await deps.db.tryOnRun.updateMany({ where: { id: runId, shop, planLeaseOwner: owner }, data: { planLeaseOwner: null, planLeaseExpiresAt: null } });
  } catch (error) {
    // Left for a later pass: the jobs keep waiting (the run page shows them waiting), nothing is sent.
    deps.log.warn("planning retried jobs again failed", { shop, runId, error: (error as Error).message });
    await deps.db.tryOnRun
      .updateMany({ where: { id: runId, shop, planLeaseOwner: owner }, data: { planLeaseOwner: null, planLeaseExpiresAt: new Date(deps.clock.now() + RETRY_AFTER_FAILURE_MS) } })
      .catch(() => undefined);
  } finally {
    clearInterval(heartbeat);
  }
  deps.notify?.();
  return result;
}
