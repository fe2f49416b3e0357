/**
 * The HTTP contract between the admin UI extensions and the app's `/api/*` endpoints: one schema per
 * request body and per response, shared by both sides. The server parses request bodies with these;
 * the extensions parse responses with them. Written with `zod/mini` so an extension bundle stays small
 * (about 6 KB gzipped for zod/mini versus about 60 KB for full zod) — and this module imports nothing
 * but one constant from app/forms/limits, so nothing server-side can leak into an extension bundle.
 *
 * Detailed validation of try-on overrides (enums, ranges) is the settings module's job on the server
 * (app/settings `parseSettingsPatch`); here they are only "an object of fields".
 */
import { MAX_SELECTION } from "../forms/limits";
import * as z from "zod/mini";

/** Most products one selection run accepts (Shopify's index pages select up to 250 at once). */
export { MAX_SELECTION };

const gidPattern = (type: "Product" | "Collection") => new RegExp(`^gid://shopify/${type}/\\d{1,20}$`);

export const productGidSchema = z.string({ error: "must be a product id like \"gid://shopify/Product/123\"" }).check(
  z.regex(gidPattern("Product"), "must be a product id like \"gid://shopify/Product/123\""),
);
export const collectionGidSchema = z.string({ error: "must be a collection id like \"gid://shopify/Collection/123\"" }).check(
  z.regex(gidPattern("Collection"), "must be a collection id like \"gid://shopify/Collection/123\""),
);

/** Most fields one overrides object may set (there are 10 try-on settings). */
export const MAX_OVERRIDES = 20;

/** Per-run overrides of the effective settings ({ viewType: "halfbody", modelName: "Ariel" }). */
export const overridesSchema = z.optional(
  z
    .record(z.string(), z.unknown(), { error: "must be an object of settings, like {\"viewType\": \"halfbody\"}" })
    .check(z.refine((o) => Object.keys(o).length <= MAX_OVERRIDES, `must hold at most ${MAX_OVERRIDES} settings`)),
);

export const scopeSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("product"), productId: productGidSchema }),
    z.object({
      type: z.literal("selection"),
      productIds: z
        .array(productGidSchema, { error: "must be a list of product ids" })
        .check(
          z.minLength(1, "must hold at least one product id: select products first"),
          z.maxLength(MAX_SELECTION, `must hold at most ${MAX_SELECTION} product ids: select fewer products`),
        ),
    }),
    z.object({ type: z.literal("collection"), collectionId: collectionGidSchema }),
  ],
  { error: "must be {\"type\": \"product\" | \"selection\" | \"collection\", …} with the matching id(s)" },
);
export type Scope = z.infer<typeof scopeSchema>;

const forceSchema = z.optional(
  z.boolean({ error: "must be true (try on again even if the same result exists) or false" }),
);

/** POST /api/estimate */
export const estimateRequestSchema = z.object(
  { scope: scopeSchema, overrides: overridesSchema, force: forceSchema },
  { error: "must be a JSON object like {\"scope\": {\"type\": \"collection\", \"collectionId\": \"gid://…\"}}" },
);
export type EstimateRequest = z.infer<typeof estimateRequestSchema>;

/** POST /api/runs */
export const runRequestSchema = estimateRequestSchema;
export type RunRequest = z.infer<typeof runRequestSchema>;

/** POST /api/products/:id/tryon (its estimate: POST /api/estimate with a product scope). */
export const productTryOnRequestSchema = z.object(
  { overrides: overridesSchema, force: forceSchema },
  { error: "must be a JSON object like {\"overrides\": {\"viewType\": \"halfbody\"}}" },
);
export type ProductTryOnRequest = z.infer<typeof productTryOnRequestSchema>;

// ---------------------------------------------------------------------------------------------------
// Responses

const count = z.number().check(z.int(), z.nonnegative());

export const skippedProductSchema = z.object({
  productId: z.string(),
  title: z.nullable(z.string()),
  /** Merchant text: why the product is not tried on. */
  reason: z.string(),
});

export const estimateSchema = z.object({
  /** Products in the scope. */
  productsTotal: count,
  /** Products that would get a try-on job. */
  productsToTryOn: count,
  productsSkipped: count,
  /** Images the provider would generate (what the merchant pays for). */
  imagesToGenerate: count,
  /**
   * Try-ons that would be sent (provider calls): one per product, or one per colour for products with
   * colour variants tried on per colour (issue 15.1). Optional for older servers.
   */
  tryOnsToGenerate: z.optional(count),
  /** Of those, the colour try-ons. */
  coloursToGenerate: z.optional(count),
  /** The first skipped products with their reasons (the list may be cut; the counts are not). */
  skipped: z.array(skippedProductSchema),
  /** The shop's daily image cap; null when there is none. */
  dailyCap: z.nullable(z.object({ limit: count, remainingToday: count })),
  /** False when the run would exceed the daily cap. */
  withinDailyCap: z.boolean(),
  /** Products sent with their best image although none looks like a flat lay: try-on may refuse them. */
  mayBeRefused: z.optional(count),
  /** Products whose images' flat-lay look is not judged yet (judged while the run plans). */
  unjudged: z.optional(count),
  /** Which figures are final ("exact") and which the run settles while it plans. */
  figures: z.optional(z.object({ exact: z.array(z.string()), settledWhilePlanning: z.array(z.string()) })),
});
export type Estimate = z.infer<typeof estimateSchema>;

export const settingValueSchema = z.union([z.string(), z.number(), z.null(), z.array(z.string())]);

export const effectiveSettingSchema = z.object({
  field: z.string(),
  value: settingValueSchema,
  /** Merchant text, e.g. "from collection Summer". */
  source: z.string(),
  /** The level the value came from: default | shop | catalog | collection | product | override. */
  level: z.string(),
  /** Set when the value is present but not used, with why. */
  ignored: z.optional(z.string()),
});
export type EffectiveSetting = z.infer<typeof effectiveSettingSchema>;

export const runSummarySchema = z.object({
  id: z.string(),
  status: z.string(),
  productsTotal: count,
  productsSkipped: count,
  imagesEstimated: count,
  /** Path of the run's page inside the app, e.g. "/app/runs/clx…". */
  appPath: z.string(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

/** 202 answer of POST /api/runs and POST /api/products/:id/tryon. */
export const runStartedSchema = z.object({ run: runSummarySchema, estimate: estimateSchema });
export type RunStarted = z.infer<typeof runStartedSchema>;

/** 200 answer of POST /api/estimate. */
export const estimateResponseSchema = z.object({
  estimate: estimateSchema,
  /** Effective defaults of the scope when it has one (a collection's defaults); else empty. */
  settings: z.array(effectiveSettingSchema),
  /** Title of the collection (collection scope), null otherwise. */
  scopeTitle: z.nullable(z.string()),
});
export type EstimateResponse = z.infer<typeof estimateResponseSchema>;

export const modelChoiceSchema = z.object({
  name: z.string(),
  description: z.string(),
  gender: z.string(),
  style: z.string(),
  body: z.string(),
});

/** 200 answer of GET /api/products/:id/tryon. */
export const productTryOnStatusSchema = z.object({
  product: z.object({ id: z.string(), title: z.nullable(z.string()) }),
  status: z.object({
    /** none | a job state (queued, submitting, polling, succeeded, awaiting_review, attaching, attached, failed, cancelled, removed). */
    state: z.string(),
    /** Merchant text for the state, e.g. "2 images are waiting for your review". */
    label: z.string(),
    /** Last error in merchant words, when the last job failed. */
    message: z.nullable(z.string()),
    lastRunId: z.nullable(z.string()),
    imagesAwaitingReview: count,
    imagesAttached: count,
  }),
  settings: z.array(effectiveSettingSchema),
  choices: z.object({
    /** Always empty now: the model library is the merchant's own at Aidge, not a list the app knows. Kept for old clients. */
    models: z.array(modelChoiceSchema),
    /** Documented example names (Ariel, James) to show as placeholders; the merchant types their own. */
    modelNameExamples: z.array(z.string()),
    viewTypes: z.array(z.string()),
  }),
  /** Path of the product's page inside the app, e.g. "/app/products/123". */
  appPath: z.string(),
});
export type ProductTryOnStatus = z.infer<typeof productTryOnStatusSchema>;

/** GET /api/runs/:id */
export const runProgressSchema = z.object({
  run: runSummarySchema,
  /** Jobs by state, e.g. { queued: 3, polling: 2, attached: 5 }. */
  counts: z.record(z.string(), count),
  finished: z.boolean(),
});
export type RunProgress = z.infer<typeof runProgressSchema>;

/** Every 4xx/5xx answer of /api/*: a merchant message and, for 400, the fields at fault. */
export const apiErrorSchema = z.object({
  error: z.object({
    message: z.string(),
    /** Field path → what is wrong with it, e.g. { "scope.productIds": "must hold at least one product id" }. */
    fields: z.optional(z.record(z.string(), z.string())),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

/** "scope.productIds[3]" from a zod path. */
export function fieldPath(path: readonly PropertyKey[], root = ""): string {
  let out = root;
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || "body";
}

/** Field → message map from a zod error (the first message per field). */
export function fieldErrors(error: { issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }> }, root = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = fieldPath(issue.path, root);
    out[key] ??= issue.message;
  }
  return out;
}
