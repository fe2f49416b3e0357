/**
 * How stored try-on photos present themselves in the shop (issue 15.4 and 15.5), as plain data shared
 * by the forms (bounds, labels), the pages (help text) and the pipeline (alt text, media order):
 *
 * - the AI disclosure: the last sentence of every result's alt text, a shop setting;
 * - placement: where approved photos go among the product's images, a shop setting a collection may
 *   override.
 */

/** The disclosure a shop gets unless it words its own (an empty field means this). */
export const DEFAULT_ALT_DISCLOSURE = "AI-generated try-on image.";
/** Most characters of the shop's disclosure sentence (the whole alt text must stay within Shopify's 512). */
export const MAX_DISCLOSURE_CHARS = 200;
/** What a disclosure may not contain: line breaks, other control characters, and < > (alt text is plain text). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
export const DISCLOSURE_FORBIDDEN = /[\u0000-\u001f\u007f<>]/;

export const PLACEMENTS = ["after", "first"] as const;
export type Placement = (typeof PLACEMENTS)[number];
export const DEFAULT_PLACEMENT: Placement = "after";
/** The merchant's words for each placement (Settings, the collection page). */
export const PLACEMENT_LABELS: Record<Placement, string> = {
  after: "After the product's existing photos",
  first: "First, as the featured image",
};

export function isPlacement(value: unknown): value is Placement {
  return typeof value === "string" && (PLACEMENTS as readonly string[]).includes(value);
}
