/**
 * Review and undo: the merchant approves or rejects results (per image or in bulk), and removes
 * attached try-on images again (one image, a product, or a whole run).
 */
import type { Prisma, TryOnImage } from "@prisma/client";
import { CatalogUserError } from "../catalog";
import { cancelRunJobs, transitionJob } from "../persistence/jobs.server";
import { createModels, type PipelineDeps } from "./context.server";
import { discardCopies } from "./file-copy-upkeep.server";
import type { CatalogPort } from "./ports";
import { restoreColourVariants } from "./variant-media.server";

/** Which images a bulk action applies to (all within one shop). */
export type ImageTarget = { imageIds: string[] } | { jobId: string } | { runId: string } | { productId: string };

function whereFor(target: ImageTarget): Prisma.TryOnImageWhereInput {
  if ("imageIds" in target) return { id: { in: target.imageIds } };
  if ("jobId" in target) return { jobId: target.jobId };
  if ("runId" in target) return { runId: target.runId };
  return { productId: target.productId };
}

export interface ReviewResult {
  /** Images whose review changed. */
  images: number;
  /** Jobs now queued to attach. */
  jobsToAttach: number;
}

export interface UndoResult {
  /** Media removed from products. */
  removed: number;
  /** Images whose media was already gone from Shopify (recorded as removed). */
  alreadyGone: number;
  /** Media Shopify refused to delete, with the reason. */
  failed: Array<{ imageId: string; message: string }>;
}

export function createReview(deps: PipelineDeps) {
  const models = createModels(deps.db);

  /**
   * Moves jobs whose images were just decided: approved images → attaching; nothing left to decide →
   * attached (some attached) or removed (all rejected).
   */
  async function settleJobs(shop: string, jobIds: string[]): Promise<number> {
    let toAttach = 0;
    const now = new Date(deps.clock.now());
    for (const jobId of jobIds) {
      const job = await models.jobs.get(shop, jobId);
      if (!job || (job.state !== "awaiting_review" && job.state !== "attached")) continue;
      const t = await models.images.tally(jobId);
      if (t.toAttach > 0) {
        if (await transitionJob(deps.db, jobId, { from: job.state, to: "attaching", shop, data: { availableAt: now, finishedAt: null } })) toAttach++;
      } else if (job.state === "awaiting_review" && t.pending === 0 && t.attaching === 0) {
        const to = t.attached > 0 ? "attached" : "removed";
        await transitionJob(deps.db, jobId, {
          from: "awaiting_review",
          to,
          shop,
          data: { finishedAt: now, ...(to === "removed" ? { errorMessage: "All images were rejected in review." } : {}) },
        });
      }
    }
    if (toAttach) deps.notify?.();
    return toAttach;
  }

  async function decide(shop: string, target: ImageTarget, decision: "approved" | "rejected", leadImageIds: string[] = []): Promise<ReviewResult> {
    const where = whereFor(target);
    const before = await deps.db.tryOnImage.count({ where: { ...where, shop, review: "pending", attachState: "stored" } });
    // The lead pick is recorded before the approval, so the attach step that follows places it first.
    if (decision === "approved" && leadImageIds.length) {
      const pending = await deps.db.tryOnImage.findMany({ where: { ...where, shop, id: { in: leadImageIds }, review: "pending", attachState: "stored" }, select: { id: true } });
      await models.images.markLead(shop, leadImageIds.filter((id) => pending.some((p) => p.id === id)));
    }
    const jobIds = await models.images.review(shop, where, decision);
    const jobsToAttach = await settleJobs(shop, jobIds);
    if (decision === "rejected") await discardRejected(shop, where);
    return { images: before, jobsToAttach };
  }

  /**
   * Rejected results leave no file: their Files copies are deleted now; when that fails (or a copy is
   * still being made), the copier's sweep deletes them shortly after.
   */
  async function discardRejected(shop: string, where: Prisma.TryOnImageWhereInput): Promise<void> {
    const images = await deps.db.tryOnImage.findMany({ where: { ...where, shop, review: "rejected", copyState: "copied", attachState: { not: "attached" } }, select: { id: true, fileId: true } });
    if (!images.length) return;
    await discardCopies(deps, shop, images).catch((error) => deps.log.warn("deleting rejected copies failed; the copier retries", { shop, error: (error as Error).message }));
    deps.notify?.();
  }

  /** Deletes the media of attached images from Shopify, then records them as removed. */
  async function removeMedia(shop: string, images: TryOnImage[], catalog?: CatalogPort): Promise<UndoResult> {
    const result: UndoResult = { removed: 0, alreadyGone: 0, failed: [] };
    const attached = images.filter((i) => i.attachState === "attached" && i.mediaId);
    if (!attached.length) return result;
    const cat = catalog ?? (await deps.catalogFor(shop));
    // Colour variants first: they get back the photo they showed before (ADR 0012).
    await restoreColourVariants(attached, cat).catch((error) => deps.log.warn("restoring the colour variants' photos failed", { shop, error: (error as Error).message }));
    for (let i = 0; i < attached.length; i += 50) {
      const chunk = attached.slice(i, i + 50);
      let deleted: Set<string>;
      try {
        deleted = new Set(await cat.deleteMedia(chunk.map((c) => c.mediaId!)));
      } catch (error) {
        if (!(error instanceof CatalogUserError)) throw error;
        // Some ids are refused (most often: the merchant already deleted them). Go one by one.
        deleted = new Set();
        for (const img of chunk) {
          try {
            for (const id of await cat.deleteMedia([img.mediaId!])) deleted.add(id);
          } catch (one) {
            if (!(one instanceof CatalogUserError)) throw one;
            const gone = one.userErrors.some((e) => /not exist|not found|does not exist/i.test(e.message) || e.code === "FILE_DOES_NOT_EXIST");
            if (gone) {
              deleted.add(img.mediaId!);
              result.alreadyGone++;
            } else result.failed.push({ imageId: img.id, message: one.message });
          }
        }
      }
      const done = chunk.filter((c) => deleted.has(c.mediaId!));
      result.removed += await models.images.markRemoved(done);
    }
    result.removed -= result.alreadyGone;
    // Jobs with nothing attached any more and nothing left to do are `removed`.
    const jobIds = [...new Set(attached.map((a) => a.jobId))];
    const now = new Date(deps.clock.now());
    for (const jobId of jobIds) {
      const t = await models.images.tally(jobId);
      if (t.attached === 0 && t.toAttach === 0 && t.attaching === 0 && t.pending === 0) {
        await transitionJob(deps.db, jobId, { from: ["attached", "awaiting_review"], to: "removed", shop, data: { finishedAt: now, errorMessage: "The try-on images were removed from the product." } });
      }
    }
    return result;
  }

  return {
    /**
     * Approves pending images (per image or in bulk); approved images are attached by the runner.
     * `leadImageIds`: approved images the merchant picked to lead their product's photos (placement).
     */
    approve: (shop: string, target: ImageTarget, options: { leadImageIds?: string[] } = {}) => decide(shop, target, "approved", options.leadImageIds),
    /** Rejects pending images; they are never attached. */
    reject: (shop: string, target: ImageTarget) => decide(shop, target, "rejected"),

    /** Undo for one or more images: removes their media from the product. */
    async undoImages(shop: string, imageIds: string[], catalog?: CatalogPort): Promise<UndoResult> {
      const images = await deps.db.tryOnImage.findMany({ where: { shop, id: { in: imageIds } } });
      return removeMedia(shop, images, catalog);
    },

    /** Undo for a product: removes every try-on image Fitting Room attached to it. */
    async undoProduct(shop: string, productId: string, catalog?: CatalogPort): Promise<UndoResult> {
      const images = await deps.db.tryOnImage.findMany({ where: { shop, productId, attachState: "attached" } });
      return removeMedia(shop, images, catalog);
    },

    /**
     * Undo for a run: stops its unfinished work, rejects what still waits for review, and removes every
     * image it attached. An image being attached at this moment finishes; undo the run again for it.
     */
    async undoRun(shop: string, runId: string, catalog?: CatalogPort): Promise<UndoResult> {
      const run = await models.runs.get(shop, runId);
      if (!run) return { removed: 0, alreadyGone: 0, failed: [] };
      await cancelRunJobs(deps.db, shop, runId, "Cancelled: the run was undone.");
      await deps.db.tryOnImage.updateMany({ where: { shop, runId, attachState: "stored", review: { in: ["pending", "approved"] } }, data: { review: "rejected" } });
      await discardRejected(shop, { runId });
      const images = await deps.db.tryOnImage.findMany({ where: { shop, runId, attachState: "attached" } });
      return removeMedia(shop, images, catalog);
    },

    settleJobs,
  };
}
export type Review = ReturnType<typeof createReview>;
