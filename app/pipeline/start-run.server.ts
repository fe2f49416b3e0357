/**
 * startRun: turns a merchant action (one product, a selection, a whole collection) into a run and its
 * jobs — from metadata only (no image is downloaded while planning; see planner.server.ts).
 *
 * - A dry run streams the scope and plans it with the flat-lay looks already cached: the estimate of a
 *   10,000-product collection is counts and metadata, and it says which figures are settled while the
 *   run plans (looks not judged yet).
 * - A real run is a row first. With `background: true` (pages, extensions, `npm run ops`) the call
 *   returns the run id at once and the runner's planner plans it (progress on the Run page; resumed
 *   after a crash). Otherwise the caller plans it inline under the run's lease (one product from a
 *   request; tests and tools).
 * - `idempotencyKey`: the same key for the same shop is the same run, never a second one.
 */
import { randomUUID } from "node:crypto";
import * as z from "zod";
import { parseSettingsPatch, type SettingsIssue, type SettingsPatch } from "../settings/fields";
import { createModels, type PipelineDeps } from "./context.server";
import { planContextFor, planScope, planStoredRun, PLAN_LEASE_MS } from "./planner.server";
import { emptyEstimate, settleFigures, startOfUtcDay, type RunEstimate } from "./run-estimate";

export { MAX_LISTED_SKIPS, type RunEstimate, type SkippedProduct } from "./run-estimate";

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
  /** Products planned per batch (one transaction each); default 50 (200 for estimates). */
  batchSize?: number;
  /**
   * Return as soon as the run exists (with an empty estimate); the runner's planner plans it and its
   * progress (products planned, jobs) is read from the run. For pages, extensions and the CLI: no
   * request handler plans more than one product. Ignored for dry runs.
   */
  background?: boolean;
  /** Who started the run: the merchant (default) or Fitting Room itself for a new product (issue 15.2). */
  trigger?: "merchant" | "auto";
  /**
   * For product and selection runs: resolve settings with this collection's defaults winning (as a
   * collection run does). A new product tried on by itself takes the defaults of the collection it joined.
   */
  settingsCollectionId?: string;
  /** The caller's idempotency key (1–200 printable chars): the same key for the same shop returns the same run. */
  idempotencyKey?: string;
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
  /** True when an earlier start with the same idempotency key made this run (nothing new was started). */
  replayed?: boolean;
}

/** Invalid scope or overrides; `issues` name the fields. */
export class StartRunInputError extends Error {
  constructor(readonly issues: SettingsIssue[]) {
    super(`The run cannot start: ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`);
    this.name = "StartRunInputError";
  }
}


const idempotencyKeySchema = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters").regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces");

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "P2002";

export function createStartRun(deps: PipelineDeps) {
  const models = createModels(deps.db);

  const replay = async (shop: string, key: string): Promise<StartRunResult | null> => {
    const run = await deps.db.tryOnRun.findFirst({ where: { shop, idempotencyKey: key } });
    if (!run) return null;
    const estimate: RunEstimate = emptyEstimate(null);
    estimate.products = run.productsPlanned;
    estimate.productsToGenerate = run.productsPlanned - run.productsSkipped;
    // Not kept on the run row: a replay reports one try-on per product to send.
    estimate.tryOnsToGenerate = estimate.productsToGenerate;
    estimate.imagesToGenerate = run.imagesEstimated;
    estimate.mayBeRefused = run.productsFlagged;
    return { runId: run.id, dryRun: false, estimate: settleFigures(estimate), planError: run.planError, planning: run.status === "planning", replayed: true };
  };

  return async function startRun(shop: string, scopeInput: RunScope | unknown, overridesInput: SettingsPatch | unknown = {}, options: StartRunOptions = {}): Promise<StartRunResult> {
    const scopeParsed = runScopeSchema.safeParse(scopeInput);
    const overridesParsed = parseSettingsPatch(overridesInput ?? {});
    const keyParsed = options.idempotencyKey === undefined ? null : idempotencyKeySchema.safeParse(options.idempotencyKey);
    const issues: SettingsIssue[] = [];
    if (!scopeParsed.success) issues.push(...scopeParsed.error.issues.map((i) => ({ field: ["scope", ...i.path.map(String)].join("."), message: i.message })));
    if (!overridesParsed.ok) issues.push(...overridesParsed.issues.map((i) => ({ field: `overrides.${i.field}`, message: i.message })));
    if (keyParsed && !keyParsed.success) issues.push({ field: "idempotencyKey", message: keyParsed.error.issues[0]?.message ?? "is invalid" });
    if (issues.length) throw new StartRunInputError(issues);
    const scope = scopeParsed.data!;
    const overrides = overridesParsed.ok ? overridesParsed.value : {};
    const dryRun = options.dryRun ?? false;
    const force = options.force ?? false;
    const idempotencyKey = keyParsed?.success ? keyParsed.data : null;

    if (!dryRun && idempotencyKey) {
      const earlier = await replay(shop, idempotencyKey);
      if (earlier) return earlier;
    }

    const catalog = await deps.catalogFor(shop);
    let scopeTitle: string | null = null;
    let productsExpected: number | null = scope.type === "product" ? 1 : scope.type === "selection" ? scope.productIds.length : null;
    if (scope.type === "collection") {
      const c = await catalog.getCollection(scope.collectionId);
      if (!c) throw new StartRunInputError([{ field: "scope.collectionId", message: `the collection ${scope.collectionId} was not found in the shop` }]);
      scopeTitle = c.title;
      productsExpected = c.productsCount;
    }

    if (dryRun) {
      const ctx = await planContextFor(deps, models, shop, scope, overrides, force, "cached", options.settingsCollectionId ?? null);
      const usedToday = ctx.dailyCap !== null ? await models.jobs.imagesReservedSince(shop, startOfUtcDay(deps.clock.now())) : 0;
      const estimate = emptyEstimate(ctx.dailyCap !== null ? { cap: ctx.dailyCap, usedToday, remaining: Math.max(0, ctx.dailyCap - usedToday) } : null);
      const { planError } = await planScope(deps, models, ctx, scope, estimate, { run: null, batchSize: options.batchSize ?? 200 });
      return { runId: null, dryRun: true, estimate: settleFigures(estimate), planError, planning: false };
    }

    const background = options.background ?? false;
    // An inline start holds the planning lease from the row's creation, so no planner claims it first.
    const owner = `inline-${randomUUID().slice(0, 12)}`;
    let run;
    try {
      run = await models.runs.create({
        shop,
        scopeType: scope.type,
        scopeRef: scope.type === "collection" ? scope.collectionId : scope.type === "product" ? scope.productId : JSON.stringify(scope.productIds),
        scopeTitle,
        status: "planning",
        overridesJson: Object.keys(overrides).length ? JSON.stringify(overrides) : null,
        forced: force,
        trigger: options.trigger ?? "merchant",
        settingsCollectionId: scope.type === "collection" ? null : (options.settingsCollectionId ?? null),
        startedAt: new Date(deps.clock.now()),
        idempotencyKey,
        planInBackground: true,
        productsExpected,
        planLeaseOwner: background ? null : owner,
        planLeaseExpiresAt: background ? null : new Date(deps.clock.now() + PLAN_LEASE_MS),
      });
    } catch (error) {
      // Two starts with one key at once: the database kept one; answer with it.
      if (idempotencyKey && isUniqueViolation(error)) {
        const earlier = await replay(shop, idempotencyKey);
        if (earlier) return earlier;
      }
      throw error;
    }

    if (background) {
      deps.notify?.();
      return { runId: run.id, dryRun: false, estimate: settleFigures(emptyEstimate(null)), planError: null, planning: true };
    }
    const { estimate, planError } = await planStoredRun(deps, shop, run.id, owner, { batchSize: options.batchSize });
    return { runId: run.id, dryRun: false, estimate: settleFigures(estimate), planError, planning: false };
  };
}
export type StartRun = ReturnType<typeof createStartRun>;
