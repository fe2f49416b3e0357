/**
 * Settings inheritance: seed defaults → shop → (inferred clothing type) → collection → product →
 * explicit overrides of the run. For every field the effective value and the level it came from, so the
 * UI can say "viewType: halfbody — from collection Summer".
 *
 * A product in several collections: ONE collection's settings apply, chosen deterministically —
 *   1. the collection the run was started from, when it has settings;
 *   2. otherwise the product's collection whose settings were updated most recently
 *      (ties: the smaller collection id);
 * the others are reported as `ignored` so the merchant sees which applied and why.
 */
import type { ClothingType } from "../tryon/schema";
import { SETTING_FIELDS, seedDefaults, type SettingField, type SettingsPatch, type SettingsValues } from "./fields";

export type CollectionRule = "run-collection" | "most-recently-updated";

export type SettingSource =
  | { level: "default" }
  | { level: "shop" }
  /** Clothing type inferred from the product (taxonomy, product type, tags, title). */
  | { level: "catalog"; reason: string }
  | { level: "collection"; id: string; title: string | null; rule: CollectionRule }
  | { level: "product"; id: string }
  | { level: "override" };

export interface EffectiveField<K extends SettingField = SettingField> {
  field: K;
  value: SettingsValues[K];
  source: SettingSource;
  /** Set when the value is present but not sent (e.g. gender while a named model is chosen). */
  ignored?: string;
}

/** Settings of one collection the product belongs to. */
export interface CollectionSettingsInput {
  collectionId: string;
  title: string | null;
  /** When the collection's settings were last changed (ISO string or Date). */
  updatedAt: Date | string;
  settings: SettingsPatch;
  /** "One try-on per colour" for this collection (app/settings/colour.ts); null/absent = not set. */
  onePerColour?: boolean | null;
}

export interface ResolveInput {
  /** Shop defaults (ShopSettings row as a patch). */
  shop?: SettingsPatch | null;
  /** The product's collections that have settings. Order does not matter. */
  collections?: CollectionSettingsInput[] | null;
  /** The collection the run was started from, if any. */
  runCollectionId?: string | null;
  product?: { productId: string; settings: SettingsPatch } | null;
  /** Clothing type the catalog inferred; a collection or product setting wins over it. */
  inferredGarmentType?: { value: ClothingType; reason: string } | null;
  /** The run's explicit overrides (always win). */
  overrides?: SettingsPatch | null;
  /** Seed defaults; default {@link seedDefaults}(). */
  defaults?: SettingsValues;
}

export interface CollectionChoice {
  applied: { id: string; title: string | null; rule: CollectionRule } | null;
  /** The product's other collections with settings, not used for this product. */
  ignored: Array<{ id: string; title: string | null }>;
}

export interface ResolvedSettings {
  values: SettingsValues;
  fields: EffectiveField[];
  collection: CollectionChoice;
}

const time = (d: Date | string) => (d instanceof Date ? d.getTime() : Date.parse(d));

/** The multi-collection rule (see the module comment). Pure and deterministic. */
export function chooseCollection(collections: readonly CollectionSettingsInput[], runCollectionId?: string | null): {
  chosen: CollectionSettingsInput | null;
  rule: CollectionRule | null;
  ignored: CollectionSettingsInput[];
} {
  if (!collections.length) return { chosen: null, rule: null, ignored: [] };
  const fromRun = runCollectionId ? collections.find((c) => c.collectionId === runCollectionId) : undefined;
  if (fromRun) return { chosen: fromRun, rule: "run-collection", ignored: collections.filter((c) => c !== fromRun) };
  const sorted = [...collections].sort((a, b) => time(b.updatedAt) - time(a.updatedAt) || (a.collectionId < b.collectionId ? -1 : a.collectionId > b.collectionId ? 1 : 0));
  return { chosen: sorted[0], rule: "most-recently-updated", ignored: sorted.slice(1) };
}

const isSet = (v: unknown) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0);

export function resolveSettings(input: ResolveInput): ResolvedSettings {
  const defaults = input.defaults ?? seedDefaults();
  const { chosen, rule, ignored } = chooseCollection(input.collections ?? [], input.runCollectionId);

  // Lowest precedence first; later layers overwrite.
  const layers: Array<{ patch: SettingsPatch; source: SettingSource }> = [];
  if (input.shop) layers.push({ patch: input.shop, source: { level: "shop" } });
  if (input.inferredGarmentType) {
    layers.push({ patch: { garmentType: input.inferredGarmentType.value }, source: { level: "catalog", reason: input.inferredGarmentType.reason } });
  }
  if (chosen && rule) {
    layers.push({ patch: chosen.settings, source: { level: "collection", id: chosen.collectionId, title: chosen.title, rule } });
  }
  if (input.product) layers.push({ patch: input.product.settings, source: { level: "product", id: input.product.productId } });
  if (input.overrides) layers.push({ patch: input.overrides, source: { level: "override" } });

  const values = { ...defaults } as SettingsValues;
  const sources = new Map<SettingField, SettingSource>(SETTING_FIELDS.map((f) => [f, { level: "default" } as SettingSource]));
  for (const { patch, source } of layers) {
    for (const f of SETTING_FIELDS) {
      const v = patch[f];
      if (!isSet(v)) continue;
      (values as unknown as Record<string, unknown>)[f] = v;
      sources.set(f, source);
    }
  }

  const photos = values.modelImageUrls.length;
  const fields: EffectiveField[] = SETTING_FIELDS.map((f) => {
    const field: EffectiveField = { field: f, value: values[f], source: sources.get(f)! };
    const modelField = f === "modelBase" || f === "modelName" || f === "modelGender" || f === "modelStyle" || f === "modelBody";
    if (photos && (modelField || f === "generateCount")) {
      field.ignored = `Not used: ${photos} model photo${photos === 1 ? " is" : "s are"} set, so each photo gives one image.`;
    } else if (values.modelName && (f === "modelGender" || f === "modelStyle" || f === "modelBody")) {
      field.ignored = `Not used: the named model "${values.modelName}" is set.`;
    }
    return field;
  });

  return {
    values,
    fields,
    collection: {
      applied: chosen && rule ? { id: chosen.collectionId, title: chosen.title, rule } : null,
      ignored: ignored.map((c) => ({ id: c.collectionId, title: c.title })),
    },
  };
}

/** "from collection Summer (the run's collection)" and the like, for the UI. */
export function describeSource(source: SettingSource): string {
  switch (source.level) {
    case "default":
      return "try-on default";
    case "shop":
      return "from shop settings";
    case "catalog":
      return `detected from the product (${source.reason})`;
    case "collection": {
      const name = source.title ?? source.id;
      return source.rule === "run-collection"
        ? `from collection ${name} (the run's collection)`
        : `from collection ${name} (most recently updated of the product's collections)`;
    }
    case "product":
      return "from this product's settings";
    case "override":
      return "set for this run";
  }
}

/** "viewType: halfbody — from collection Summer (the run's collection)". */
export function describeField(f: EffectiveField): string {
  const v = Array.isArray(f.value) ? (f.value.length ? f.value.join(", ") : "none") : f.value === null ? "auto" : String(f.value);
  return `${f.field}: ${v} — ${describeSource(f.source)}${f.ignored ? ` (${f.ignored})` : ""}`;
}
