/**
 * Planning one product of a run from metadata only: the garment image (catalog metadata + cached
 * flat-lay looks), clothing type, effective settings with their sources, the seed request validated
 * locally, and the de-duplication key. No image is downloaded here; in judging mode (the background
 * planner) the batch's ≤256 px renditions are judged first (garment-looks.server.ts, cached per image).
 * Used by startRun (in batches) and by retry (to re-plan products that failed before anything was sent).
 */
import { createHash, randomUUID } from "node:crypto";
import { chooseGarmentImage, colourGroups, colourOptionOf, hasColourVariants, inferClothingType, judgeable, type CatalogProduct, type GarmentChoice } from "../catalog";
import { createGarmentLooks, type GarmentLooks } from "../catalog/garment-looks.server";
import type { FlatLayLook } from "../catalog/garment-image";
import { describeIssues, expectedImageCount, type TryOnRequest } from "../tryon/schema";
import { patchFromRow, type SettingsPatch } from "../settings/fields";
import { resolveOnePerColour } from "../settings/colour";
import { chooseCollection, resolveSettings, type CollectionChoice, type CollectionSettingsInput, type EffectiveField, type ResolvedSettings } from "../settings/inheritance";
import { describeModel, seedRequestFor } from "../settings/request";
import type { Models, PipelineDeps } from "./context.server";
import type { CatalogPort } from "./ports";

/** App code of a product whose effective settings fail the seed's own validation (nothing sent). */
export const PREFLIGHT_INVALID_SETTINGS = "preflight.invalid_settings";
/** App code of a colour whose own image cannot be sent (another colour's image would be wrong). */
export const PREFLIGHT_COLOUR_IMAGE = "preflight.colour_image";

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
  /**
   * "judge": flat-lay looks not cached yet are judged from ≤256 px renditions (the runner's planner,
   * or one product). "cached": only cached looks are used; the rest count as unjudged (estimates).
   */
  looks?: "judge" | "cached";
}

/** What a job row is made of (TryOnJob columns without run, state bookkeeping). */
export interface JobDraft {
  productId: string;
  productTitle: string;
  garmentMediaId: string | null;
  garmentImageUrl: string;
  /** The colour tried on (one job per colour, from its own image); null = the product as a whole. */
  colour: string | null;
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
  garment: {
    mediaId: string | null;
    reason: string;
    overridden: boolean;
    /** Sent although it does not look like a flat lay: the provider may refuse it. */
    mayBeRefused?: boolean;
    /** Sent as Shopify's ≤3000 px rendition of a larger original. */
    resized?: boolean;
    /** Planned without a flat-lay verdict (the look could not be read). */
    unjudged?: boolean;
  };
  clothingType: { type: string | null; reason: string };
  /** "Ariel" / "Female model, everyday style, slim" / "3 model photos" (review labels, in words). */
  model: string;
  viewType: string;
  /** Colour jobs: the colour and where "one try-on per colour" came from (issue 15.1). */
  colour?: { value: string; option: string; source: "default" | "collection" | "product" };
}

export type SkipKind = "duplicate" | "daily_cap" | "not_found";

/**
 * One plan per product, or per colour of a product tried on per colour (`colour` set; the title then
 * names the colour, "Linen Tee (Navy)", so skip lists read per colour).
 */
export type ProductPlan =
  | { kind: "queue"; productId: string; title: string; colour: string | null; job: JobDraft; mayBeRefused: boolean; unjudged: boolean }
  /** Skipped before anything was sent (no usable image, invalid settings): a failed job with an app code (preflight.*). */
  | { kind: "unusable"; productId: string; title: string; colour: string | null; job: JobDraft; code: string; reason: string }
  | { kind: "skip"; skip: SkipKind; productId: string; title: string; colour: string | null; reason: string; code: string };

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

/**
 * Same product + garment image + effective request (+ colour, for colour jobs) ⇒ same key. Keys of
 * jobs without a colour are unchanged by colour variants.
 */
export function dedupeKeyFor(shop: string, productId: string, garmentMediaId: string | null, request: TryOnRequest, colour: string | null = null): string {
  const parts: unknown[] = [shop, productId, garmentMediaId, request];
  if (colour !== null) parts.push({ colour });
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
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

/** What planning one product needs besides the product itself (read once per batch). */
export interface ProductPlanInputs {
  settingsRow: Parameters<typeof patchFromRow>[0] | null;
  garmentMediaId: string | null;
  ownMediaIds: string[];
  collections: CollectionSettingsInput[];
  lookOf: (media: CatalogProduct["media"][number]) => FlatLayLook | undefined;
  /** Plan one colour of the product, from that colour's own image (issue 15.1). */
  colour?: ColourTarget | null;
}

/** One colour to try on: the option value, the option's name and the medium its variants show. */
export interface ColourTarget {
  colour: string;
  option: string;
  mediaId: string;
  source: "default" | "collection" | "product";
}

/**
 * The colours a product is tried on per (issue 15.1): with "one try-on per colour" on (product →
 * collection → default on) and a colour option whose colours have their own images — at least two of
 * them, or one try-on of the product does the same. Colours without an image of their own are not tried
 * on (their variants show another colour's image, or none). Null = one try-on for the product.
 * Needs the product's variants (read beforehand, see {@link withColourVariants}).
 */
export function colourTargets(product: CatalogProduct, levels: { collection?: boolean | null; product?: boolean | null }): ColourTarget[] | null {
  const setting = resolveOnePerColour(levels);
  if (!setting.value || !hasColourVariants(product) || !product.variants) return null;
  const option = colourOptionOf(product);
  const groups = colourGroups(product).filter((g) => g.mediaId);
  if (groups.length < 2 || !option) return null;
  return groups.map((g) => ({ colour: g.colour, option: option.name, mediaId: g.mediaId!, source: setting.source }));
}

/**
 * Fills in the variants of products with a colour option that were read without them (collection
 * streams, bulk reads): metadata only, one small Admin API read per such product.
 */
export async function withColourVariants(catalog: CatalogPort, products: CatalogProduct[]): Promise<void> {
  await mapLimit(
    products.filter((p) => !p.variants && hasColourVariants(p)),
    4,
    async (p) => {
      p.variants = await catalog.productVariants(p.id);
    },
  );
}

/** A planned product before de-duplication: either a request to send, or why nothing is sent. */
export type ProductDraft =
  | { kind: "ok"; base: Omit<JobDraft, "requestJson" | "dedupeKey" | "imagesExpected" | "state" | "errorCode" | "errorMessage">; request: TryOnRequest; key: string; choice: GarmentChoice }
  | { kind: "unusable"; base: Omit<JobDraft, "requestJson" | "dedupeKey" | "imagesExpected" | "state" | "errorCode" | "errorMessage">; code: string; reason: string };

/**
 * Plans one product: pure and synchronous (every input already read), so it is cheap enough to run
 * for every product of a 100,000-product collection and easy to call once per variant.
 */
export function planProduct(ctx: Pick<PlanContext, "shop" | "shopPatch" | "runCollectionId" | "overrides">, product: CatalogProduct, inputs: ProductPlanInputs): ProductDraft {
  const target = inputs.colour ?? null;
  // A colour is tried on from its own image only: the merchant's garment choice is for the product.
  const chosen = chooseGarmentImage(product, { overrideMediaId: target ? target.mediaId : inputs.garmentMediaId, ownMediaIds: inputs.ownMediaIds, lookOf: inputs.lookOf });
  const choice: GarmentChoice =
    target && chosen.chosen?.id === target.mediaId
      ? { ...chosen, overridden: false, reason: `The photo the ${target.colour} variants show.${chosen.mayBeRefused ? " It may be refused as not a flat lay." : ""}` }
      : chosen;
  const inferred = inferClothingType({ category: product.category, productType: product.productType, tags: product.tags, title: product.title });
  const resolved: ResolvedSettings = resolveSettings({
    shop: ctx.shopPatch,
    collections: inputs.collections,
    runCollectionId: ctx.runCollectionId,
    product: inputs.settingsRow ? { productId: product.id, settings: patchFromRow(inputs.settingsRow) } : null,
    inferredGarmentType: inferred.type ? { value: inferred.type, reason: inferred.reason } : null,
    overrides: ctx.overrides,
  });
  const garmentType = resolved.values.garmentType;
  const clothingType =
    resolved.fields.find((f) => f.field === "garmentType")?.source.level === "catalog" || !garmentType
      ? { type: garmentType, reason: inferred.reason }
      : { type: garmentType, reason: `Set to ${garmentType} in the settings.` };
  const chosenVerdict = choice.chosen ? choice.verdicts.find((v) => v.mediaId === choice.chosen!.id) : undefined;
  const summary: JobSettingsSummary = {
    fields: resolved.fields,
    collection: resolved.collection,
    garment: {
      mediaId: choice.chosen?.id ?? null,
      reason: choice.reason,
      overridden: choice.overridden,
      mayBeRefused: choice.mayBeRefused,
      resized: chosenVerdict?.resized ?? false,
      unjudged: choice.unjudged,
    },
    clothingType,
    model: describeModel(resolved.values),
    viewType: resolved.values.viewType,
    ...(target ? { colour: { value: target.colour, option: target.option, source: target.source } } : {}),
  };
  const base = {
    productId: product.id,
    productTitle: product.title,
    garmentMediaId: choice.chosen?.id ?? null,
    garmentImageUrl: choice.sendUrl ?? "",
    colour: target?.colour ?? null,
    clothesType: garmentType,
    settingsJson: JSON.stringify(summary),
  };
  if (target && choice.chosen?.id !== target.mediaId) {
    const why = choice.verdicts.find((v) => v.mediaId === target.mediaId)?.reasons[0];
    return {
      kind: "unusable",
      base: { ...base, garmentMediaId: target.mediaId, garmentImageUrl: "" },
      code: PREFLIGHT_COLOUR_IMAGE,
      reason: `Skipped before anything was sent, so nothing was spent: the photo the ${target.colour} variants show can't be used${why ? ` (${why})` : ""}, and another colour's photo would show the wrong colour. Replace that photo in Shopify, or turn off "One try-on per colour" for this product.`,
    };
  }
  if (!choice.sendUrl) return { kind: "unusable", base, code: choice.preflight ?? "preflight.no_image", reason: choice.reason };
  const req = seedRequestFor(resolved.values, choice.sendUrl);
  if (!req.ok) {
    return {
      kind: "unusable",
      base,
      code: PREFLIGHT_INVALID_SETTINGS,
      reason: `Skipped before anything was sent to try-on, so nothing was spent: the try-on settings are invalid (${describeIssues(req.issues)}). Fix the settings and try again.`,
    };
  }
  return { kind: "ok", base, request: req.request, key: dedupeKeyFor(ctx.shop, product.id, choice.chosen!.id, req.request, target?.colour ?? null), choice };
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
      const where = dup ? (dup.state === "attached" ? "already added to the product" : "already being generated") : "listed twice in this run";
      return {
        kind: "skip",
        skip: "duplicate",
        productId: product.id,
        title,
        colour,
        code: "DUPLICATE",
        reason: `Skipped: try-on images with the same garment image and settings are ${where}. Start the run with "force" to generate them again.`,
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
