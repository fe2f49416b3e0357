/**
 * startRun: turns a merchant action (one product, a selection, a whole collection) into a run and its
 * jobs. A collection is streamed from the catalog (pages or a bulk operation) and planned in batches;
 * each batch's jobs are created with one createMany, so the runner starts submitting while later
 * batches are still being planned, and memory stays flat however large the collection is.
 *
 * A dry run does the same planning without writing anything and returns the estimate.
 */
import type { Prisma } from "@prisma/client";
import * as z from "zod";
import type { CatalogProduct } from "../catalog";
import { parseSettingsPatch, patchFromRow, type SettingsIssue, type SettingsPatch } from "../settings/fields";
import { createModels, type PipelineDeps } from "./context.server";
import { planProducts, type PlanContext, type ProductPlan, type SkipKind } from "./plan.server";

export const runScopeSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("product"), productId: z.string().regex(/^gid:\/\/shopify\/Product\/\d+$/, "must be a product id like gid://shopify/Product/123") }),
    z.object({
      type: z.literal("selection"),
      productIds: z
        .array(z.string().regex(/^gid:\/\/shopify\/Product\/\d+$/, "must be product ids like gid://shopify/Product/123"))
        .min(1, "must list at least one product")
        .max(250, "must list at most 250 products; start a collection run for more"),
    }),
    z.object({ type: z.literal("collection"), collectionId: z.string().regex(/^gid:\/\/shopify\/Collection\/\d+$/, "must be a collection id like gid://shopify/Collection/123") }),
  ],
  { error: 'must be {"type":"product","productId"}, {"type":"selection","productIds":[…]} or {"type":"collection","collectionId"}' },
);
export type RunScope = z.infer<typeof runScopeSchema>;

export interface StartRunOptions {
  /** Plan and estimate only; nothing is written. */
  dryRun?: boolean;
  /** Queue products even when the same image and settings were already generated or are in flight. */
  force?: boolean;
  /** Products planned per batch (one createMany each); default 50. */
  batchSize?: number;
  /** Garment checks in parallel; default 6. */
  planConcurrency?: number;
  /**
   * Return as soon as the run exists (with an empty estimate) and plan in the background of this
   * process; progress (products planned, jobs) is read from the run. For pages: a large collection
   * takes minutes to plan. Ignored for dry runs.
   */
  background?: boolean;
}

export interface SkippedProduct {
  productId: string;
  title: string;
  kind: SkipKind | "unusable";
  /** DUPLICATE, DAILY_CAP, NOT_FOUND, or the provider-equivalent code of a failed local check (703, 707, 700, NO_GARMENT_IMAGE). */
  code: string;
  reason: string;
}

export interface RunEstimate {
  /** Products looked at. */
  products: number;
  /** Products that will be (or were) sent to try-on. */
  productsToGenerate: number;
  /** Images those products will produce (the cost). */
  imagesToGenerate: number;
  /** Products not sent, by kind. */
  skippedCounts: Record<SkipKind | "unusable", number>;
  /** The first {@link MAX_LISTED_SKIPS} products not sent, with reasons. */
  skipped: SkippedProduct[];
  dailyCap: { cap: number; usedToday: number; remaining: number } | null;
}

export interface StartRunResult {
  /** null for a dry run. */
  runId: string | null;
  dryRun: boolean;
  estimate: RunEstimate;
  /** Set when planning stopped early (the jobs planned so far still run). */
  planError: string | null;
  /** True when planning continues in the background (`background: true`). */
  planning: boolean;
}

/** Invalid scope or overrides; `issues` name the fields. */
export class StartRunInputError extends Error {
  constructor(readonly issues: SettingsIssue[]) {
    super(`The run cannot start: ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`);
    this.name = "StartRunInputError";
  }
}

/** Longest skipped list kept in a result or on the run row (counts stay exact). */
export const MAX_LISTED_SKIPS = 200;

const startOfUtcDay = (ms: number) => {
  const d = new Date(ms);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
};

async function* productsOf(scope: RunScope, ctx: PlanContext): AsyncGenerator<CatalogProduct | { missing: string }> {
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

export function createStartRun(deps: PipelineDeps) {
  const models = createModels(deps.db);

  return async function startRun(shop: string, scopeInput: RunScope | unknown, overridesInput: SettingsPatch | unknown = {}, options: StartRunOptions = {}): Promise<StartRunResult> {
    const scopeParsed = runScopeSchema.safeParse(scopeInput);
    const overridesParsed = parseSettingsPatch(overridesInput ?? {});
    const issues: SettingsIssue[] = [];
    if (!scopeParsed.success) issues.push(...scopeParsed.error.issues.map((i) => ({ field: ["scope", ...i.path.map(String)].join("."), message: i.message })));
    if (!overridesParsed.ok) issues.push(...overridesParsed.issues.map((i) => ({ field: `overrides.${i.field}`, message: i.message })));
    if (issues.length) throw new StartRunInputError(issues);
    const scope = scopeParsed.data!;
    const overrides = overridesParsed.ok ? overridesParsed.value : {};
    const dryRun = options.dryRun ?? false;
    const batchSize = options.batchSize ?? 50;

    const catalog = await deps.catalogFor(shop);
    const shopRow = await deps.db.shopSettings.findUnique({ where: { shop } });
    const ctx: PlanContext = {
      shop,
      runCollectionId: scope.type === "collection" ? scope.collectionId : null,
      overrides,
      shopPatch: patchFromRow(shopRow),
      collections: await models.collectionSettings.allForShop(shop),
      catalog,
      force: options.force ?? false,
    };

    let scopeTitle: string | null = null;
    if (scope.type === "collection") {
      const c = await catalog.getCollection(scope.collectionId);
      if (!c) throw new StartRunInputError([{ field: "scope.collectionId", message: `the collection ${scope.collectionId} was not found in the shop` }]);
      scopeTitle = c.title;
    }

    const cap = shopRow?.dailyImageCap ?? null;
    const usedToday = cap !== null ? await models.jobs.imagesReservedSince(shop, startOfUtcDay(deps.clock.now())) : 0;
    const estimate: RunEstimate = {
      products: 0,
      productsToGenerate: 0,
      imagesToGenerate: 0,
      skippedCounts: { duplicate: 0, daily_cap: 0, not_found: 0, unusable: 0 },
      skipped: [],
      dailyCap: cap !== null ? { cap, usedToday, remaining: Math.max(0, cap - usedToday) } : null,
    };
    const listSkip = (s: SkippedProduct) => {
      estimate.skippedCounts[s.kind]++;
      if (estimate.skipped.length < MAX_LISTED_SKIPS) estimate.skipped.push(s);
    };

    const run = dryRun
      ? null
      : await models.runs.create({
          shop,
          scopeType: scope.type,
          scopeRef: scope.type === "collection" ? scope.collectionId : scope.type === "product" ? scope.productId : JSON.stringify(scope.productIds),
          scopeTitle,
          status: "planning",
          overridesJson: Object.keys(overrides).length ? JSON.stringify(overrides) : null,
          forced: ctx.force,
          startedAt: new Date(deps.clock.now()),
        });

    const plan = async (): Promise<string | null> => {
      let reserved = usedToday;
      const seenKeys = new Set<string>();
      let planError: string | null = null;
      let batch: CatalogProduct[] = [];
      let batchMissing: string[] = [];

      const flush = async () => {
        const products = batch;
        const missing = batchMissing;
        batch = [];
        batchMissing = [];
        if (run && (await models.runs.get(shop, run.id))?.status === "cancelled") return false;
        const plans: ProductPlan[] = await planProducts(deps, models, ctx, products, { seenKeys, concurrency: options.planConcurrency });
        for (const id of missing) plans.push({ kind: "skip", skip: "not_found", productId: id, title: id, code: "NOT_FOUND", reason: "The product was not found in the shop; it may have been deleted." });

        // The daily cap: products that do not fit are skipped (a product is never split).
        for (let i = 0; i < plans.length; i++) {
          const p = plans[i];
          if (p.kind !== "queue" || cap === null) continue;
          if (reserved + p.job.imagesExpected > cap) {
            plans[i] = {
              kind: "skip",
              skip: "daily_cap",
              productId: p.productId,
              title: p.title,
              code: "DAILY_CAP",
              reason: `Skipped: the shop's limit of ${cap} try-on images a day is reached (${usedToday} used or queued today before this run, ${reserved - usedToday} planned in it). Raise the limit in Settings or run again after midnight UTC.`,
            };
          } else {
            reserved += p.job.imagesExpected;
          }
        }

        let created = 0;
        let images = 0;
        let skipped = 0;
        const rows: Prisma.TryOnJobCreateManyInput[] = [];
        const now = new Date(deps.clock.now());
        for (const p of plans) {
          estimate.products++;
          if (p.kind === "queue") {
            estimate.productsToGenerate++;
            estimate.imagesToGenerate += p.job.imagesExpected;
            images += p.job.imagesExpected;
          } else if (p.kind === "unusable") {
            listSkip({ productId: p.productId, title: p.title, kind: "unusable", code: p.code, reason: p.reason });
          } else {
            skipped++;
            listSkip({ productId: p.productId, title: p.title, kind: p.skip, code: p.code, reason: p.reason });
          }
          if (run && (p.kind === "queue" || p.kind === "unusable")) {
            created++;
            rows.push({ ...p.job, shop, runId: run.id, availableAt: now, finishedAt: p.job.state === "failed" ? now : null });
          }
        }
        if (run) {
          if (rows.length) await deps.db.tryOnJob.createMany({ data: rows });
          await models.runs.update(shop, run.id, {
            productsTotal: { increment: plans.length },
            productsPlanned: { increment: plans.length },
            productsSkipped: { increment: skipped },
            imagesEstimated: { increment: images },
            jobsCreated: { increment: created },
          });
          if (rows.some((r) => r.state === "queued")) deps.notify?.();
        }
        return true;
      };

      // A live planner touches its run every minute (a bulk read can take minutes before the first batch),
      // so housekeeping only ever flags runs whose planner died.
      const heartbeat = run ? setInterval(() => void models.runs.update(shop, run.id, { planError: null }).catch(() => undefined), 60_000) : null;
      try {
        for await (const item of productsOf(scope, ctx)) {
          if ("missing" in item) batchMissing.push(item.missing);
          else batch.push(item);
          if (batch.length + batchMissing.length >= batchSize && !(await flush())) break;
        }
        if (batch.length || batchMissing.length) await flush();
      } catch (error) {
        if (!run) throw error;
        planError = `Planning stopped after ${estimate.products} products: ${(error as Error).message}`;
        deps.log.error("run planning failed", { shop, runId: run.id, error: (error as Error).message });
      } finally {
        if (heartbeat) clearInterval(heartbeat);
      }

      if (run) {
        const current = await models.runs.get(shop, run.id);
        const data: Prisma.TryOnRunUpdateManyMutationInput = {
          skippedJson: estimate.skipped.length ? JSON.stringify(estimate.skipped) : null,
          planError,
        };
        if (current?.status === "planning") data.status = "running";
        await models.runs.update(shop, run.id, data);
        deps.notify?.();
      }
      return planError;
    };

    if (run && options.background) {
      // The caller (a page) gets the run id at once; planning continues here and its progress is on the run.
      void plan().catch((error) => deps.log.error("background planning failed", { shop, runId: run.id, error: (error as Error).message }));
      return { runId: run.id, dryRun, estimate, planError: null, planning: true };
    }
    const planError = await plan();
    return { runId: run?.id ?? null, dryRun, estimate, planError, planning: false };
  };
}
export type StartRun = ReturnType<typeof createStartRun>;
