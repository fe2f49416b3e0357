import * as z from "zod";
import { SETTING_FIELDS, settingsPatchSchema, type SettingField } from "../settings/fields";

/**
 * The try-on settings part shared by three forms (shop defaults, collection defaults, product
 * overrides). Each field is a string in the form; "" means "inherit from the level above". Validation is
 * the settings module's own schema, so the forms cannot accept what a run would reject.
 */
export const SETTING_LABELS: Record<SettingField, string> = {
  modelBase: "Model library",
  modelName: "Library model",
  modelGender: "Model gender",
  modelStyle: "Model style",
  modelBody: "Body type",
  viewType: "View",
  generateCount: "Images per product",
  inputQualityDetect: "Flat-lay quality check",
  garmentType: "Garment type",
  modelImageUrls: "Own model photos",
};

/** How each view reads to the merchant, on every page (the settings form, summaries, Review, history). */
export const VIEW_LABELS: Record<string, string> = { fullbody: "Full body", halfbody: "Half body", mixed: "Mixed (full and half body)" };

/**
 * Where an inherited setting comes from, in the same words on every page: "built-in default" (nothing
 * sets it), "shop defaults" (Settings), "collection Summer", … Lower case: it is said inside a sentence or
 * in brackets after the value; capitalise it when it stands alone.
 */
export function inheritedFromWords(source: { level: string; title?: string | null; id?: string }): string {
  switch (source.level) {
    case "default":
      return "built-in default";
    case "shop":
      return "shop defaults";
    case "catalog":
      return "detected from the product";
    case "collection":
      return `collection ${source.title ?? source.id ?? ""}`.trim();
    case "product":
      return "this product";
    case "override":
      return "this run";
    default:
      return source.level;
  }
}

/** A resolved value with no code left in it: "auto" (nothing chosen) and "none" (no photos) in plain words. */
export function plainSettingValue(value: string): string {
  if (value === "auto" || value === "") return "Chosen automatically";
  if (value === "none") return "None";
  return value;
}

function pickSettings(input: unknown): Record<string, unknown> {
  const source = (input ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of SETTING_FIELDS) if (f in source) out[f] = source[f];
  return out;
}

/** The settings fields of a form (other keys ignored), validated by the settings module's schema. */
export const settingsFieldsSchema = z.preprocess(pickSettings, settingsPatchSchema);

/** Form values (strings) from stored settings values: what the form shows initially. */
export type SettingsFormValues = Record<SettingField, string>;

export function settingsFormValues(patch: Partial<Record<SettingField, unknown>>): SettingsFormValues {
  const out = {} as SettingsFormValues;
  for (const f of SETTING_FIELDS) {
    const v = patch[f];
    out[f] = v === null || v === undefined ? "" : Array.isArray(v) ? v.join("\n") : String(v);
  }
  return out;
}
