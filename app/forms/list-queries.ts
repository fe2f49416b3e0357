import * as z from "zod";

/**
 * Query strings of the list pages (filters, search, pagination), parsed by their loaders. Kept out of
 * *.server modules because the pages use the same values for their filter controls.
 */
export const PRODUCT_STATUS_FILTERS = ["not_tried", "in_progress", "needs_review", "on_product", "failed", "skipped"] as const;
export type ProductStatusFilter = (typeof PRODUCT_STATUS_FILTERS)[number];

export const productsQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  collection: z.string().regex(/^gid:\/\/shopify\/Collection\/\d+$/).optional().catch(undefined),
  status: z.enum(PRODUCT_STATUS_FILTERS).optional().catch(undefined),
  after: z.string().max(500).optional(),
});

export const collectionsQuerySchema = z.object({ q: z.string().trim().max(200).optional(), after: z.string().max(500).optional() });

export const runsQuerySchema = z.object({ cursor: z.string().max(100).optional() });

export const RUN_JOB_FILTERS = ["all", "active", "review", "attached", "failed", "skipped", "other"] as const;
export type RunJobFilter = (typeof RUN_JOB_FILTERS)[number];

export const runQuerySchema = z.object({
  filter: z.enum(RUN_JOB_FILTERS).catch("all"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export const reviewQuerySchema = z.object({ run: z.string().max(64).optional() });

/** Parses a request's query string with one of the schemas above (bad values fall back to defaults). */
export function parseQuery<S extends z.ZodType>(schema: S, request: Request): z.output<S> {
  const result = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  return result.success ? result.data : schema.parse({});
}
