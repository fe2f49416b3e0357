/**
 * Planning one product (or one colour of it) from inputs already read: the garment image, clothing
 * type, effective settings with their sources, the seed request validated locally, and the
 * de-duplication key. Pure and synchronous; plan.server.ts does the batch reads around it.
 */
import { createHash } from "node:crypto";
import { chooseGarmentImage, inferClothingType, type CatalogProduct, type GarmentChoice } from "../catalog";
import type { FlatLayLook } from "../catalog/garment-image";
import { describeIssues, type TryOnRequest } from "../tryon/schema";
import { patchFromRow } from "../settings/fields";
import { resolveSettings, type CollectionSettingsInput, type ResolvedSettings } from "../settings/inheritance";
import { describeModel, seedRequestFor } from "../settings/request";
import type { ColourTarget } from "./colour-targets.server";
import type { JobDraft, JobSettingsSummary, PlanContext } from "./plan-types";

/** App code of a product whose effective settings fail the seed's own validation (nothing sent). */
export const PREFLIGHT_INVALID_SETTINGS = "preflight.invalid_settings";
/** App code of a colour whose own image cannot be sent (another colour's image would be wrong). */
export const PREFLIGHT_COLOUR_IMAGE = "preflight.colour_image";

/**
 * Same product + garment image + effective request (+ colour, for colour jobs) ⇒ same key. Keys of
 * jobs without a colour are unchanged by colour variants.
 */
export function dedupeKeyFor(shop: string, productId: string, garmentMediaId: string | null, request: TryOnRequest, colour: string | null = null): string {
  const parts: unknown[] = [shop, productId, garmentMediaId, request];
  if (colour !== null) parts.push({ colour });
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
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
