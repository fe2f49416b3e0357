/**
 * Colour variants: which option of a product is its colour, and each colour's variants and own image.
 * Pure (catalog metadata in, groups out) so planning stays metadata-only and this is unit-testable.
 *
 * Shopify has no fixed "colour" option: merchants name it in their language, or link it to the
 * category's colour-pattern attribute (the option then carries the `shopify.color-pattern` metafield
 * link whatever its name, e.g. "Shade"). Both are recognised; any other option is not a colour.
 */
import type { CatalogOption, CatalogProduct } from "./types";

/** Option names merchants use for colour (Color, Colour, Farbe, Couleur; any case, spaces trimmed). */
const COLOUR_NAME = /^(colou?r|farbe|couleur)$/i;

/** The category attribute Shopify links colour options to. */
export const COLOUR_PATTERN_METAFIELD = { namespace: "shopify", key: "color-pattern" } as const;

export function isColourOption(option: Pick<CatalogOption, "name" | "linkedMetafield">): boolean {
  const link = option.linkedMetafield;
  if (link && link.namespace === COLOUR_PATTERN_METAFIELD.namespace && link.key === COLOUR_PATTERN_METAFIELD.key) return true;
  return COLOUR_NAME.test(option.name.trim());
}

/** The product's colour option (the first that qualifies), or null. */
export function colourOptionOf(product: Pick<CatalogProduct, "options">): CatalogOption | null {
  return product.options?.find(isColourOption) ?? null;
}

/** True when the product has a colour option with at least two values (worth reading its variants). */
export function hasColourVariants(product: Pick<CatalogProduct, "options" | "hasOnlyDefaultVariant">): boolean {
  if (product.hasOnlyDefaultVariant) return false;
  const option = colourOptionOf(product);
  return Boolean(option && option.values.length >= 2);
}

/** One colour of a product: its variants and the image its variants show. */
export interface ColourGroup {
  /** The option value, e.g. "Navy". */
  colour: string;
  /** Every variant of that colour (all sizes), gids. */
  variantIds: string[];
  /** The medium the colour's variants show (the first variant that shows one); null when none does. */
  mediaId: string | null;
}

/**
 * The product's colours in the option's order, each with its variants and image. Empty when the product
 * has no colour option or its variants were not read. A colour whose variants show no image, or only an
 * image another colour already shows, gets mediaId null: it has no image of its own to try on.
 */
export function colourGroups(product: Pick<CatalogProduct, "options" | "hasOnlyDefaultVariant" | "variants">): ColourGroup[] {
  const option = colourOptionOf(product);
  if (!option || !product.variants || product.hasOnlyDefaultVariant) return [];
  const byColour = new Map<string, ColourGroup>(option.values.map((v) => [v, { colour: v, variantIds: [], mediaId: null }]));
  for (const variant of product.variants) {
    const value = variant.selectedOptions.find((o) => o.name === option.name)?.value;
    if (value === undefined) continue;
    let group = byColour.get(value);
    if (!group) {
      group = { colour: value, variantIds: [], mediaId: null };
      byColour.set(value, group);
    }
    group.variantIds.push(variant.id);
    if (!group.mediaId && variant.mediaId) group.mediaId = variant.mediaId;
  }
  const seen = new Set<string>();
  const groups = [...byColour.values()].filter((g) => g.variantIds.length > 0);
  for (const g of groups) {
    if (!g.mediaId) continue;
    if (seen.has(g.mediaId)) g.mediaId = null;
    else seen.add(g.mediaId);
  }
  return groups;
}
