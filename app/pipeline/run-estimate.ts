/** What a run covers and what its estimate says: counts, skips with reasons, and which figures are final. */
import type { SkipKind } from "./plan-types";

/** What a run covers (mirrors start-run's zod schema; duplicated as a type to avoid an import cycle). */
export type PlanScope = { type: "product"; productId: string } | { type: "selection"; productIds: string[] } | { type: "collection"; collectionId: string };

export interface SkippedProduct {
  productId: string;
  title: string;
  kind: SkipKind | "unusable";
  /** DUPLICATE, DAILY_CAP, NOT_FOUND, or an app code of a product skipped before sending (preflight.*). */
  code: string;
  reason: string;
}

/** Longest skipped list kept in a result or on the run row (counts stay exact). */
export const MAX_LISTED_SKIPS = 200;

export interface RunEstimate {
  /** Products looked at. */
  products: number;
  /** Products that will be (or were) sent to try-on (at least one try-on each). */
  productsToGenerate: number;
  /**
   * Try-ons to send (provider calls): one per product, or one per colour for products tried on per
   * colour (issue 15.1). What the quota counts.
   */
  tryOnsToGenerate: number;
  /** Of those, the colour try-ons (one per colour of a product with colour variants). */
  coloursToGenerate: number;
  /** Images those products will produce (the cost). */
  imagesToGenerate: number;
  /** Products not sent, by kind. */
  skippedCounts: Record<SkipKind | "unusable", number>;
  /** The first {@link MAX_LISTED_SKIPS} products not sent, with reasons. */
  skipped: SkippedProduct[];
  dailyCap: { cap: number; usedToday: number; remaining: number } | null;
  /** Products to be sent whose best image does not look like a flat lay (flagged: the provider may refuse them). */
  mayBeRefused: number;
  /** Products to be sent whose images were not judged yet (judged while the run plans). */
  unjudged: number;
  /**
   * Which figures are final and which are settled while the run plans (flat-lay looks not judged yet
   * can move products into `mayBeRefused`; nothing else changes unless the catalog does).
   */
  figures: { exact: string[]; settledWhilePlanning: string[] };
}

export function emptyEstimate(dailyCap: RunEstimate["dailyCap"]): RunEstimate {
  return {
    products: 0,
    productsToGenerate: 0,
    tryOnsToGenerate: 0,
    coloursToGenerate: 0,
    imagesToGenerate: 0,
    skippedCounts: { duplicate: 0, daily_cap: 0, not_found: 0, unusable: 0 },
    skipped: [],
    dailyCap,
    mayBeRefused: 0,
    unjudged: 0,
    figures: { exact: [], settledWhilePlanning: [] },
  };
}

/** Fills `figures` from the counts. */
export function settleFigures(e: RunEstimate): RunEstimate {
  const all = ["products", "productsToGenerate", "tryOnsToGenerate", "coloursToGenerate", "imagesToGenerate", "skippedCounts", "dailyCap", "mayBeRefused"];
  const settled = e.unjudged > 0 ? ["mayBeRefused"] : [];
  e.figures = { exact: all.filter((f) => !settled.includes(f)), settledWhilePlanning: settled };
  return e;
}

export const startOfUtcDay = (ms: number) => {
  const d = new Date(ms);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
};
