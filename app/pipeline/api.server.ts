/**
 * The pipeline's services as plain functions over the production runtime — what routes, webhooks,
 * extension endpoints and the CLI import. Each takes the shop first and only ever touches that shop's
 * rows. (Tests build their own with createPipeline(deps).)
 */
import type { PageArgs } from "../persistence/runs.server";
import type { ReviewListArgs } from "../persistence/images.server";
import type { SettingsPatch } from "../settings/fields";
import type { CatalogPort } from "./ports";
import type { ImageTarget } from "./review.server";
import type { JobListArgs } from "./run-control.server";
import { pipeline } from "./runtime.server";
import type { RunScope, StartRunOptions } from "./start-run.server";

export { ensureRunnerStarted, pipeline, stopRunner } from "./runtime.server";
export { StartRunInputError, runScopeSchema, type RunScope, type StartRunOptions, type StartRunResult, type RunEstimate, type SkippedProduct } from "./start-run.server";
export { MissingCredentialsError, MissingSessionError } from "./ports";

/** Plans a run (or only estimates it with `{ dryRun: true }`) and queues its jobs. */
export const startRun = (shop: string, scope: RunScope, overrides: SettingsPatch | Record<string, unknown> = {}, options: StartRunOptions = {}) =>
  pipeline().startRun(shop, scope, overrides, options);
/** Per-run counters by state (one grouped query); null when the run is not the shop's. */
export const getRunProgress = (shop: string, runId: string) => pipeline().getRunProgress(shop, runId);
export const cancelRun = (shop: string, runId: string) => pipeline().cancelRun(shop, runId);
export const retryRun = (shop: string, runId: string) => pipeline().retryRun(shop, runId);

export const listRuns = (shop: string, args?: PageArgs) => pipeline().listRuns(shop, args);
export const listRunJobs = (shop: string, runId: string, args?: JobListArgs) => pipeline().listRunJobs(shop, runId, args);
export const listProductJobs = (shop: string, productId: string, args?: PageArgs) => pipeline().listProductJobs(shop, productId, args);
export const listReviewImages = (shop: string, args?: ReviewListArgs) => pipeline().listReviewImages(shop, args);
export const getJob = (shop: string, jobId: string) => pipeline().getJob(shop, jobId);

/** Approve / reject pending images: `{ imageIds }`, `{ jobId }`, `{ runId }` or `{ productId }`. */
export const approve = (shop: string, target: ImageTarget, options?: { leadImageIds?: string[] }) => pipeline().approve(shop, target, options);
export const reject = (shop: string, target: ImageTarget) => pipeline().reject(shop, target);
/** Undo: remove attached try-on media again. Pass `catalog` to use a request's admin instead of the offline session. */
export const undoImages = (shop: string, imageIds: string[], catalog?: CatalogPort) => pipeline().undoImages(shop, imageIds, catalog);
export const undoProduct = (shop: string, productId: string, catalog?: CatalogPort) => pipeline().undoProduct(shop, productId, catalog);
export const undoRun = (shop: string, runId: string, catalog?: CatalogPort) => pipeline().undoRun(shop, runId, catalog);

export const getCollectionSettings = (shop: string, collectionId: string) => pipeline().getCollectionSettings(shop, collectionId);
export const saveCollectionSettings = (shop: string, collectionId: string, input: unknown, title?: string | null) => pipeline().saveCollectionSettings(shop, collectionId, input, title);
export const clearCollectionSettings = (shop: string, collectionId: string) => pipeline().clearCollectionSettings(shop, collectionId);
export const getProductSettings = (shop: string, productId: string) => pipeline().getProductSettings(shop, productId);
export const saveProductSettings = (shop: string, productId: string, input: unknown) => pipeline().saveProductSettings(shop, productId, input);
export const clearProductSettings = (shop: string, productId: string) => pipeline().clearProductSettings(shop, productId);
/** Effective settings of a product with the source of every field, and the garment image choice. */
export const effectiveProductSettings = (shop: string, productId: string, options?: { runCollectionId?: string | null; overrides?: unknown; catalog?: CatalogPort }) =>
  pipeline().effectiveProductSettings(shop, productId, options);
