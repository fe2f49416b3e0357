/**
 * The part of Shopify's search syntax (the `query:` argument) the local Admin API understands:
 * `field:value`, `field:"quoted value"`, `-field:value` (negation), `value*` prefixes and free-text
 * words, all ANDed. Unknown fields are ignored with a warning, as Shopify does.
 */
export interface SearchTerm {
  field: string | null;
  value: string;
  negated: boolean;
}

export function parseSearch(query: string | null | undefined): SearchTerm[] {
  if (!query) return [];
  const terms: SearchTerm[] = [];
  const pattern = /(-)?(?:([a-z_]+):)?(?:"([^"]*)"|(\S+))/gi;
  for (const match of query.matchAll(pattern)) {
    const value = match[3] ?? match[4] ?? "";
    if (!match[2] && /^(AND|OR)$/.test(value)) continue;
    terms.push({ field: match[2]?.toLowerCase() ?? null, value, negated: Boolean(match[1]) });
  }
  return terms;
}

/** Case-insensitive match of a term value against a text; `*` is a wildcard. */
export function textMatches(text: string, value: string, { whole }: { whole: boolean }): boolean {
  const escaped = value.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  const re = whole ? new RegExp(`^${escaped}$`) : new RegExp(escaped);
  return re.test(text.toLowerCase());
}

export interface SearchWarning {
  field: string;
  message: string;
}

/**
 * Filters items by a query. `fields` maps a search field to the item's values for it; `freeText`
 * gives the texts free words are matched against.
 */
export function applySearch<T>(
  items: T[],
  query: string | null | undefined,
  fields: Record<string, (item: T) => string[]>,
  freeText: (item: T) => string[],
): { items: T[]; warnings: SearchWarning[] } {
  const terms = parseSearch(query);
  const warnings: SearchWarning[] = [];
  const active = terms.filter((t) => {
    if (t.field === null || t.field in fields) return true;
    warnings.push({ field: t.field, message: "Invalid search field for this query." });
    return false;
  });
  const result = items.filter((item) =>
    active.every((term) => {
      const hit =
        term.field === null
          ? freeText(item).some((text) => textMatches(text, `*${term.value}*`, { whole: true }))
          : fields[term.field](item).some((text) => textMatches(text, term.value, { whole: true }));
      return term.negated ? !hit : hit;
    }),
  );
  return { items: result, warnings };
}
