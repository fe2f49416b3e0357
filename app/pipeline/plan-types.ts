/**
 * What planning works with and produces: the run's planning context, the job row a plan drafts, the
 * settings summary stored with it, and the verdict per product. Types only, so the planner, the
 * attach step and the run estimate share one vocabulary without importing the planning code.
 */
import type { CollectionChoice, CollectionSettingsInput, EffectiveField } from "../settings/inheritance";
import type { SettingsPatch } from "../settings/fields";
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
