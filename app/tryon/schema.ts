/**
 * The submit request of Aidge Virtual Try-on (`POST /ai/virtual/tryon`), exactly per the seed
 * reference (docs: ../../../shared/spec/seed-tryon-submit-reference.txt, spec §0 and §2.1).
 * The client validates with it before any call. The local try-on service has its own, independent
 * validation (local/tryon-service/request.ts), so the two can disagree and tests catch it.
 */
import * as z from "zod";

/** Model library of the public Aidge catalogue; other values are business-specific scene codes. */
export const GENERAL_MODEL_BASE = "General";
export const CLOTHING_TYPES = ["tops", "dresses"] as const;
export const MODEL_GENDERS = ["male", "female"] as const;
export const MODEL_STYLES = ["universal_1", "universal_2", "universal_3"] as const;
export const MODEL_BODIES = ["slim", "curvy"] as const;
export const VIEW_TYPES = ["fullbody", "halfbody", "mixed"] as const;
/** Seed: at most 8 model images per request. */
export const MAX_MODEL_IMAGES = 8;
/** Seed: generateCount 1..8, default 4. */
export const MIN_GENERATE_COUNT = 1;
export const MAX_GENERATE_COUNT = 8;
export const DEFAULT_GENERATE_COUNT = 4;

export type ClothingType = (typeof CLOTHING_TYPES)[number];
export type ModelGender = (typeof MODEL_GENDERS)[number];
export type ModelStyle = (typeof MODEL_STYLES)[number];
export type ModelBody = (typeof MODEL_BODIES)[number];
export type ViewType = (typeof VIEW_TYPES)[number];

const list = (values: readonly string[]) => values.map((v) => `"${v}"`).join(", ");
const oneOf = (values: readonly string[]) => (iss: { input?: unknown }) =>
  iss.input === undefined ? `is required; use one of ${list(values)}` : `must be one of ${list(values)} (got ${JSON.stringify(iss.input)})`;

const httpUrl = (what: string) =>
  z.url({
    protocol: /^https?$/,
    error: (iss) =>
      iss.input === undefined
        ? `is required: the public http(s) URL of the ${what}`
        : `must be a public http(s) URL of the ${what} (got ${JSON.stringify(iss.input)})`,
  });

export const clothingTypeSchema = z.enum(CLOTHING_TYPES, { error: oneOf(CLOTHING_TYPES) });

/** One garment. `type` is optional: Aidge recognises it, but an explicit type works better. */
export const garmentSchema = z.object(
  {
    imageUrl: httpUrl("garment image"),
    type: clothingTypeSchema.optional(),
  },
  { error: "must be an object like {\"imageUrl\": \"https://…\", \"type\": \"tops\"}" },
);

/**
 * The library model. `base` defaults to "General"; `name` (e.g. "Ariel") selects a model and then
 * gender/style/body are ignored (dropped from the normalised request). With the General library the
 * style must be universal_1..3; a custom library (scene code) has its own style tags.
 */
export const modelSchema = z
  .object(
    {
      base: z.string({ error: "must be a string: \"General\" or your scene code" }).trim().min(1, "must not be empty").default(GENERAL_MODEL_BASE),
      name: z.string({ error: "must be a string such as \"Ariel\"" }).trim().min(1, "must not be empty; leave it out to pick by gender/style/body").optional(),
      gender: z.enum(MODEL_GENDERS, { error: oneOf(MODEL_GENDERS) }).default("female"),
      style: z.string({ error: `must be a string: one of ${list(MODEL_STYLES)}` }).trim().min(1, "must not be empty").optional(),
      body: z.enum(MODEL_BODIES, { error: oneOf(MODEL_BODIES) }).default("slim"),
    },
    { error: "must be an object like {\"base\": \"General\", \"gender\": \"female\"}" },
  )
  .superRefine((m, ctx) => {
    if (m.base === GENERAL_MODEL_BASE && m.style !== undefined && !(MODEL_STYLES as readonly string[]).includes(m.style)) {
      ctx.addIssue({ code: "custom", path: ["style"], message: `must be one of ${list(MODEL_STYLES)} for the General library (got ${JSON.stringify(m.style)})` });
    }
  })
  .transform((m): TryOnModel => {
    if (m.name !== undefined) return { base: m.base, name: m.name };
    // Default style universal_1 applies to the General library only; custom libraries define their own tags.
    const style = m.style ?? (m.base === GENERAL_MODEL_BASE ? "universal_1" : undefined);
    return { base: m.base, gender: m.gender, ...(style !== undefined ? { style } : {}), body: m.body };
  });

export const tryOnRequestSchema = z
  .object(
    {
      clothesList: z
        .array(garmentSchema, { error: "is required: a list with exactly one garment, like [{\"imageUrl\": \"https://…\"}]" })
        .length(1, "must hold exactly one garment: try-on supports a single garment per request"),
      modelImage: z
        .array(httpUrl("model photo"), { error: "must be a list of model photo URLs" })
        .max(MAX_MODEL_IMAGES, `must hold at most ${MAX_MODEL_IMAGES} model photo URLs`)
        .optional(),
      model: modelSchema.optional(),
      viewType: z.enum(VIEW_TYPES, { error: oneOf(VIEW_TYPES) }).default("fullbody"),
      generateCount: z
        .number({ error: `must be a whole number from ${MIN_GENERATE_COUNT} to ${MAX_GENERATE_COUNT}` })
        .int(`must be a whole number from ${MIN_GENERATE_COUNT} to ${MAX_GENERATE_COUNT}`)
        .min(MIN_GENERATE_COUNT, `must be at least ${MIN_GENERATE_COUNT}`)
        .max(MAX_GENERATE_COUNT, `must be at most ${MAX_GENERATE_COUNT}`)
        .default(DEFAULT_GENERATE_COUNT),
      inputQualityDetect: z
        .union([z.literal(0), z.literal(1)], { error: "must be 0 (do not filter) or 1 (filter low-quality flat lays)" })
        .default(0),
    },
    { error: "must be a JSON object (one try-on request)" },
  )
  .transform((r): TryOnRequest => {
    const modelImage = r.modelImage && r.modelImage.length > 0 ? r.modelImage : undefined;
    const model = r.model ?? modelSchema.parse({});
    return {
      clothesList: r.clothesList,
      ...(modelImage ? { modelImage } : {}),
      model,
      viewType: r.viewType,
      inputQualityDetect: r.inputQualityDetect,
      generateCount: r.generateCount,
    };
  });

export interface Garment {
  imageUrl: string;
  type?: ClothingType;
}
/** Normalised model: either a named model, or tags (style may be a custom library's tag). */
export type TryOnModel = { base: string; name: string } | { base: string; gender: ModelGender; style?: string; body: ModelBody };

/** A validated request with the seed's defaults applied. */
export interface TryOnRequest {
  clothesList: [Garment] | Garment[];
  /** Model photos; when present they take priority and set the number of outputs. */
  modelImage?: string[];
  model: TryOnModel;
  viewType: ViewType;
  inputQualityDetect: 0 | 1;
  generateCount: number;
}
/** What callers may pass: everything but the garment is optional. */
export type TryOnRequestInput = z.input<typeof tryOnRequestSchema>;

/** One field-precise validation problem; `field` reads like `clothesList[0].imageUrl`. */
export interface FieldIssue {
  field: string;
  message: string;
}

export type ValidationResult = { ok: true; value: TryOnRequest } | { ok: false; issues: FieldIssue[] };

/** Formats a zod path as `clothesList[0].imageUrl`; the root is "request". */
export function formatPath(path: readonly PropertyKey[], root = ""): string {
  let out = root;
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || "request";
}

export function issuesFromZod(error: z.ZodError, root = ""): FieldIssue[] {
  return error.issues.map((i) => ({ field: formatPath(i.path, root), message: i.message }));
}

/** Validates and normalises one request; never throws. */
export function validateTryOnRequest(input: unknown): ValidationResult {
  const parsed = tryOnRequestSchema.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: issuesFromZod(parsed.error) };
}

/** "clothesList[0].imageUrl: is required …; generateCount: must be at most 8". */
export function describeIssues(issues: readonly FieldIssue[]): string {
  return issues.map((i) => `${i.field}: ${i.message}`).join("; ");
}

/** Number of result images a request produces: one per model photo, else generateCount. */
export function expectedImageCount(request: TryOnRequest): number {
  return request.modelImage?.length ? request.modelImage.length : request.generateCount;
}
