/**
 * The pipeline's dependencies in one object, passed to every service factory (dependency injection:
 * tests swap the database, the clock, the provider and the catalog).
 */
import type { PrismaClient } from "@prisma/client";
import { createCollectionSettingsModel } from "../persistence/collection-settings.server";
import { createImagesModel } from "../persistence/images.server";
import { createJobsModel } from "../persistence/jobs.server";
import { createProductSettingsModel } from "../persistence/product-settings.server";
import { createRunsModel } from "../persistence/runs.server";
import type { Clock } from "./clock";
import type { ColourCheckConfig } from "./colour-check-config";
import type { CatalogPort, DownloadedResult, Logger, TryOnPort } from "./ports";

export interface PipelineDeps {
  db: PrismaClient;
  clock: Clock;
  /** The provider client for a shop (its credentials). Throws MissingCredentialsError when there are none. */
  tryOnFor(shop: string): Promise<TryOnPort>;
  /** The shop's catalog over its offline session. Throws MissingSessionError when there is none. */
  catalogFor(shop: string): Promise<CatalogPort>;
  /** Downloads a result image (provider hosts only, bounded size, image/* only). */
  downloadResult(url: string): Promise<DownloadedResult>;
  /** Downloads a garment photo's small CDN rendition (Shopify's CDN only, bounded); for the colour check. */
  downloadGarment?(url: string): Promise<DownloadedResult>;
  /** The colour-fidelity check of results (off when absent). */
  colourCheck?: ColourCheckConfig;
  /** Options for judging garment looks: the fetch that reads ≤256 px renditions (default global fetch). */
  garmentOptions?: { fetch?: typeof fetch };
  log: Logger;
  /** Wakes the in-process runner when new work is queued (optional). */
  notify?: () => void;
  /** Test hooks to inject crashes at precise points. Never set in production. */
  hooks?: PipelineHooks;
}

export interface PipelineHooks {
  /** After Shopify added the file to the product, before the media id is stored (the exactly-once window). */
  afterAttachBeforeRecord?(info: { jobId: string; imageId: string; mediaId: string }): Promise<void> | void;
  /** After fileCreate made the Files copies of a batch, before their ids are stored. */
  afterCopyBeforeRecord?(info: { imageIds: string[]; fileIds: string[] }): Promise<void> | void;
  /** After an attach pass counted the job's images, before it moves the job on (a review may land here). */
  beforeAttachSettle?(info: { jobId: string }): Promise<void> | void;
  /** After the submit request was answered, before the task id is stored. */
  afterSubmitBeforeRecord?(info: { jobId: string; taskId: string }): Promise<void> | void;
}

export function createModels(db: PrismaClient) {
  return {
    jobs: createJobsModel(db),
    runs: createRunsModel(db),
    images: createImagesModel(db),
    collectionSettings: createCollectionSettingsModel(db),
    productSettings: createProductSettingsModel(db),
  };
}
export type Models = ReturnType<typeof createModels>;
