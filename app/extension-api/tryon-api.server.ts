/**
 * The endpoints the admin UI extensions call, as thin glue over the pipeline's services: parse with the
 * shared contract (app/extension-api/contract.ts), call ONE pipeline service, map its answer to the contract.
 * Everything is scoped to the shop of the verified session token; another shop's run or an unknown
 * product is a 404, never data.
 */
import { CatalogError } from "../catalog/errors";
import { MissingCredentialsError, MissingSessionError } from "../pipeline/ports";
import type { Pipeline } from "../pipeline/service.server";
import { StartRunInputError, type RunEstimate, type StartRunResult } from "../pipeline/start-run.server";
import { STATE_LABELS, isJobState } from "../jobs/job-state";
import type { RunProgress as PipelineRunProgress } from "../persistence/runs.server";
import { patchFromRow } from "../settings/fields";
import { describeSource, resolveSettings, type EffectiveField } from "../settings/inheritance";
import { getShopSettings } from "../persistence/shop-settings.server";
import { DOCUMENTED_MODEL_NAMES } from "../tryon/model-names";
import { VIEW_TYPES } from "../tryon/schema";
import * as z from "zod/mini";
import {
  estimateRequestSchema,
  productTryOnRequestSchema,
  runRequestSchema,
  type EffectiveSetting,
  type Estimate,
  type EstimateResponse,
  type ProductTryOnStatus,
  type RunProgress,
  type RunStarted,
  type RunSummary,
} from "./contract";
import { ApiHttpError, jsonResponse, notFound, parseOr400, readJson, type ApiContext } from "./http.server";

/** Paths of the app's own pages the extensions link to (the merchant UI's routes). */
export const appPaths = {
  product: (productGid: string) => `/app/products/${productGid.split("/").pop()}`,
  run: (runId: string) => `/app/runs/${encodeURIComponent(runId)}`,
};

const numericIdSchema = z.string({ error: "is required" }).check(z.regex(/^\d{1,20}$/, "must be a numeric product id, like 8123456789"));
const runIdSchema = z.string({ error: "is required" }).check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a run id (letters, digits, - and _)"));

export function toEstimate(e: RunEstimate): Estimate {
  return {
    productsTotal: e.products,
    productsToTryOn: e.productsToGenerate,
    productsSkipped: e.products - e.productsToGenerate,
    imagesToGenerate: e.imagesToGenerate,
    tryOnsToGenerate: e.tryOnsToGenerate,
    coloursToGenerate: e.coloursToGenerate,
    skipped: e.skipped.map((s) => ({ productId: s.productId, title: s.title ?? null, reason: s.reason })),
    dailyCap: e.dailyCap ? { limit: e.dailyCap.cap, remainingToday: e.dailyCap.remaining } : null,
    withinDailyCap: e.skippedCounts.daily_cap === 0,
    mayBeRefused: e.mayBeRefused,
    unjudged: e.unjudged,
    figures: e.figures,
  };
}

export function toSetting(f: EffectiveField): EffectiveSetting {
  const value = f.value as EffectiveSetting["value"];
  return { field: f.field, value, source: describeSource(f.source), level: f.source.level, ...(f.ignored ? { ignored: f.ignored } : {}) };
}

function toRunSummary(runId: string, progress: PipelineRunProgress): RunSummary {
  return {
    id: runId,
    status: progress.status,
    productsTotal: progress.products.total,
    productsSkipped: progress.products.skipped,
    imagesEstimated: progress.images.expected,
    appPath: appPaths.run(runId),
  };
}

/** Maps the pipeline's typed failures to HTTP answers with merchant text. */
function mapFailure(error: unknown): never {
  if (error instanceof StartRunInputError) {
    const fields = Object.fromEntries(error.issues.map((i) => [i.field, i.message]));
    throw new ApiHttpError(400, `Check ${Object.keys(fields).join(", ")}: ${error.issues[0]?.message ?? "invalid"}.`, fields);
  }
  if (error instanceof MissingCredentialsError) {
    throw new ApiHttpError(409, "Connect your Aidge account first: open Fitting Room → Settings and enter the app key and secret.");
  }
  if (error instanceof MissingSessionError) {
    throw new ApiHttpError(503, "Fitting Room cannot reach your Shopify admin right now. Open the app once to reconnect it, then try again.");
  }
  if (error instanceof CatalogError) {
    console.warn(`[api] catalog failure: ${error.name}: ${error.message}`);
    throw new ApiHttpError(503, "Shopify did not answer Fitting Room's product query. Wait a moment and try again.");
  }
  throw error;
}

async function started(pipeline: Pipeline, shop: string, result: StartRunResult): Promise<Response> {
  if (!result.runId) throw new Error("startRun returned no run id for a real run");
  const progress = await pipeline.getRunProgress(shop, result.runId);
  const run: RunSummary = progress
    ? toRunSummary(result.runId, progress)
    : {
        id: result.runId,
        status: "running",
        productsTotal: result.estimate.products,
        productsSkipped: result.estimate.products - result.estimate.productsToGenerate,
        imagesEstimated: result.estimate.imagesToGenerate,
        appPath: appPaths.run(result.runId),
      };
  const body: RunStarted = { run, estimate: toEstimate(result.estimate) };
  return jsonResponse(body, 202);
}

export function createTryOnApi(getPipeline: () => Pipeline) {
  return {
    /** GET /api/products/:id/tryon — status, effective settings with sources, choices, app link. */
    async productStatus({ shop, params }: ApiContext): Promise<Response> {
      const id = parseOr400(numericIdSchema, params.id, "id");
      const gid = `gid://shopify/Product/${id}`;
      const pipeline = getPipeline();
      const effective = await pipeline.effectiveProductSettings(shop, gid).catch(mapFailure);
      if (!effective) throw notFound("This product");
      const [jobs, pending] = await Promise.all([
        pipeline.listProductJobs(shop, gid, { take: 100 }),
        pipeline.listReviewImages(shop, { productId: gid, review: "pending", take: 100 }),
      ]);
      const last = jobs.items[0] ?? null;
      const attached = jobs.items.reduce((n, j) => n + ((j as { imagesAttached?: number }).imagesAttached ?? 0), 0);
      const awaiting = pending.items.length;
      const state = last && isJobState(last.state) ? last.state : "none";
      let label = state === "none" ? "Not tried on yet." : `${STATE_LABELS[state as keyof typeof STATE_LABELS]}.`;
      if (awaiting) label += ` ${awaiting}${pending.nextCursor ? "+" : ""} image${awaiting === 1 ? " is" : "s are"} waiting for your review.`;
      if (!effective.garment.chosen) label += ` ${effective.garment.reason}`;
      const body: ProductTryOnStatus = {
        product: { id: gid, title: effective.title },
        status: {
          state,
          label: label.trim(),
          message: last?.state === "failed" ? (last.errorMessage ?? "The last try-on failed.") : null,
          lastRunId: last?.runId ?? null,
          imagesAwaitingReview: awaiting,
          imagesAttached: attached,
        },
        settings: effective.fields.map(toSetting),
        choices: {
          // The model library is the merchant's, at Aidge: no list to pick from (kept empty for old clients).
          models: [],
          modelNameExamples: [...DOCUMENTED_MODEL_NAMES],
          viewTypes: [...VIEW_TYPES],
        },
        appPath: appPaths.product(gid),
      };
      return jsonResponse(body);
    },

    /** POST /api/products/:id/tryon — starts a try-on of one product with the given overrides. */
    async productTryOn({ shop, params, request }: ApiContext): Promise<Response> {
      const id = parseOr400(numericIdSchema, params.id, "id");
      const gid = `gid://shopify/Product/${id}`;
      const body = await readJson(request, productTryOnRequestSchema);
      const pipeline = getPipeline();
      // One cheap lookup first, so an unknown product (or another shop's) is a 404 and creates no run.
      const catalog = await pipeline.deps.catalogFor(shop).catch(mapFailure);
      const product = await catalog.getProduct(gid).catch(mapFailure);
      if (!product) throw notFound("This product");
      const idempotencyKey = request.headers.get("Idempotency-Key") ?? undefined;
      const result = await pipeline.startRun(shop, { type: "product", productId: gid }, body.overrides ?? {}, { force: body.force, idempotencyKey }).catch(mapFailure);
      return started(pipeline, shop, result);
    },

    /** POST /api/estimate — a dry run: products, images, skipped with reasons, the daily cap. */
    async estimate({ shop, request }: ApiContext): Promise<Response> {
      const body = await readJson(request, estimateRequestSchema);
      const pipeline = getPipeline();
      const result = await pipeline.startRun(shop, body.scope, body.overrides ?? {}, { dryRun: true, force: body.force }).catch(mapFailure);
      let settings: EffectiveSetting[] = [];
      let scopeTitle: string | null = null;
      if (body.scope.type === "collection") {
        // What the collection's products start from: shop → collection (a product's own settings still win).
        const [shopRow, row] = await Promise.all([getShopSettings(shop), pipeline.getCollectionSettings(shop, body.scope.collectionId)]);
        scopeTitle = row?.collectionTitle ?? null;
        const resolved = resolveSettings({
          shop: patchFromRow(shopRow),
          collections: row ? [{ collectionId: row.collectionId, title: row.collectionTitle, updatedAt: row.updatedAt, settings: patchFromRow(row) }] : [],
          runCollectionId: body.scope.collectionId,
        });
        settings = resolved.fields.map(toSetting);
      }
      const response: EstimateResponse = { estimate: toEstimate(result.estimate), settings, scopeTitle };
      return jsonResponse(response);
    },

    /** POST /api/runs — starts a run for a product, a selection or a collection. */
    async startRun({ shop, request }: ApiContext): Promise<Response> {
      const body = await readJson(request, runRequestSchema);
      const pipeline = getPipeline();
      // Selections and collections are planned by the runner in the background: the answer is the run id
      // at once. The same Idempotency-Key returns the same run (an extension retry never starts two).
      const idempotencyKey = request.headers.get("Idempotency-Key") ?? undefined;
      const result = await pipeline
        .startRun(shop, body.scope, body.overrides ?? {}, { force: body.force, background: body.scope.type !== "product", idempotencyKey })
        .catch(mapFailure);
      return started(pipeline, shop, result);
    },

    /** GET /api/runs/:id — progress by state; another shop's run is a 404. */
    async runProgress({ shop, params }: ApiContext): Promise<Response> {
      const runId = parseOr400(runIdSchema, params.id, "id");
      const progress = await getPipeline().getRunProgress(shop, runId);
      if (!progress) throw notFound("This run");
      const finished = progress.status === "completed" || progress.status === "cancelled";
      const body: RunProgress = { run: toRunSummary(runId, progress), counts: { ...progress.jobs }, finished };
      return jsonResponse(body);
    },
  };
}
