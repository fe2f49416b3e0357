/**
 * The planner: turns a run's scope into job rows, in streamed batches, from metadata only.
 *
 * - Every real run is planned under a run lease (planLeaseOwner / planLeaseExpiresAt). A run started
 *   with `background: true` (pages, extensions, `npm run ops`) is left for the runner's planner, which
 *   claims it within a tick; an inline start (one product) holds the lease from the moment the row is
 *   created. A planner that dies leaves its lease to expire; the next one resumes after the last
 *   committed batch (`productsPlanned` is written in the same transaction as the batch's jobs).
 * - Each batch is decided and written under the shop's planning lock (PlanningLock, a lease row that
 *   works the same on SQLite and PostgreSQL and across instances): the duplicate check, the daily cap
 *   and the insert happen with no other planner of the shop in between, so double clicks, two tabs
 *   or five parallel starts never create duplicate jobs or overrun the cap. The lock is held per batch
 *   (milliseconds: flat-lay looks are judged before it is taken), so a one-product start waits at most
 *   one batch of a large collection.
 * - The same planner, under the same lease, plans a retried run's refused jobs again
 *   (replan.server.ts), so a retry answers at once however many products it covers.
 */
import { randomUUID } from "node:crypto";
import type { Prisma, TryOnRun } from "@prisma/client";
import type { CatalogMedia, CatalogProduct } from "../catalog";
import { chooseGarmentImage, judgeable } from "../catalog";
import { lookKey } from "../catalog/garment-looks.server";
import { parseSettingsPatch, patchFromRow, type SettingsPatch } from "../settings/fields";
import { createModels, type Models, type PipelineDeps } from "./context.server";
import { readJobSettings } from "./job-settings";
import { withColourVariants } from "./colour-targets.server";
import { garmentLooksFor, planProducts } from "./plan.server";
import type { PlanContext, ProductPlan } from "./plan-types";
import { acquirePlanningLock, releasePlanningLock } from "./planning-lock.server";
import { replanRetriedJobs } from "./replan.server";
import { MAX_LISTED_SKIPS, emptyEstimate, settleFigures, startOfUtcDay, type PlanScope, type RunEstimate, type SkippedProduct } from "./run-estimate";

// ---------------------------------------------------------------------------------------------------
// Planning a scope in batches

export interface PlanScopeOptions {
  /** The run being planned; null for an estimate (nothing is written). */
  run: { id: string; owner: string } | null;
  /** Products per batch (one transaction each); default 50. */
  batchSize?: number;
  /** Stream items already planned by an earlier planner of this run (resume). */
  skipFirst?: number;
  /** Called with the estimate after every batch. */
  onBatch?: (e: RunEstimate) => void;
  /**
   * Judge a single-photo product's look before its job is written (one product's start: the page shows
   * the mark at once). Otherwise it is judged after its batch is written (`looksSettled`).
   */
  judgeSinglePhotos?: boolean;
}

async function* productsOf(scope: PlanScope, ctx: PlanContext): AsyncGenerator<CatalogProduct | { missing: string }> {
  if (scope.type === "collection") {
    yield* ctx.catalog.streamCollectionProducts(scope.collectionId);
    return;
  }
  const ids = scope.type === "product" ? [scope.productId] : scope.productIds;
  for (const id of ids) {
    const p = await ctx.catalog.getProduct(id);
    yield p ?? { missing: id };
  }
}

/**
 * A product with one photo that could be sent: its look chooses nothing, it only decides the "may be
 * refused as not a flat lay" mark, so it is judged after the batch is written (see settleLooks).
 */
interface SinglePhoto {
  /** Only what choosing its photo again needs: a batch's products (variants and all) are not kept. */
  product: { id: string; title: string; media: CatalogMedia[] };
  media: CatalogMedia;
  ownMediaIds: string[];
}

/**
 * A batch streamed from the scope, its looks being judged while the one before is written. `judged`
 * gives the batch's single-photo products once the others' looks are judged (null when that failed).
 */
interface StreamedBatch {
  products: CatalogProduct[];
  gone: string[];
  judged: Promise<SinglePhoto[] | null>;
}

/**
 * Single-photo looks judged at once after their batch is written (settleLooks): one, or this many once
 * more than SETTLE_BACKLOG wait. Measured (`npm run bench -- --only throughput`, 1,000 products): four
 * at a time throughout cut planning from 234 to 141 products/s; one at a time throughout made a
 * 10,000-product run's planning wait on them (40 products/s).
 */
const SETTLE_CONCURRENCY_BEHIND = 4;
const SETTLE_BACKLOG = 500;
/** Single-photo products waiting for their look before planning pauses for them (a few hundred bytes each). */
const MAX_SINGLES_WAITING = 2000;
/** Products planned per lock acquisition and transaction. */
const DEFAULT_BATCH = 50;
/**
 * Products planned per batch by a dry run (an estimate): it writes nothing and holds no lock, so larger
 * batches only mean fewer reads (duplicates, cached looks) — a 10,000-product estimate makes 40 rounds
 * of them instead of 200. Its products are metadata only, a few KB each.
 */
const DRY_RUN_BATCH = 250;
/** A run's first batch: one page of a collection (the first page of a large one comes before its bulk read). */
const FIRST_BATCH = 25;
/** A planner renews its run lease and the shop lock this often. */
export const PLAN_LEASE_MS = 60_000;

/** Runs this process is planning right now (inline starts and the runner's planner alike). */
let runsPlanning = 0;

/**
 * Whether this process is planning a run: its provider work is not all queued yet, so the Files copier
 * takes its background pace (file-copy.server.ts, both drivers). Submits waiting was the only sign before; but while
 * planning runs behind the provider's rate no submit waits, and the copier's downloads, colour checks
 * and uploads took the CPU the planning needed (a Q=100 run planned at 44 products/s).
 */
export function planningInProgress(): boolean {
  return runsPlanning > 0;
}

/**
 * Plans the scope: streams it, plans each batch (judging looks first when ctx.looks is "judge"), and —
 * for a run — writes each batch's jobs and counters in one transaction under the shop's planning lock.
 * Returns the estimate (for a resumed run: of the part planned by this call) and why planning stopped.
 */
export async function planScope(
  deps: PipelineDeps,
  models: Models,
  ctx: PlanContext,
  scope: PlanScope,
  estimate: RunEstimate,
  o: PlanScopeOptions,
): Promise<{ estimate: RunEstimate; planError: string | null; cancelled: boolean; looksSettled: Promise<void> }> {
  const shop = ctx.shop;
  const batchSize = o.batchSize ?? (o.run ? DEFAULT_BATCH : DRY_RUN_BATCH);
  const cap = estimate.dailyCap?.cap ?? null;
  /** Duplicate keys of the products planned and not yet written (a dry run: all of them). */
  const seenKeys = new Set<string>();
  let dryReserved = estimate.dailyCap?.usedToday ?? 0;
  let skip = o.skipFirst ?? 0;
  let batch: CatalogProduct[] = [];
  let missing: string[] = [];
  let cancelled = false;
  const listSkip = (s: SkippedProduct) => {
    estimate.skippedCounts[s.kind]++;
    if (estimate.skipped.length < MAX_LISTED_SKIPS) estimate.skipped.push(s);
  };

  /**
   * Judges a batch's flat-lay looks (small downloads, cached per image): the slow part of planning.
   * Only where they choose something — a product with several photos that could be sent — unless
   * `o.judgeSinglePhotos`; the single-photo products are returned, to be judged once the batch is written.
   */
  const judgeLooks = async (products: CatalogProduct[]): Promise<SinglePhoto[]> => {
    const own = await models.images.attachedMediaIds(shop, products.map((p) => p.id));
    const now: CatalogMedia[] = [];
    const singles: SinglePhoto[] = [];
    for (const product of products) {
      const ownMediaIds = own.get(product.id) ?? [];
      const candidates = product.media.slice(0, 10).filter((m) => judgeable(m, new Set(ownMediaIds)));
      if (candidates.length === 1 && !o.judgeSinglePhotos) singles.push({ product: { id: product.id, title: product.title, media: product.media.slice(0, 10) }, media: candidates[0], ownMediaIds });
      else now.push(...candidates);
    }
    await garmentLooksFor(deps).judge(shop, now);
    return singles;
  };
  const judgeAhead = o.run !== null && ctx.looks === "judge";
  /** Single-photo looks being judged after their batches were written, one batch at a time. */
  let settling: Promise<void> = Promise.resolve();
  let singlesWaiting = 0;
  const settleLater = (runId: string, singles: SinglePhoto[]) => {
    singlesWaiting += singles.length;
    settling = settling
      // One at a time while planning is ahead by little (it keeps the CPU); more once a large
      // collection's backlog builds up, so planning does not have to pause for it.
      .then(() => settleLooks(deps, shop, runId, singles, singlesWaiting > SETTLE_BACKLOG ? SETTLE_CONCURRENCY_BEHIND : 1))
      .catch((error) => deps.log.warn("judging single photos after planning failed", { shop, runId, error: (error as Error).message }))
      .finally(() => (singlesWaiting -= singles.length));
  };
  /**
   * Batches streamed and being judged, not yet written. The next batch's looks are judged while this one
   * waits for its own and is written under the lock, so the downloads never stop for the writes (planning
   * was a row of stop-and-go batches: stream, judge, lock, write).
   */
  let ahead: StreamedBatch | null = null;
  const takeBatch = () => {
    const products = batch;
    const gone = missing;
    batch = [];
    missing = [];
    // judged: null when the look-ahead itself failed (a database read); flush then judges once more.
    return { products, gone, judged: judgeAhead ? judgeLooks(products).catch(() => null) : Promise.resolve(null) };
  };

  const flush = async (next: StreamedBatch): Promise<boolean> => {
    const { products, gone } = next;
    const run = o.run;
    let singles: SinglePhoto[] = [];
    if (run) {
      const row = await models.runs.get(shop, run.id);
      if (!row || row.status === "cancelled" || row.planLeaseOwner !== run.owner) {
        cancelled = true;
        return false;
      }
      // Looks first, outside the lock; the plan below reads the cache. Judged since the batch was
      // streamed; only a look-ahead that failed is judged again here.
      if (ctx.looks === "judge") singles = (await next.judged) ?? (await judgeLooks(products));
      // Colour products' variants too (Admin API metadata), so the locked part reads nothing remote.
      await withColourVariants(ctx.catalog, products);
      await acquirePlanningLock(deps.db, shop, run.owner, { ttlMs: PLAN_LEASE_MS });
    }
    try {
      const plans: ProductPlan[] = await planProducts(deps, models, { ...ctx, looks: "cached" }, products, { seenKeys });
      for (const id of gone) plans.push({ kind: "skip", skip: "not_found", productId: id, title: id, colour: null, code: "NOT_FOUND", reason: "The product was not found in the shop; it may have been deleted." });

      // The daily cap, decided under the lock against every job already created today (this run's too).
      let reserved = run && cap !== null ? await models.jobs.imagesReservedSince(shop, startOfUtcDay(deps.clock.now())) : dryReserved;
      for (let i = 0; i < plans.length; i++) {
        const p = plans[i];
        if (p.kind !== "queue" || cap === null) continue;
        if (reserved + p.job.imagesExpected > cap) {
          plans[i] = {
            kind: "skip",
            skip: "daily_cap",
            productId: p.productId,
            title: p.title,
            colour: p.colour,
            code: "DAILY_CAP",
            reason: `Skipped: the shop's limit of ${cap} try-on images a day is reached (${reserved} used or queued today, this run included). Raise the limit in Settings or run again after midnight UTC.`,
          };
        } else {
          reserved += p.job.imagesExpected;
        }
      }
      dryReserved = reserved;

      let images = 0;
      let flagged = 0;
      const skippedBefore = estimate.skipped.length;
      const rows: Prisma.TryOnJobCreateManyInput[] = [];
      const now = new Date(deps.clock.now());
      // Products, not plans, are counted (a product tried on per colour has a plan per colour): the
      // run's cursor (productsPlanned) is a position in the product stream.
      const productCount = products.length + gone.length;
      const queuedProducts = new Set(plans.filter((p) => p.kind === "queue").map((p) => p.productId));
      const skipped = productCount - queuedProducts.size;
      estimate.products += productCount;
      estimate.productsToGenerate += queuedProducts.size;
      for (const p of plans) {
        if (p.kind === "queue") {
          estimate.tryOnsToGenerate++;
          if (p.colour) estimate.coloursToGenerate++;
          estimate.imagesToGenerate += p.job.imagesExpected;
          images += p.job.imagesExpected;
          if (p.mayBeRefused) {
            estimate.mayBeRefused++;
            flagged++;
          }
          if (p.unjudged) estimate.unjudged++;
        } else if (p.kind === "unusable") {
          listSkip({ productId: p.productId, title: p.title, kind: "unusable", code: p.code, reason: p.reason });
        } else {
          listSkip({ productId: p.productId, title: p.title, kind: p.skip, code: p.code, reason: p.reason });
        }
        if (run && (p.kind === "queue" || p.kind === "unusable")) {
          rows.push({ ...p.job, shop, runId: run.id, availableAt: now, reservedAt: now, finishedAt: p.job.state === "failed" ? now : null });
        }
      }
      if (run) {
        const data: Prisma.TryOnRunUpdateManyMutationInput = {
          productsTotal: { increment: productCount },
          productsPlanned: { increment: productCount },
          productsSkipped: { increment: skipped },
          productsFlagged: { increment: flagged },
          imagesEstimated: { increment: images },
          jobsCreated: { increment: rows.length },
          planLeaseExpiresAt: new Date(deps.clock.now() + PLAN_LEASE_MS),
        };
        if (estimate.skipped.length !== skippedBefore) data.skippedJson = JSON.stringify(estimate.skipped);
        // One transaction: the jobs and the cursor move together, so a resumed planner neither skips
        // nor repeats a product. The lease check makes a planner that lost its lease write nothing.
        const ok = await deps.db.$transaction(async (tx) => {
          const moved = await tx.tryOnRun.updateMany({ where: { id: run.id, shop, planLeaseOwner: run.owner, status: "planning" }, data });
          if (moved.count === 0) return false;
          if (rows.length) await tx.tryOnJob.createMany({ data: rows });
          return true;
        });
        if (!ok) {
          cancelled = true;
          return false;
        }
        // The batch's jobs are in the database now, where the next batch's duplicate check finds them:
        // the set only has to span one batch, not grow with the collection (a dry run keeps it whole).
        seenKeys.clear();
        if (rows.some((r) => r.state === "queued")) deps.notify?.();
        if (singles.length) settleLater(run.id, singles);
      }
      o.onBatch?.(estimate);
    } finally {
      if (run) await releasePlanningLock(deps.db, shop, run.owner);
    }
    // Memory stays bounded however large the collection: planning waits (outside the shop's lock) for
    // the looks to catch up.
    if (singlesWaiting > MAX_SINGLES_WAITING) await settling;
    return true;
  };

  let planError: string | null = null;
  let firstWritten = false;
  if (o.run) runsPlanning++;
  try {
    for await (const item of productsOf(scope, ctx)) {
      if (skip > 0) {
        skip--;
        continue;
      }
      if ("missing" in item) missing.push(item.missing);
      else batch.push(item);
      if (batch.length + missing.length >= (o.run && !firstWritten ? Math.min(FIRST_BATCH, batchSize) : batchSize)) {
        const streamed = takeBatch();
        if (o.run && !firstWritten) {
          // The first products are written at once, not once the next batch has been streamed: the
          // first submits go out while the rest of the scope is still being read (a large collection's
          // bulk read takes seconds on a quiet shop, minutes on a busy one; its first page comes first).
          firstWritten = true;
          if (!(await flush(streamed))) break;
          continue;
        }
        const previous = ahead;
        ahead = streamed;
        if (previous && !(await flush(previous))) break;
      }
    }
    if (!cancelled && ahead) await flush(ahead);
    if (!cancelled && (batch.length || missing.length)) await flush(takeBatch());
  } catch (error) {
    if (!o.run) throw error;
    planError = `Planning stopped after ${estimate.products} products: ${(error as Error).message}`;
    deps.log.error("run planning failed", { shop, runId: o.run.id, error: (error as Error).message });
  } finally {
    if (o.run) runsPlanning--;
  }
  return { estimate: settleFigures(estimate), planError, cancelled, looksSettled: settling };
}

/**
 * Judges the single-photo products of a written batch and marks the jobs whose photo does not look
 * like a flat lay "may be refused" (job summary and the run's count). The product is sent either way
 * (there is no other photo to choose); the mark tells the merchant why the provider may refuse it.
 * Every verdict is cached (GarmentVerdict), so lists, estimates and re-runs never judge it again.
 */
async function settleLooks(deps: PipelineDeps, shop: string, runId: string, singles: SinglePhoto[], concurrency: number): Promise<void> {
  const looks = garmentLooksFor(deps);
  // Few at a time: these looks hold nothing back, while the run's submits and planning share the CPU.
  const judged = await looks.judge(shop, singles.map((s) => s.media), { concurrency });
  const flagged = singles.filter((s) => judged.get(lookKey(shop, s.media))?.ok === false);
  if (!flagged.length) return;
  const lookOf = looks.lookOf(shop, judged);
  const jobs = await deps.db.tryOnJob.findMany({ where: { shop, runId, productId: { in: flagged.map((f) => f.product.id) } }, select: { id: true, productId: true, garmentMediaId: true, settingsJson: true } });
  const products = new Set<string>();
  for (const job of jobs) {
    const single = flagged.find((f) => f.product.id === job.productId && f.media.id === job.garmentMediaId);
    const summary = readJobSettings(job.settingsJson);
    // Already marked when planned (its look was cached then): counted once.
    if (!single || !summary.garment || summary.garment.mayBeRefused) continue;
    const choice = chooseGarmentImage(single.product, { overrideMediaId: summary.garment.overridden ? job.garmentMediaId : undefined, ownMediaIds: single.ownMediaIds, lookOf });
    if (!choice.mayBeRefused) continue;
    summary.garment = { ...summary.garment, reason: choice.reason, mayBeRefused: true, unjudged: false };
    await deps.db.tryOnJob.update({ where: { id: job.id }, data: { settingsJson: JSON.stringify(summary) } });
    products.add(job.productId);
  }
  if (products.size) await deps.db.tryOnRun.updateMany({ where: { id: runId, shop }, data: { productsFlagged: { increment: products.size } } });
}

// ---------------------------------------------------------------------------------------------------
// Planning a stored run (inline or by the runner's planner), with resume

/** The scope stored on a run row. */
export function scopeOfRun(run: Pick<TryOnRun, "scopeType" | "scopeRef">): PlanScope {
  if (run.scopeType === "collection") return { type: "collection", collectionId: run.scopeRef ?? "" };
  if (run.scopeType === "product") return { type: "product", productId: run.scopeRef ?? "" };
  return { type: "selection", productIds: JSON.parse(run.scopeRef ?? "[]") as string[] };
}

/** The planning context of a shop (settings, collections, catalog). */
export async function planContextFor(deps: PipelineDeps, models: Models, shop: string, scope: PlanScope, overrides: SettingsPatch, force: boolean, looks: "judge" | "cached", settingsCollectionId: string | null = null): Promise<PlanContext & { dailyCap: number | null }> {
  const [catalog, shopRow, collections] = await Promise.all([deps.catalogFor(shop), deps.db.shopSettings.findUnique({ where: { shop } }), models.collectionSettings.allForShop(shop)]);
  return {
    shop,
    // A product run of "Try on new products" takes the defaults of the collection the product joined.
    runCollectionId: scope.type === "collection" ? scope.collectionId : settingsCollectionId,
    overrides,
    shopPatch: patchFromRow(shopRow),
    collections,
    catalog,
    force,
    looks,
    dailyCap: shopRow?.dailyImageCap ?? null,
  };
}

/**
 * Plans a stored run whose lease `owner` holds (set at creation, or claimed by the planner), from where
 * an earlier planner stopped, then marks it running. Returns the estimate of what this call planned.
 */
export async function planStoredRun(
  deps: PipelineDeps,
  shop: string,
  runId: string,
  owner: string,
  o: { batchSize?: number } = {},
): Promise<{ estimate: RunEstimate; planError: string | null; looksSettled: Promise<void> }> {
  const models = createModels(deps.db);
  const run = await models.runs.get(shop, runId);
  if (!run) throw new Error(`run ${runId} not found`);
  const scope = scopeOfRun(run);
  const overrides = run.overridesJson ? parseSettingsPatch(JSON.parse(run.overridesJson)) : null;
  const heartbeat = setInterval(() => {
    void deps.db.tryOnRun.updateMany({ where: { id: runId, planLeaseOwner: owner }, data: { planLeaseExpiresAt: new Date(deps.clock.now() + PLAN_LEASE_MS) } }).catch(() => undefined);
  }, PLAN_LEASE_MS / 3);
  heartbeat.unref?.();
  let result: { estimate: RunEstimate; planError: string | null; cancelled: boolean; looksSettled: Promise<void> };
  try {
    const ctx = await planContextFor(deps, models, shop, scope, overrides?.ok ? overrides.value : {}, run.forced, "judge", run.settingsCollectionId);
    const usedToday = ctx.dailyCap !== null ? await models.jobs.imagesReservedSince(shop, startOfUtcDay(deps.clock.now())) : 0;
    const estimate = emptyEstimate(ctx.dailyCap !== null ? { cap: ctx.dailyCap, usedToday, remaining: Math.max(0, ctx.dailyCap - usedToday) } : null);
    if (run.skippedJson) estimate.skipped = (JSON.parse(run.skippedJson) as SkippedProduct[]).slice(0, MAX_LISTED_SKIPS);
    // One product's start judges its photo at once (one small download; the page shows the mark);
    // larger scopes judge single photos after their batch is written (planScope).
    result = await planScope(deps, models, ctx, scope, estimate, { run: { id: runId, owner }, batchSize: o.batchSize, skipFirst: run.productsPlanned, judgeSinglePhotos: scope.type === "product" });
  } catch (error) {
    result = { estimate: emptyEstimate(null), planError: `Planning stopped: ${(error as Error).message}`, cancelled: false, looksSettled: Promise.resolve() };
    deps.log.error("run planning failed", { shop, runId, error: (error as Error).message });
  } finally {
    clearInterval(heartbeat);
  }
  if (!result.cancelled) {
    await deps.db.tryOnRun.updateMany({
      where: { id: runId, shop, planLeaseOwner: owner, status: "planning" },
      data: { status: "running", planError: result.planError, planLeaseOwner: null, planLeaseExpiresAt: null },
    });
  } else {
    // Cancelled while planning: give the lease up (a planner that lost its lease changes nothing).
    await deps.db.tryOnRun.updateMany({ where: { id: runId, shop, planLeaseOwner: owner }, data: { planLeaseOwner: null, planLeaseExpiresAt: null } });
  }
  deps.notify?.();
  return { estimate: result.estimate, planError: result.planError, looksSettled: result.looksSettled };
}

// ---------------------------------------------------------------------------------------------------
// The runner's planner

export interface Planner {
  /** Claims runs waiting to be planned (new background runs, or runs whose planner died) and plans them. */
  tick(): Promise<number>;
  /** Planning calls in flight in this process. */
  readonly active: number;
  /** Waits for the plans in flight (up to graceMs); claims nothing until started again. */
  stop(graceMs?: number): Promise<void>;
  /** Claims again after a stop (a runner stopped and started again in the same process). */
  start(): void;
}

/** At most `concurrency` runs planned at once by this process (default 2); `shops` limits the shops (tests). */
export function createPlanner(deps: PipelineDeps, o: { concurrency?: number; shops?: string[]; workerId?: string } = {}): Planner {
  const concurrency = o.concurrency ?? 2;
  const workerId = o.workerId ?? `p-${randomUUID().slice(0, 8)}`;
  const inFlight = new Set<Promise<unknown>>();
  /** Single-photo looks still being judged for runs already planned (not counted against `concurrency`). */
  const settling = new Set<Promise<void>>();
  let stopping = false;

  /**
   * A run to plan: one started in the background (or whose planner died), or a planned run a retry
   * asked to plan some jobs again (replan.server.ts). A run still being planned inline is its
   * starter's until it is planned; its retried jobs are taken after that.
   */
  async function claimOne(): Promise<{ id: string; shop: string; owner: string; replan: boolean } | null> {
    const now = new Date(deps.clock.now());
    const candidates = await deps.db.tryOnRun.findMany({
      where: {
        AND: [
          { OR: [{ status: "planning", planInBackground: true }, { status: { not: "planning" }, replanRequestedAt: { not: null } }] },
          { OR: [{ planLeaseExpiresAt: null }, { planLeaseExpiresAt: { lt: now } }] },
        ],
        ...(o.shops ? { shop: { in: o.shops } } : {}),
      },
      orderBy: { createdAt: "asc" },
      select: { id: true, shop: true, status: true, planLeaseOwner: true, planLeaseExpiresAt: true },
      take: 5,
    });
    for (const c of candidates) {
      const owner = `${workerId}#${randomUUID().slice(0, 8)}`;
      const { count } = await deps.db.tryOnRun.updateMany({
        where: { id: c.id, status: c.status, planLeaseOwner: c.planLeaseOwner, planLeaseExpiresAt: c.planLeaseExpiresAt },
        data: { planLeaseOwner: owner, planLeaseExpiresAt: new Date(deps.clock.now() + PLAN_LEASE_MS) },
      });
      if (count) return { id: c.id, shop: c.shop, owner, replan: c.status !== "planning" };
    }
    return null;
  }

  return {
    get active() {
      return inFlight.size;
    },
    async tick() {
      let started = 0;
      while (!stopping && inFlight.size < concurrency) {
        const claimed = await claimOne();
        if (!claimed) break;
        started++;
        const planned = claimed.replan
          ? replanRetriedJobs(deps, claimed.shop, claimed.id, claimed.owner).then(() => undefined)
          : planStoredRun(deps, claimed.shop, claimed.id, claimed.owner).then(({ looksSettled }) => {
              settling.add(looksSettled);
              void looksSettled.finally(() => settling.delete(looksSettled));
            });
        const p = planned
          .catch((error) => deps.log.error("background planning failed", { runId: claimed.id, error: (error as Error)?.stack ?? String(error) }))
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      return started;
    },
    start() {
      stopping = false;
    },
    async stop(graceMs = 30_000) {
      stopping = true;
      const deadline = new Promise((r) => setTimeout(r, graceMs));
      await Promise.race([Promise.allSettled([...inFlight]), deadline]);
      await Promise.race([Promise.allSettled([...settling]), deadline]);
    },
  };
}
