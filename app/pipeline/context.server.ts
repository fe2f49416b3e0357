/**
 * The pipeline's dependencies in one object, passed to every service factory (dependency injection:
 * tests swap the database, the clock, the provider and the catalog).
 */
import type { PrismaClient } from "@prisma/client";
import { createCollectionSettingsModel } from "../models/collection-settings.server";
import { createImagesModel } from "../models/images.server";
import { createJobsModel } from "../models/jobs.server";
import { createProductSettingsModel } from "../models/product-settings.server";
import { createRunsModel } from "../models/runs.server";
import type { ChooseGarmentOptions } from "../catalog";
import type { Clock } from "./clock";
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
  /** Options for the garment choice (e.g. the fetch it uses). */
  garmentOptions?: Partial<ChooseGarmentOptions>;
  log: Logger;
  /** Wakes the in-process runner when new work is queued (optional). */
  notify?: () => void;
  /** Test hooks to inject crashes at precise points. Never set in production. */
  hooks?: PipelineHooks;
}

export interface PipelineHooks {
  /** After Shopify added the image, before the media id is stored (the exactly-once window). */
  afterAttachBeforeRecord?(info: { jobId: string; imageId: string; mediaId: string }): Promise<void> | void;
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
