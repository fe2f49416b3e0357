/**
 * Planning one product of a run: garment image (catalog), clothing type, effective settings with their
 * sources, the seed request validated locally, and the de-duplication key. Used by startRun (in
 * batches) and by retry (to re-plan products that failed before anything was sent).
 */
import { createHash, randomUUID } from "node:crypto";
import { chooseGarmentImage, inferClothingType, type CatalogProduct, type GarmentChoice } from "../catalog";
import { checkTryOnResolution } from "../images/flat-lay";
import { describeIssues, expectedImageCount, type TryOnRequest } from "../tryon/schema";
import { patchFromRow, type SettingsPatch } from "../settings/fields";
import { resolveSettings, type CollectionChoice, type CollectionSettingsInput, type EffectiveField } from "../settings/inheritance";
import { describeModel, seedRequestFor } from "../settings/request";
import type { Models, PipelineDeps } from "./context.server";
import { PIPELINE_ERROR_CODES } from "./job-state";
import type { CatalogPort } from "./ports";

export interface PlanContext {
  shop: string;
  /** The collection the run started from (its settings win for products in several collections). */
  runCollectionId: string | null;
  overrides: SettingsPatch;
  shopPatch: SettingsPatch;
  /** The shop's collections that have settings. */
  collections: CollectionSettingsInput[];
  catalog: CatalogPort;
  force: boolean;
}

/** What a job row is made of (TryOnJob columns without run, state bookkeeping). */
export interface JobDraft {
  productId: string;
  productTitle: string;
  garmentMediaId: string | null;
  garmentImageUrl: string;
  clothesType: string | null;
  settingsJson: string;
  requestJson: string;
  dedupeKey: string;
  imagesExpected: number;
  /** "queued", or "failed" when a local check already shows the provider would refuse it. */
  state: "queued" | "failed";
  errorCode: string | null;
  errorMessage: string | null;
}

/** Stored in TryOnJob.settingsJson: what the UI shows about how the job was set up. */
export interface JobSettingsSummary {
  fields: EffectiveField[];
  collection: CollectionChoice;
  garment: { mediaId: string | null; reason: string; overridden: boolean };
  clothingType: { type: string | null; reason: string };
  /** "Ariel" / "female universal_1 slim" / "3 model photos" (alt text). */
  model: string;
  viewType: string;
}

export type SkipKind = "duplicate" | "daily_cap" | "not_found";

export type ProductPlan =
  | { kind: "queue"; productId: string; title: string; job: JobDraft }
  /** A local check failed (no usable image, invalid settings): a failed job with the provider-equivalent code. */
  | { kind: "unusable"; productId: string; title: string; job: JobDraft; code: string; reason: string }
  | { kind: "skip"; skip: SkipKind; productId: string; title: string; reason: string; code: string };

/** Runs `fn` over items with at most `limit` at a time, keeping order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/** Same product + garment image + effective request ⇒ same key. */
export function dedupeKeyFor(shop: string, productId: string, garmentMediaId: string | null, request: TryOnRequest): string {
  return createHash("sha256").update(JSON.stringify([shop, productId, garmentMediaId, request])).digest("hex");
}

/**
 * The provider-equivalent code for a product whose images cannot be used: 703 when the best candidate
 * is outside the size range, 707 when it is not a flat lay, NO_GARMENT_IMAGE otherwise.
 */
export function unusableCode(product: Pick<CatalogProduct, "media">, choice: GarmentChoice): string {
  if (product.media.length === 0) return PIPELINE_ERROR_CODES.noGarment;
  const photos = choice.verdicts.filter((v) => v && !v.reasons.some((r) => /Fitting Room added this image/.test(r)) && v.url);
  if (photos.length && photos.every((v) => v.width !== null && v.height !== null && !checkTryOnResolution(v.width, v.height).ok)) return "703";
  if (photos.some((v) => v.backgroundUniformity !== undefined && v.width !== null && v.height !== null && checkTryOnResolution(v.width, v.height).ok)) return "707";
  if (photos.some((v) => v.width !== null && v.height !== null && !checkTryOnResolution(v.width, v.height).ok)) return "703";
  return PIPELINE_ERROR_CODES.noGarment;
}

export interface PlanBatchOptions {
  /** Dedupe keys already planned in this run (a selection can list a product twice). */
  seenKeys: Set<string>;
  /** Products planned concurrently (garment checks download image headers); default 6. */
  concurrency?: number;
  /** Re-planning an existing job: its own row must not count as a duplicate. */
  excludeJobId?: string;
}

/** Plans a batch of products (one DB read per kind of data for the whole batch). */
export async function planProducts(deps: PipelineDeps, models: Models, ctx: PlanContext, products: CatalogProduct[], o: PlanBatchOptions): Promise<ProductPlan[]> {
  if (!products.length) return [];
  const ids = products.map((p) => p.id);
  const [productSettings, ownMedia] = await Promise.all([models.productSettings.many(ctx.shop, ids), models.images.attachedMediaIds(ctx.shop, ids)]);

  // Which collections (with settings) each product belongs to — only when the rule needs it.
  const runHasSettings = Boolean(ctx.runCollectionId && ctx.collections.some((c) => c.collectionId === ctx.runCollectionId));
  let membership: Map<string, string[]> | null = null;
  if (ctx.collections.length && !runHasSettings) membership = await ctx.catalog.productCollectionIds(ids);
  const collectionsOf = (productId: string): CollectionSettingsInput[] => {
    if (runHasSettings) return ctx.collections.filter((c) => c.collectionId === ctx.runCollectionId);
    const mine = new Set(membership?.get(productId) ?? []);
    return ctx.collections.filter((c) => mine.has(c.collectionId));
  };

  const drafts = await mapLimit(products, o.concurrency ?? 6, async (product) => {
    const ps = productSettings.get(product.id);
    const choice = await chooseGarmentImage(product, { ...deps.garmentOptions, overrideMediaId: ps?.garmentMediaId ?? null, ownMediaIds: ownMedia.get(product.id) ?? [] });
    const inferred = inferClothingType({ category: product.category, productType: product.productType, tags: product.tags, title: product.title });
    const resolved = resolveSettings({
      shop: ctx.shopPatch,
      collections: collectionsOf(product.id),
      runCollectionId: ctx.runCollectionId,
      product: ps ? { productId: product.id, settings: patchFromRow(ps) } : null,
      inferredGarmentType: inferred.type ? { value: inferred.type, reason: inferred.reason } : null,
      overrides: ctx.overrides,
    });
    const garmentType = resolved.values.garmentType;
    const clothingType =
      resolved.fields.find((f) => f.field === "garmentType")?.source.level === "catalog" || !garmentType
        ? { type: garmentType, reason: inferred.reason }
        : { type: garmentType, reason: `Set to ${garmentType} in the settings.` };
    const summary: JobSettingsSummary = {
      fields: resolved.fields,
      collection: resolved.collection,
      garment: { mediaId: choice.chosen?.id ?? null, reason: choice.reason, overridden: choice.overridden },
      clothingType,
      model: describeModel(resolved.values),
      viewType: resolved.values.viewType,
    };
    const base = {
      productId: product.id,
      productTitle: product.title,
      garmentMediaId: choice.chosen?.id ?? null,
      clothesType: garmentType,
      settingsJson: JSON.stringify(summary),
    };
    if (!choice.chosen?.url) {
      const code = unusableCode(product, choice);
      return { product, plan: { kind: "unusable", code, reason: choice.reason, base } as const };
    }
    const req = seedRequestFor(resolved.values, choice.chosen.url);
    if (!req.ok) {
      return { product, plan: { kind: "unusable", code: "700", reason: `The try-on settings are invalid (${describeIssues(req.issues)}). Fix the settings and try again.`, base: { ...base, garmentImageUrl: choice.chosen.url } } as const };
    }
    return {
      product,
      plan: {
        kind: "ok",
        base: { ...base, garmentImageUrl: choice.chosen.url },
        request: req.request,
        key: dedupeKeyFor(ctx.shop, product.id, choice.chosen.id, req.request),
      } as const,
    };
  });

  const keys = drafts.flatMap((d) => (d.plan.kind === "ok" ? [d.plan.key] : []));
  const existing = ctx.force ? new Map() : await models.jobs.existingDedupeKeys(ctx.shop, keys, o.excludeJobId);

  return drafts.map(({ product, plan }): ProductPlan => {
    if (plan.kind === "unusable") {
      return {
        kind: "unusable",
        productId: product.id,
        title: product.title,
        code: plan.code,
        reason: plan.reason,
        job: {
          garmentImageUrl: "",
          ...plan.base,
          requestJson: "{}",
          dedupeKey: `unusable:${randomUUID()}`,
          imagesExpected: 0,
          state: "failed",
          errorCode: plan.code,
          errorMessage: plan.reason,
        },
      };
    }
    const dup = existing.get(plan.key);
    if (!ctx.force && (dup || o.seenKeys.has(plan.key))) {
      const where = dup ? (dup.state === "attached" ? "already added to the product" : "already being generated") : "listed twice in this run";
      return {
        kind: "skip",
        skip: "duplicate",
        productId: product.id,
        title: product.title,
        code: "DUPLICATE",
        reason: `Skipped: try-on images with the same garment image and settings are ${where}. Start the run with "force" to generate them again.`,
      };
    }
    o.seenKeys.add(plan.key);
    return {
      kind: "queue",
      productId: product.id,
      title: product.title,
      job: {
        ...plan.base,
        requestJson: JSON.stringify(plan.request),
        dedupeKey: plan.key,
        imagesExpected: expectedImageCount(plan.request),
        state: "queued",
        errorCode: null,
        errorMessage: null,
      },
    };
  });
}
