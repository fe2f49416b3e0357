/**
 * The product action's override form: the merchant may type another model name (from their own Aidge
 * model library) and pick another view for this one try-on. Empty means "keep the effective setting".
 * A model name is checked for shape only — the library is Aidge's, and Aidge names an unknown one — and
 * reaches the app exactly as typed (trimmed). Views are checked against the choices the app offered.
 */
import type { ProductTryOnStatus } from "../../app/extension-api/contract";
import { modelNameSchema } from "../../app/tryon/model-names";

export interface OverrideForm {
  /** "" = keep the effective model; else a name from the merchant's Aidge model library. */
  modelName: string;
  /** "" = keep the effective view. */
  viewType: string;
}

export type OverrideResult =
  | { ok: true; overrides: { modelName?: string; viewType?: string } }
  | { ok: false; errors: Partial<Record<keyof OverrideForm, string>> };

export const EMPTY_FORM: OverrideForm = { modelName: "", viewType: "" };

export function buildOverrides(form: OverrideForm, choices: ProductTryOnStatus["choices"]): OverrideResult {
  const errors: Partial<Record<keyof OverrideForm, string>> = {};
  const overrides: { modelName?: string; viewType?: string } = {};
  if (form.modelName.trim()) {
    const name = modelNameSchema.safeParse(form.modelName);
    if (name.success) overrides.modelName = name.data;
    else errors.modelName = `The model name ${name.error.issues[0]?.message ?? "is not valid"}.`;
  }
  const view = form.viewType.trim();
  if (view) {
    if (choices.viewTypes.includes(view)) overrides.viewType = view;
    else errors.viewType = `"${view}" is not a view; choose one of ${choices.viewTypes.join(", ")}.`;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, overrides };
}

/** The effective value of a setting as text ("Ariel", "halfbody", "auto"). */
export function settingText(status: ProductTryOnStatus, field: string): string | null {
  const s = status.settings.find((f) => f.field === field);
  if (!s) return null;
  if (Array.isArray(s.value)) return s.value.length ? s.value.join(", ") : "none";
  return s.value === null ? "auto" : String(s.value);
}

/** Option label for "keep": "Keep: Ariel (from collection Summer)". */
export function keepLabel(status: ProductTryOnStatus, field: string): string {
  const s = status.settings.find((f) => f.field === field);
  const value = settingText(status, field);
  if (!s || value === null) return "Keep the effective setting";
  return `Keep: ${value} (${s.source})`;
}

/** Settings worth showing in the modal (not the ignored ones), as "label: value — source" lines. */
export function settingLines(settings: ProductTryOnStatus["settings"]): string[] {
  return settings
    .filter((s) => !s.ignored)
    .map((s) => {
      const value = Array.isArray(s.value) ? (s.value.length ? s.value.join(", ") : "none") : s.value === null ? "auto" : String(s.value);
      return `${LABELS[s.field] ?? s.field}: ${value} — ${s.source}`;
    });
}

const LABELS: Record<string, string> = {
  modelBase: "Model library",
  modelName: "Model",
  modelGender: "Gender",
  modelStyle: "Style",
  modelBody: "Body",
  viewType: "View",
  generateCount: "Images per product",
  inputQualityDetect: "Flat-lay check",
  garmentType: "Garment type",
  modelImageUrls: "Own model photos",
};
