/**
 * Planning a batch of a run's products from metadata only: the batch's settings, own media, collection
 * membership and flat-lay looks are read once, each product (or colour) is planned by planProduct, and
 * the drafts are de-duplicated against jobs already planned. No image is downloaded here; in judging
 * mode (the background planner) the batch's ≤256 px renditions are judged first
 * (garment-looks.server.ts, cached per image).
 * Used by startRun (in batches) and by retry (to re-plan products that failed before anything was sent).
 */
import { randomUUID } from "node:crypto";
import { judgeable, type CatalogProduct } from "../catalog";
import { createGarmentLooks, type GarmentLooks } from "../catalog/garment-looks.server";
import { expectedImageCount } from "../tryon/schema";
import { chooseCollection, type CollectionSettingsInput } from "../settings/inheritance";
import { colourTargets, withColourVariants } from "./colour-targets.server";
import type { Models, PipelineDeps } from "./context.server";
import { PREFLIGHT_COLOUR_IMAGE, planProduct, type ProductDraft, type ProductPlanInputs } from "./plan-product.server";
import type { PlanContext, ProductPlan } from "./plan-types";

const looksByDeps = new WeakMap<PipelineDeps, GarmentLooks>();
/** The deps' shared look cache (one per dependency set, so in-flight judgements are shared). */
export function garmentLooksFor(deps: PipelineDeps): GarmentLooks {
  let looks = looksByDeps.get(deps);
  if (!looks) {
    looks = createGarmentLooks(deps.db, { fetch: deps.garmentOptions?.fetch });
    looksByDeps.set(deps, looks);
  }
  return looks;
}

export interface PlanBatchOptions {
  /** Dedupe keys already planned in this run (a selection can list a product twice). */
  seenKeys: Set<string>;
  /** Re-planning an existing job: its own row must not count as a duplicate. */
  excludeJobId?: string;
  /**
   * Re-planning one job: plan only its colour (a string) or the product as a whole (null), whatever
   * "one try-on per colour" says now. Undefined = plan as the settings say.
   */
  colour?: string | null;
}

/** Plans a batch of products (one DB read per kind of data for the whole batch; no image downloads). */
export async function planProducts(deps: PipelineDeps, models: Models, ctx: PlanContext, products: CatalogProduct[], o: PlanBatchOptions): Promise<ProductPlan[]> {
  if (!products.length) return [];
  const ids = products.map((p) => p.id);
  await withColourVariants(ctx.catalog, products);
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

  // Flat-lay looks of every image that could be sent, for the whole batch at once.
  const looks = garmentLooksFor(deps);
  const candidates = products.flatMap((p) => {
    const own = new Set(ownMedia.get(p.id) ?? []);
    return p.media.slice(0, 10).filter((m) => judgeable(m, own));
  });
  const lookMap = ctx.looks === "judge" ? await looks.judge(ctx.shop, candidates) : await looks.cached(ctx.shop, candidates);
  const lookOf = looks.lookOf(ctx.shop, lookMap);

  const drafts = products.flatMap((product) => {
    const ps = productSettings.get(product.id);
    const collections = collectionsOf(product.id);
    const inputs: ProductPlanInputs = {
      settingsRow: ps ?? null,
      garmentMediaId: ps?.garmentMediaId ?? null,
      ownMediaIds: ownMedia.get(product.id) ?? [],
      collections,
      lookOf,
    };
    // One try-on per colour: the collection whose defaults apply is the one whose setting counts.
    const applied = chooseCollection(collections, ctx.runCollectionId).chosen;
    let targets = colourTargets(product, { collection: applied?.onePerColour, product: ps?.onePerColour });
    if (o.colour !== undefined) {
      const wanted = o.colour;
      targets = wanted === null ? null : (targets ?? colourTargets(product, { product: true }) ?? []).filter((t) => t.colour === wanted);
      if (wanted !== null && !targets?.length) {
        const base = { productId: product.id, productTitle: product.title, garmentMediaId: null, garmentImageUrl: "", colour: wanted, clothesType: null, settingsJson: "{}" };
        const reason = `Skipped before anything was sent, so nothing was spent: the product no longer has a ${wanted} colour with a photo of its own.`;
        return [{ product, colour: wanted as string | null, plan: { kind: "unusable", base, code: PREFLIGHT_COLOUR_IMAGE, reason } as ProductDraft }];
      }
    }
    if (!targets) return [{ product, colour: null as string | null, plan: planProduct(ctx, product, inputs) }];
    return targets.map((t) => ({ product, colour: t.colour as string | null, plan: planProduct(ctx, product, { ...inputs, colour: t }) }));
  });

  const keys = drafts.flatMap((d) => (d.plan.kind === "ok" ? [d.plan.key] : []));
  const existing = ctx.force ? new Map() : await models.jobs.existingDedupeKeys(ctx.shop, keys, o.excludeJobId);

  return drafts.map(({ product, colour, plan }): ProductPlan => {
    const title = colour ? `${product.title} (${colour})` : product.title;
    if (plan.kind === "unusable") {
      return {
        kind: "unusable",
        productId: product.id,
        title,
        colour,
        code: plan.code,
        reason: plan.reason,
        job: {
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
      const where = !dup ? "listed twice in this run" : dup.state === "attached" ? "already added to the product" : dup.state === "awaiting_review" ? "already made and waiting for your review" : "already being generated";
      return {
        kind: "skip",
        skip: "duplicate",
        productId: product.id,
        title,
        colour,
        code: "DUPLICATE",
        // Merchant words for the estimate's "Generate again…" choice (the API's `force`).
        reason: `Skipped: try-on images with the same garment image and settings are ${where}.${dup ? " To make new ones anyway, try it on again and tick “Generate again” in the estimate." : ""}`,
      };
    }
    o.seenKeys.add(plan.key);
    return {
      kind: "queue",
      productId: product.id,
      title,
      colour,
      mayBeRefused: plan.choice.mayBeRefused,
      unjudged: plan.choice.unjudged,
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
