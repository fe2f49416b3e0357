/**
 * Turns an estimate into what the merchant reads before starting a run: how many products and images,
 * which products are skipped and why, and whether the daily cap allows it. Plain text, no markup, so
 * each extension renders it with its own components.
 */
import type { Estimate } from "../../app/extension-api/contract";

export interface EstimateView {
  /** "12 products · 48 images to generate"; with colour variants "5 products in 14 colours · 28 images to generate" */
  headline: string;
  /** Skips grouped by reason, most frequent first: "3 products: No usable garment image" */
  skippedLines: string[];
  /** A blocking problem (nothing to do); null when the run can start. */
  blocker: string | null;
  /** Worth reading before starting, but not blocking (e.g. the daily cap leaves some products out). */
  warning: string | null;
  /** True when the primary action may start the run. */
  canStart: boolean;
  /** Label of the primary action: "Generate 48 images". */
  startLabel: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Groups skipped products by reason; the estimate's list may be cut, so counts come from the total. */
export function groupSkipped(estimate: Estimate): string[] {
  const byReason = new Map<string, number>();
  for (const s of estimate.skipped) byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
  const lines = [...byReason.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([reason, n]) => `${plural(n, "product")}: ${reason}`);
  const listed = estimate.skipped.length;
  if (estimate.productsSkipped > listed) {
    lines.push(`${plural(estimate.productsSkipped - listed, "more product")} skipped (see the run in Fitting Room)`);
  }
  return lines;
}

/**
 * " in 14 colours" when products with colour variants are tried on once per colour (issue 15.1): the
 * estimate counts colours, and the quota is spent per colour.
 */
function colourPart(estimate: Estimate): string {
  const colours = estimate.coloursToGenerate ?? 0;
  if (!colours) return "";
  const tryOns = estimate.tryOnsToGenerate ?? estimate.productsToTryOn;
  // Products without colour variants count as one try-on each; say the total try-ons in colours.
  const wholeProducts = tryOns - colours;
  return wholeProducts > 0 ? ` (${plural(colours, "colour")} and ${plural(wholeProducts, "single try-on")})` : ` in ${plural(colours, "colour")}`;
}

export function describeEstimate(estimate: Estimate): EstimateView {
  const images = estimate.imagesToGenerate;
  const headline =
    estimate.productsTotal === 0
      ? "No products to try on"
      : `${plural(estimate.productsToTryOn, "product")}${colourPart(estimate)} · ${plural(images, "image")} to generate` +
        (estimate.productsSkipped ? ` (${estimate.productsSkipped} of ${estimate.productsTotal} skipped)` : "");

  let blocker: string | null = null;
  if (estimate.productsTotal === 0) {
    blocker = "There are no products here. Add products first, then try again.";
  } else if (estimate.productsToTryOn === 0 || images === 0) {
    blocker = "Every product is skipped, so there is nothing to generate. See the reasons below.";
  }
  // The cap never splits a product: those that do not fit today are skipped (listed below).
  const warning =
    !estimate.withinDailyCap && estimate.dailyCap
      ? `Your daily cap of ${plural(estimate.dailyCap.limit, "image")} leaves ${estimate.dailyCap.remainingToday} for today, so some products are skipped. ` +
        "Raise the cap in Fitting Room settings or run them again tomorrow."
      : null;

  return {
    headline,
    skippedLines: groupSkipped(estimate),
    blocker,
    warning,
    canStart: blocker === null,
    startLabel: blocker === null ? `Generate ${plural(images, "image")}` : "Generate",
  };
}
