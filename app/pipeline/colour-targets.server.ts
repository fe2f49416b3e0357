/**
 * Which colours of a product get a try-on of their own (issue 15.1), and reading the variants that
 * decision needs. Kept apart from planning one product because it is the only part that reads the
 * catalog per product.
 */
import { colourGroups, colourOptionOf, hasColourVariants, type CatalogProduct } from "../catalog";
import { resolveOnePerColour } from "../settings/colour";
import type { CatalogPort } from "./ports";

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
