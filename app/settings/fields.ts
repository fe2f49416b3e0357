/**
 * The try-on settings a merchant can set at each level (shop, collection, product, one run), their
 * validation, and the seed's defaults. Plain TypeScript: no Remix, no Prisma.
 *
 * Column names match prisma/schema.prisma (ShopSettings / CollectionSettings / ProductSettings), so a
 * database row converts with {@link patchFromRow}. `null`/absent means "inherit from the level above".
 */
import * as z from "zod";
import { modelNameSchema } from "../tryon/model-names";
import {
  CLOTHING_TYPES,
  GENERAL_MODEL_BASE,
  MAX_GENERATE_COUNT,
  MAX_MODEL_IMAGES,
  MIN_GENERATE_COUNT,
  MODEL_BODIES,
  MODEL_GENDERS,
  MODEL_STYLES,
  VIEW_TYPES,
  tryOnRequestSchema,
  type ClothingType,
  type ModelBody,
  type ModelGender,
  type ViewType,
} from "../tryon/schema";

/** Every inheritable field, in the order the UI lists them. */
export const SETTING_FIELDS = [
  "modelBase",
  "modelName",
  "modelGender",
  "modelStyle",
  "modelBody",
  "viewType",
  "generateCount",
  "inputQualityDetect",
  "garmentType",
  "modelImageUrls",
] as const;
export type SettingField = (typeof SETTING_FIELDS)[number];

/** Fully resolved values (what one run uses for one product). */
export interface SettingsValues {
  /** Model library: "General" or a scene code. */
  modelBase: string;
  /** A model name from the merchant's Aidge library (e.g. "Ariel"); when set, gender/style/body are not used. */
  modelName: string | null;
  modelGender: ModelGender;
  /** universal_1..3 for the General library; a custom library's tag otherwise. */
  modelStyle: string | null;
  modelBody: ModelBody;
  viewType: ViewType;
  /** 1..8 images per product (ignored when model photos are given: one image per photo). */
  generateCount: number;
  /** 1 = the provider rejects incomplete flat lays (707); 0 = it does not check. */
  inputQualityDetect: 0 | 1;
  /** tops | dresses; null = let the provider detect it. */
  garmentType: ClothingType | null;
  /** The merchant's own model photos (at most 8). */
  modelImageUrls: string[];
}

/** What one level sets; absent or null = inherit. */
export type SettingsPatch = { [K in SettingField]?: SettingsValues[K] | null };

const blankToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);
const list = (values: readonly string[]) => values.map((v) => `"${v}"`).join(", ");

/**
 * Validates what a merchant (form, API, CLI flag) sends for one level. Empty strings mean "inherit".
 * Messages name the field and the accepted values.
 */
export const settingsPatchSchema = z
  .object({
    modelBase: z.preprocess(blankToNull, z.string().trim().min(1).max(100).nullable()).optional(),
    // Shape only: the library is the merchant's, at Aidge (app/tryon/model-names.ts); Aidge's 700 names an unknown one.
    modelName: z.preprocess(blankToNull, modelNameSchema.nullable()).optional(),
    modelGender: z.preprocess(blankToNull, z.enum(MODEL_GENDERS, { error: `must be one of ${list(MODEL_GENDERS)}` }).nullable()).optional(),
    modelStyle: z.preprocess(blankToNull, z.string().trim().min(1).max(100).nullable()).optional(),
    modelBody: z.preprocess(blankToNull, z.enum(MODEL_BODIES, { error: `must be one of ${list(MODEL_BODIES)}` }).nullable()).optional(),
    viewType: z.preprocess(blankToNull, z.enum(VIEW_TYPES, { error: `must be one of ${list(VIEW_TYPES)}` }).nullable()).optional(),
    generateCount: z
      .preprocess(
        (v) => (typeof v === "string" ? (v.trim() === "" ? null : Number(v)) : v),
        z
          .number({ error: `must be a whole number from ${MIN_GENERATE_COUNT} to ${MAX_GENERATE_COUNT}` })
          .int(`must be a whole number from ${MIN_GENERATE_COUNT} to ${MAX_GENERATE_COUNT}`)
          .min(MIN_GENERATE_COUNT, `must be at least ${MIN_GENERATE_COUNT}`)
          .max(MAX_GENERATE_COUNT, `must be at most ${MAX_GENERATE_COUNT}`)
          .nullable(),
      )
      .optional(),
    inputQualityDetect: z
      .preprocess(
        (v) => (typeof v === "string" ? (v.trim() === "" ? null : Number(v)) : typeof v === "boolean" ? (v ? 1 : 0) : v),
        z.union([z.literal(0), z.literal(1)], { error: "must be 0 (do not check) or 1 (reject incomplete flat lays)" }).nullable(),
      )
      .optional(),
    garmentType: z.preprocess(blankToNull, z.enum(CLOTHING_TYPES, { error: `must be one of ${list(CLOTHING_TYPES)}` }).nullable()).optional(),
    modelImageUrls: z
      .preprocess(
        (v) => (typeof v === "string" ? (v.trim() === "" ? null : v.split(/[\s,]+/).filter(Boolean)) : v),
        z
          .array(z.url({ protocol: /^https?$/, error: "must be public http(s) URLs of model photos" }))
          .max(MAX_MODEL_IMAGES, `must hold at most ${MAX_MODEL_IMAGES} model photo URLs`)
          .nullable(),
      )
      .optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const base = p.modelBase ?? GENERAL_MODEL_BASE;
    if (p.modelStyle && base === GENERAL_MODEL_BASE && !(MODEL_STYLES as readonly string[]).includes(p.modelStyle)) {
      ctx.addIssue({ code: "custom", path: ["modelStyle"], message: `must be one of ${list(MODEL_STYLES)} for the General library` });
    }
  });

/** One field-precise problem, e.g. { field: "generateCount", message: "must be at most 8" }. */
export interface SettingsIssue {
  field: string;
  message: string;
}

export type PatchParseResult = { ok: true; value: SettingsPatch } | { ok: false; issues: SettingsIssue[] };

/** Validates a settings patch from outside (never throws). */
export function parseSettingsPatch(input: unknown): PatchParseResult {
  const r = settingsPatchSchema.safeParse(input ?? {});
  if (r.success) return { ok: true, value: r.data as SettingsPatch };
  return { ok: false, issues: r.error.issues.map((i) => ({ field: i.path.map(String).join(".") || "settings", message: i.message })) };
}

/** The seed's defaults, taken from the contract's schema so they cannot drift from it. */
export function seedDefaults(): SettingsValues {
  const parsed = tryOnRequestSchema.parse({ clothesList: [{ imageUrl: "https://example.com/garment.png" }] });
  const model = parsed.model as { base: string; gender: ModelGender; style?: string; body: ModelBody };
  return {
    modelBase: model.base,
    modelName: null,
    modelGender: model.gender,
    modelStyle: model.style ?? null,
    modelBody: model.body,
    viewType: parsed.viewType,
    generateCount: parsed.generateCount,
    inputQualityDetect: parsed.inputQualityDetect,
    garmentType: null,
    modelImageUrls: [],
  };
}

/** A settings row (shop, collection or product) as stored: modelImageUrls is a JSON array string. */
export type SettingsRow = { [K in Exclude<SettingField, "modelImageUrls">]?: unknown } & { modelImageUrls?: string | null };

/**
 * Reads a database row into a patch. Values that no longer validate (an enum the contract dropped) are
 * treated as unset rather than breaking every run of the shop.
 */
export function patchFromRow(row: SettingsRow | null | undefined): SettingsPatch {
  if (!row) return {};
  const raw: Record<string, unknown> = {};
  for (const f of SETTING_FIELDS) {
    const v = (row as Record<string, unknown>)[f];
    if (v === null || v === undefined) continue;
    if (f === "modelImageUrls") {
      try {
        const arr = JSON.parse(String(v));
        if (Array.isArray(arr) && arr.length) raw[f] = arr;
      } catch {
        /* unreadable: inherit */
      }
      continue;
    }
    raw[f] = v;
  }
  const out: SettingsPatch = {};
  for (const [k, v] of Object.entries(raw)) {
    const one = settingsPatchSchema.safeParse({ [k]: v });
    if (one.success) Object.assign(out, one.data);
  }
  return out;
}

/** The columns to write for a patch (modelImageUrls as JSON); undefined fields are left out. */
export function rowFromPatch(patch: SettingsPatch): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const f of SETTING_FIELDS) {
    if (!(f in patch)) continue;
    const v = patch[f];
    if (v === undefined) continue;
    if (f === "modelImageUrls") out[f] = v && (v as string[]).length ? JSON.stringify(v) : null;
    else out[f] = (v as string | number | null) ?? null;
  }
  return out;
}
