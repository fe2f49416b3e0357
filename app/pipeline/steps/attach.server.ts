/** attach: attaching → attached | awaiting_review | removed | failed, from the Files copies (idempotent). */
import type { TryOnImage, TryOnJob } from "@prisma/client";
import { AdminHttpError, CatalogNotFoundError, CatalogUserError } from "../../catalog";
import { backoffDelay } from "../../tryon/retry";
import { altTextFor } from "../alt-text";
import { applyPlacement } from "../placement.server";
import { showOnColourVariants } from "../variant-media.server";
import { PIPELINE_ERROR_CODES } from "../../jobs/job-state";
import { readJobSettings } from "../job-settings";
import { MissingSessionError, type CatalogPort } from "../ports";
import { d, withHeartbeat, releaseLease, fail, type StepConfig, type StepContext, type StepOutcome } from "./step-context";

function viewTypeOf(job: TryOnJob): string {
  return readJobSettings(job.settingsJson).viewType ?? "fullbody";
}

/** An `attaching` image whose worker has not refreshed attachStartedAt for this long is presumed dead. */
export const attachStaleMs = (config: StepConfig) => config.leaseMs.attach * 2;

/** While the Files copy is being made or processed, look again this soon, ms. */
const COPY_WAIT_MS = 300;

/**
 * Attaches a job's approved images from their Files copies: one `fileUpdate` `referencesToAdd` for all
 * of them, in the order the merchant approved them. Adding a file the product already shows changes
 * nothing, so an image found `attaching` after a crash is simply sent again: exactly once without any
 * marker in the alt text. An image whose copy is not READY yet waits (the copier wakes us); one whose
 * copy failed (the provider's URL expired first, Shopify refused it) fails with the reason.
 */
export async function attachStep(ctx: StepContext, job: TryOnJob, owner: string): Promise<StepOutcome> {
  const { deps, models, config } = ctx;
  if (job.state !== "attaching") return { lost: true };
  const approved = (await models.images.forJob(job.id))
    .filter((i) => i.review === "approved" && (i.attachState === "stored" || i.attachState === "attaching"))
    .sort((a, b) => (a.approvedAt?.getTime() ?? 0) - (b.approvedAt?.getTime() ?? 0) || a.position - b.position);

  let waitCopy = false;
  let retryLater = false;
  const ready: TryOnImage[] = [];
  for (const image of approved) {
    if (image.copyState === "failed" || image.copyState === "deleted") {
      const message = image.copyState === "failed" ? (image.errorMessage ?? "The generated image could not be saved to the shop's Files.") : "The saved copy of this image was deleted from the shop's Files.";
      await models.images.setAttachState(image.id, ["stored", "attaching"], { attachState: "failed", errorMessage: message });
    } else if (image.copyState === "copied" && image.fileId && image.fileUrl) {
      ready.push(image);
    } else {
      waitCopy = true;
    }
  }

  if (ready.length) {
    if (!(await models.jobs.extendLease(job.id, owner, deps.clock.now() + config.leaseMs.attach))) return { lost: true };
    const now = deps.clock.now();
    for (const image of ready) {
      await models.images.setAttachState(image.id, ["stored", "attaching"], { attachState: "attaching", attachAttempts: { increment: 1 }, attachStartedAt: d(now) });
    }
    const disclosure = (await deps.db.shopSettings.findUnique({ where: { shop: job.shop }, select: { altDisclosure: true } }))?.altDisclosure ?? null;
    const alt = altTextFor({ productTitle: job.productTitle, viewType: viewTypeOf(job), disclosure, colour: job.colour });
    const attempts = Math.max(...ready.map((i) => i.attachAttempts + 1));
    try {
      const catalog = await deps.catalogFor(job.shop);
      await withHeartbeat(ctx, job.id, owner, config.leaseMs.attach, () => catalog.files.attachFiles(job.productId, ready.map((i) => ({ id: i.fileId!, alt }))));
      for (const image of ready) {
        await deps.hooks?.afterAttachBeforeRecord?.({ jobId: job.id, imageId: image.id, mediaId: image.fileId! });
        await models.images.markAttached(image, image.fileId!, alt);
      }
      // A colour's variants show its first approved result (ADR 0012); the product has it either way.
      await showOnColourVariants(deps, job, catalog).catch((error) => deps.log.warn("showing the try-on on the colour's variants failed", { jobId: job.id, colour: job.colour, error: (error as Error).message }));
      await placeAttached(ctx, job, catalog).catch((error) => deps.log.warn("placing attached images failed", { jobId: job.id, error: (error as Error).message }));
    } catch (error) {
      if (error instanceof MissingSessionError) {
        await fail(ctx, job, "attaching", owner, PIPELINE_ERROR_CODES.noSession, error.message);
        return {};
      }
      const gone = error instanceof CatalogUserError && error.userErrors.some((e) => e.code === "REFERENCE_TARGET_DOES_NOT_EXIST" || /reference/i.test(e.field?.join(".") ?? ""));
      if (error instanceof CatalogNotFoundError || gone) {
        await fail(ctx, job, "attaching", owner, PIPELINE_ERROR_CODES.productGone, "The product was deleted from the shop, so the try-on images could not be added.");
        return {};
      }
      const retryable = error instanceof AdminHttpError ? error.retryable : !(error instanceof CatalogUserError);
      deps.log.warn("attach failed", { jobId: job.id, error: (error as Error).message, attempts });
      if (!retryable || attempts >= config.maxAttachAttempts) {
        for (const image of ready) await models.images.setAttachState(image.id, "attaching", { attachState: "failed", errorMessage: "Adding the image to the product failed. Try approving it again later." });
      } else retryLater = true;
    }
  }

  const now = deps.clock.now();
  const t = await models.images.tally(job.id);
  await deps.hooks?.beforeAttachSettle?.({ jobId: job.id });
  if (retryLater || waitCopy || t.toAttach > 0 || t.attaching > 0) {
    const attempt = Math.max(1, ...approved.map((i) => i.attachAttempts + 1));
    const delay = retryLater ? backoffDelay(attempt - 1, { baseDelayMs: config.retryBaseMs, maxDelayMs: config.retryMaxMs }) : COPY_WAIT_MS;
    await models.jobs.release(job.id, owner, "attaching", now + delay);
    return {};
  }
  const failedNote = t.failed ? `${t.failed} of ${t.total} images could not be added to the product.` : null;
  if (t.pending > 0) {
    const waiting = await models.jobs.transition(job.id, { from: "attaching", to: "awaiting_review", owner, data: { ...releaseLease, errorMessage: failedNote } });
    // A merchant approval that landed after the count above found the job `attaching` and left it to
    // us: count again now that the job is back in review, and attach what was approved meanwhile.
    // (An approval landing after this transition finds `awaiting_review` and moves the job itself.)
    if (waiting && (await models.images.tally(job.id)).toAttach > 0) {
      if (await models.jobs.transition(job.id, { from: "awaiting_review", to: "attaching", data: { availableAt: d(deps.clock.now()), finishedAt: null } })) ctx.wake?.();
    }
  } else if (t.attached > 0) {
    await models.jobs.transition(job.id, { from: "attaching", to: "attached", owner, data: { ...releaseLease, finishedAt: d(now), errorCode: failedNote ? PIPELINE_ERROR_CODES.attach : null, errorMessage: failedNote } });
  } else if (t.failed > 0) {
    const first = (await models.images.forJob(job.id)).find((i) => i.attachState === "failed");
    await fail(ctx, job, "attaching", owner, PIPELINE_ERROR_CODES.attach, first?.errorMessage ?? "The images could not be added to the product.");
  } else {
    await models.jobs.transition(job.id, { from: "attaching", to: "removed", owner, data: { ...releaseLease, finishedAt: d(now), errorMessage: "All images were rejected in review." } });
  }
  return {};
}

/** Placement (issue 15.5) is applied after attaching; see placement.server.ts. */
async function placeAttached(ctx: StepContext, job: TryOnJob, catalog: CatalogPort): Promise<void> {
  await applyPlacement(ctx.deps, job.shop, job.productId, catalog);
}
