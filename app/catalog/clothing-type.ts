/**
 * Clothing type for the try-on request (`clothesList[].type`: "tops" | "dresses").
 *
 * Explicit is better than the provider's automatic recognition, but a wrong type is worse than none:
 * when nothing names a known garment we return `undefined` and let the provider detect it.
 *
 * Evidence, strongest first: a collection/product setting, the taxonomy category, the product type,
 * the tags, the title. Within one text the garment word that comes LAST wins, because English puts
 * the head noun last: "Shirt Dress" is a dress, "Dress Shirt" is a shirt.
 */

export type ClothingType = "tops" | "dresses";

export interface ClothingTypeInput {
  /** A collection or product setting; wins over everything else. */
  explicitType?: ClothingType | null;
  /** Where the explicit type comes from, for the reason text (default "a setting"). */
  explicitSource?: string;
  /** Taxonomy category (Product.category). */
  category?: { name?: string | null; fullName?: string | null } | null;
  categoryName?: string | null;
  categoryFullName?: string | null;
  productType?: string | null;
  tags?: readonly string[] | null;
  title?: string | null;
}

export interface ClothingTypeResult {
  /** undefined: unknown; the try-on provider detects the type itself. */
  type: ClothingType | undefined;
  /** Merchant-readable explanation. */
  reason: string;
  source: "setting" | "category" | "productType" | "tags" | "title" | "none";
}

type Kind = ClothingType | "bottoms";

/** Garment words. Longer phrases first so "long coat" beats "coat" at the same position. */
const WORDS: Array<{ pattern: RegExp; kind: Kind }> = [
  { pattern: /\b(?:long|trench|maxi|duster|over)[ -]?coats?\b/gi, kind: "dresses" },
  { pattern: /\btrench(?:es)?\b/gi, kind: "dresses" },
  { pattern: /\b(?:sun|night|shirt|sweater|slip|wrap)?dress(?:es)?\b/gi, kind: "dresses" },
  { pattern: /\bgowns?\b/gi, kind: "dresses" },
  { pattern: /\bjump ?suits?\b/gi, kind: "dresses" },
  { pattern: /\bplay ?suits?\b/gi, kind: "dresses" },
  { pattern: /\brompers?\b/gi, kind: "dresses" },
  { pattern: /\bkaftans?\b|\bcaftans?\b|\babayas?\b/gi, kind: "dresses" },
  { pattern: /\bt[ -]?shirts?\b|\btees?\b/gi, kind: "tops" },
  { pattern: /\bsweat ?shirts?\b/gi, kind: "tops" },
  { pattern: /\bshirts?\b/gi, kind: "tops" },
  { pattern: /\bpull ?overs?\b/gi, kind: "tops" },
  { pattern: /\bblouses?\b/gi, kind: "tops" },
  { pattern: /\bhood(?:ie|y|ies)\b/gi, kind: "tops" },
  { pattern: /\bsweaters?\b|\bjumpers?\b|\bcardigans?\b|\bknitwear\b|\bturtlenecks?\b/gi, kind: "tops" },
  { pattern: /\btank ?tops?\b|\bcami(?:sole)?s?\b|\bpolos?\b|\btunics?\b|\bcrop ?tops?\b|\btops?\b/gi, kind: "tops" },
  { pattern: /\bjackets?\b|\bblazers?\b|\bcoats?\b|\bparkas?\b|\banoraks?\b|\bvests?\b|\bgilets?\b/gi, kind: "tops" },
  { pattern: /\bpants\b|\btrousers\b|\bjeans\b|\bshorts\b|\bskirts?\b|\bleggings\b|\bjoggers\b|\bchinos\b/gi, kind: "bottoms" },
];

interface Match {
  kind: Kind;
  word: string;
  end: number;
  length: number;
}

/** The head garment word of a text (the last one; the longer phrase on a tie), or null. */
export function headGarmentWord(text: string): Match | null {
  let best: Match | null = null;
  for (const { pattern, kind } of WORDS) {
    for (const m of text.matchAll(pattern)) {
      const end = (m.index ?? 0) + m[0].length;
      if (!best || end > best.end || (end === best.end && m[0].length > best.length)) {
        best = { kind, word: m[0], end, length: m[0].length };
      }
    }
  }
  return best;
}

const LABEL: Record<Exclude<ClothingTypeResult["source"], "none" | "setting">, string> = {
  category: "Category",
  productType: "Product type",
  tags: "Tag",
  title: "Title",
};

function verdict(source: keyof typeof LABEL, text: string, match: Match): ClothingTypeResult {
  if (match.kind === "bottoms") {
    return {
      type: undefined,
      source,
      reason: `${LABEL[source]} "${text}" names bottoms ("${match.word}"); try-on types are tops and dresses, so the try-on service will detect the type.`,
    };
  }
  return { type: match.kind, source, reason: `${LABEL[source]} "${text}" → ${match.kind} ("${match.word}").` };
}

/** Infers "tops" | "dresses" (or undefined) and says why. */
export function inferClothingType(input: ClothingTypeInput): ClothingTypeResult {
  if (input.explicitType) {
    return {
      type: input.explicitType,
      source: "setting",
      reason: `Set to ${input.explicitType} by ${input.explicitSource ?? "a setting"}.`,
    };
  }

  // Category: the leaf name, then the full path read from the leaf upwards.
  const categoryName = input.category?.name ?? input.categoryName ?? null;
  const fullName = input.category?.fullName ?? input.categoryFullName ?? null;
  const segments = [categoryName, ...(fullName ? fullName.split(">").map((s) => s.trim()).reverse() : [])].filter(
    (s): s is string => Boolean(s),
  );
  for (const segment of segments) {
    const match = headGarmentWord(segment);
    if (!match) continue;
    // "Coats & Jackets" says nothing about length; a long coat (named so in the type, tags or title)
    // reaches below the hips and is dressed like a dress.
    if (match.kind === "tops" && /coat/i.test(segment)) {
      const evidence: Array<[keyof typeof LABEL, string | null | undefined]> = [
        ["productType", input.productType],
        ["title", input.title],
        ...(input.tags ?? []).map((t): [keyof typeof LABEL, string] => ["tags", t]),
      ];
      for (const [source, text] of evidence) {
        const longCoat = text ? headGarmentWord(text) : null;
        if (longCoat?.kind === "dresses" && /coat|trench/i.test(longCoat.word)) {
          return {
            type: "dresses",
            source: "category",
            reason: `Category "${categoryName ?? segment}" with ${LABEL[source].toLowerCase()} "${text}" → dresses (a long coat, "${longCoat.word}").`,
          };
        }
      }
    }
    return verdict("category", categoryName ?? segment, match);
  }

  if (input.productType?.trim()) {
    const match = headGarmentWord(input.productType);
    if (match) return verdict("productType", input.productType.trim(), match);
  }

  // Tags count only when they agree with each other.
  const tagMatches = (input.tags ?? [])
    .map((tag) => ({ tag, match: headGarmentWord(tag) }))
    .filter((t): t is { tag: string; match: Match } => t.match !== null);
  const kinds = new Set(tagMatches.map((t) => t.match.kind));
  if (kinds.size === 1) return verdict("tags", tagMatches[0].tag, tagMatches[0].match);

  if (input.title?.trim()) {
    const match = headGarmentWord(input.title);
    if (match) return verdict("title", input.title.trim(), match);
  }

  return {
    type: undefined,
    source: "none",
    reason:
      kinds.size > 1
        ? `The tags name different garments (${tagMatches.map((t) => `"${t.tag}"`).join(", ")}); the try-on service will detect the type. Set the type on the product or collection to choose it.`
        : "No category, product type, tag or title names a known garment; the try-on service will detect the type. Set the type on the product or collection to choose it.",
  };
}
