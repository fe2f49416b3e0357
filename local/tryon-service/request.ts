/**
 * The submit request as the stand-in validates it: the seed reference's fields, values and defaults
 * (spec §0 and §2.1), written here independently of the app's schema. Any problem is a 700 whose
 * message names every failing field (spec §5: "resMessage will return detailed fields").
 */
import * as z from "zod";

export const GENERAL_BASE = "General";
export const CLOTHING_TYPES = ["tops", "dresses"] as const;
export const GENDERS = ["male", "female"] as const;
export const STYLES = ["universal_1", "universal_2", "universal_3"] as const;
export const BODIES = ["slim", "curvy"] as const;
export const VIEW_TYPES = ["fullbody", "halfbody", "mixed"] as const;
/** Seed: "A maximum of 8 model images can be processed in a single request." */
export const MAX_MODEL_IMAGES = 8;
/** Seed: generateCount "supporting an input range of 1 to 8", default 4. */
export const MAX_GENERATE_COUNT = 8;
export const DEFAULT_GENERATE_COUNT = 4;
/** Query docs: "currently 8" images per garment; no result list is ever longer. */
export const MAX_RESULT_IMAGES = 8;
/** No limit is documented; real URLs are short and a bound keeps memory bounded. */
const MAX_URL_LENGTH = 4096;

export type ClothingType = (typeof CLOTHING_TYPES)[number];
export type Gender = (typeof GENDERS)[number];
export type Body = (typeof BODIES)[number];
export type ViewType = (typeof VIEW_TYPES)[number];

export type ModelChoice = { base: string; name: string } | { base: string; gender: Gender; style?: string; body: Body };

export interface SubmitRequest {
  garment: { imageUrl: string; type?: ClothingType };
  modelImage: string[];
  model: ModelChoice;
  viewType: ViewType;
  inputQualityDetect: 0 | 1;
  generateCount: number;
}

const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(", ");
const enumOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (iss) => `must be one of ${quoted(values)} (got ${JSON.stringify(iss.input)})` });
const url = (what: string) =>
  z
    .string({ error: `must be the http(s) URL of the ${what}` })
    .max(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters`)
    .refine((u) => /^https?:\/\/[^\s/]+/i.test(u), `must be an http(s) URL of the ${what}`);

const requestSchema = z.object(
  {
    clothesList: z
      .array(z.object({ imageUrl: url("garment image"), type: enumOf(CLOTHING_TYPES).optional() }, { error: 'must be an object like {"imageUrl": "https://…"}' }), {
        error: "is required: a list with one garment",
      })
      .min(1, "must hold one garment")
      .max(1, "must hold exactly one garment: only single-garment try-on is supported"),
    modelImage: z.array(url("model image"), { error: "must be a list of model image URLs" }).max(MAX_MODEL_IMAGES, `must hold at most ${MAX_MODEL_IMAGES} model images`).optional(),
    model: z
      .object(
        {
          base: z.string({ error: 'must be a string ("General" or a scene code)' }).min(1, "must not be empty").max(128).optional(),
          name: z.string({ error: "must be a string" }).min(1, "must not be empty").max(128).optional(),
          gender: enumOf(GENDERS).optional(),
          style: z.string({ error: "must be a string" }).max(128).optional(),
          body: enumOf(BODIES).optional(),
        },
        { error: "must be an object" },
      )
      .optional(),
    viewType: enumOf(VIEW_TYPES).optional(),
    generateCount: z
      .number({ error: `must be a number from 1 to ${MAX_GENERATE_COUNT}` })
      .int(`must be a whole number from 1 to ${MAX_GENERATE_COUNT}`)
      .min(1, `must be at least 1`)
      .max(MAX_GENERATE_COUNT, `must be at most ${MAX_GENERATE_COUNT}`)
      .optional(),
    inputQualityDetect: z.union([z.literal(0), z.literal(1)], { error: "must be 0 or 1" }).optional(),
  },
  { error: "must be a JSON object (one try-on request)" },
);

function fieldOf(path: readonly PropertyKey[]): string {
  let out = "";
  for (const k of path) out += typeof k === "number" ? `[${k}]` : out ? `.${String(k)}` : String(k);
  return out || "requestParams[0]";
}

export type Validated = { ok: true; value: SubmitRequest } | { ok: false; message: string };

/** Validates one request object and applies the seed's defaults. */
export function validateSubmitRequest(input: unknown): Validated {
  const parsed = requestSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => `${fieldOf(i.path)}: ${i.message}`).join("; ") };
  const r = parsed.data;
  const m = r.model ?? {};
  const base = m.base ?? GENERAL_BASE;
  if (base === GENERAL_BASE && m.name === undefined && m.style !== undefined && !(STYLES as readonly string[]).includes(m.style)) {
    return { ok: false, message: `model.style: must be one of ${quoted(STYLES)} for the General library (got ${JSON.stringify(m.style)})` };
  }
  // Seed: "Once a model name is specified, the other model parameters will become ineffective."
  const model: ModelChoice =
    m.name !== undefined
      ? { base, name: m.name }
      : { base, gender: m.gender ?? "female", body: m.body ?? "slim", ...(m.style !== undefined ? { style: m.style } : base === GENERAL_BASE ? { style: "universal_1" } : {}) };
  return {
    ok: true,
    value: {
      garment: r.clothesList[0],
      modelImage: r.modelImage ?? [],
      model,
      viewType: r.viewType ?? "fullbody",
      inputQualityDetect: r.inputQualityDetect ?? 0,
      generateCount: r.generateCount ?? DEFAULT_GENERATE_COUNT,
    },
  };
}

/** Seed: with model images "the number of generated images will depend on the number of model images". */
export function outputCount(r: SubmitRequest): number {
  return Math.min(MAX_RESULT_IMAGES, r.modelImage.length > 0 ? r.modelImage.length : r.generateCount);
}
