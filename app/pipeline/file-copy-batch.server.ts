/**
 * The copy pass: claim a batch of one shop's waiting images, recover files a crashed batch already
 * made, download and mark the rest as AI-made, and send them to Files in one staged upload and one
 * fileCreate. The order of the writes here is what makes the copy exactly-once (file-copy.server.ts).
 */
import { randomUUID } from "node:crypto";
import type { TryOnImage } from "@prisma/client";
import type { NewFile } from "../catalog/files";
import { CatalogUserError, MissingSessionError } from "../catalog/errors";
import { withProvenance } from "../images/provenance";
import { UnsafeDownloadError } from "../security/download-policy";
import type { DominantColour } from "../images/colour-fidelity";
import { altTextFor } from "./alt-text";
import { COLOUR_CHECK_PENDING, flatLayColoursOf, judgeResultBytes, logDiffers, type ColourFields } from "./colour-check.server";
import type { PipelineDeps } from "./context.server";
import type { CopyPass } from "./file-copy-config";
import { copyFilename } from "./file-copy-names";
import { readJobSettings } from "./job-settings";
import type { CatalogPort } from "./ports";

type JobInfo = { id: string; shop: string; productTitle: string; settingsJson: string; garmentImageUrl: string };

function viewOf(settingsJson: string): string {
  return readJobSettings(settingsJson).viewType ?? "";
}

const disclosureOf = async (db: PipelineDeps["db"], shop: string) => (await db.shopSettings.findUnique({ where: { shop }, select: { altDisclosure: true } }))?.altDisclosure ?? null;

async function failCopy({ deps, stats }: CopyPass, image: Pick<TryOnImage, "id">, token: string, message: string) {
  stats.failed++;
  await deps.db.tryOnImage.updateMany({ where: { id: image.id, copyOwner: token }, data: { copyState: "failed", copyOwner: null, errorMessage: message } });
  // Its colour check was to run on the copy's bytes: it cannot now.
  await deps.db.tryOnImage.updateMany({ where: { id: image.id, colourCheck: COLOUR_CHECK_PENDING }, data: { colourCheck: "unchecked" } });
}

/** Claims a batch of one shop: waiting images, and batches whose process died. */
export async function claimCopyBatch(pass: CopyPass): Promise<{ token: string; shop: string; images: TryOnImage[] } | null> {
  const { deps, config, shopFilter } = pass;
  const db = deps.db;
  const now = deps.clock.now();
  const staleBefore = new Date(now - config.staleMs);
  const waiting = { OR: [{ copyState: "none", review: { not: "rejected" } }, { copyState: "copying", copyStartedAt: { lt: staleBefore } }] };
  const first = await db.tryOnImage.findFirst({ where: { ...shopFilter, ...waiting }, orderBy: { createdAt: "asc" }, select: { shop: true } });
  if (!first) return null;
  const candidates = await db.tryOnImage.findMany({ where: { shop: first.shop, ...waiting }, orderBy: { createdAt: "asc" }, take: config.batchSize, select: { id: true } });
  const token = randomUUID();
  await db.tryOnImage.updateMany({
    where: { id: { in: candidates.map((c) => c.id) }, ...waiting },
    data: { copyState: "copying", copyOwner: token, copyStartedAt: new Date(now), copyAttempts: { increment: 1 } },
  });
  const images = await db.tryOnImage.findMany({ where: { copyOwner: token, copyState: "copying" }, orderBy: { createdAt: "asc" } });
  return images.length ? { token, shop: first.shop, images } : null;
}

export async function copyBatch(pass: CopyPass, token: string, shop: string, claimed: TryOnImage[]): Promise<void> {
  const { deps, config, stats, onCopied, submitsWaiting } = pass;
  const db = deps.db;
  let catalog: CatalogPort;
  try {
    catalog = await deps.catalogFor(shop);
  } catch (error) {
    // No session (uninstalled): the attach step reports it; these copies wait (stale → retried).
    deps.log.warn("copying results to Files: no Admin access", { shop, error: (error as Error).message });
    return;
  }
  // A batch that died after fileCreate: its files exist under their names.
  const images: TryOnImage[] = [];
  for (const image of claimed) {
    if (image.fileName) {
      const found = await catalog.files.findByFilename(image.fileName);
      if (found) {
        stats.recovered++;
        deps.log.info("copy recovered: the file was already in Files", { imageId: image.id, fileId: found.id });
        await db.tryOnImage.updateMany({ where: { id: image.id, copyOwner: token }, data: { copyState: "copied", copyOwner: null, fileId: found.id, fileUrl: found.url, copyStartedAt: new Date(deps.clock.now()) } });
        continue;
      }
    }
    if (image.copyAttempts > config.maxAttempts) {
      await failCopy(pass, image, token, "The generated image could not be saved to the shop's Files. Generate this product again.");
      continue;
    }
    images.push(image);
  }
  if (!images.length) return;

  const jobs = new Map<string, JobInfo>(
    (await db.tryOnJob.findMany({ where: { id: { in: [...new Set(images.map((i) => i.jobId))] } }, select: { id: true, shop: true, productTitle: true, settingsJson: true, garmentImageUrl: true } })).map((j) => [j.id, j]),
  );
  const disclosure = await disclosureOf(db, shop);
  // Results whose colour check waits for this copy (colour-check.server.ts): the flat lay's colours
  // are read once per job in the batch, each result is judged on the bytes downloaded to copy it.
  const flatLays = new Map<string, Promise<DominantColour[] | null>>();
  const flatLayOf = (job: JobInfo) => {
    if (!flatLays.has(job.id)) flatLays.set(job.id, flatLayColoursOf(deps, job));
    return flatLays.get(job.id)!;
  };

  // Download, mark as AI-made, name: a few at a time.
  const ready: Array<{ image: TryOnImage; file: NewFile; colour: ColourFields }> = [];
  let next = 0;
  const worker = async () => {
    while (next < images.length) {
      const image = images[next++];
      const job = jobs.get(image.jobId);
      const alt = altTextFor({ productTitle: job?.productTitle ?? "product", viewType: viewOf(job?.settingsJson ?? "{}"), disclosure });
      try {
        const downloaded = await deps.downloadResult(image.providerUrl);
        const colour = image.colourCheck === COLOUR_CHECK_PENDING && job ? await judgeResultBytes(deps, job, await flatLayOf(job), downloaded.bytes) : {};
        const marked = await withProvenance(downloaded.bytes, downloaded.contentType, { description: alt });
        const filename = copyFilename(job?.productTitle ?? "product", image.position, image.id, marked.mimeType);
        ready.push({ image, file: { filename, mimeType: marked.mimeType, bytes: marked.bytes, alt }, colour });
      } catch (error) {
        const transient = error instanceof UnsafeDownloadError ? error.reason === "timeout" || error.reason === "network" : false;
        if (error instanceof UnsafeDownloadError && !transient) {
          await failCopy(pass, image, token, "The generated image was no longer available from the try-on service, so it could not be kept. Generate this product again.");
        } else if (image.copyAttempts >= config.maxAttempts) {
          await failCopy(pass, image, token, "The generated image could not be downloaded to keep a copy. Generate this product again.");
        } else {
          // Transient: back in the queue for the next batch.
          await db.tryOnImage.updateMany({ where: { id: image.id, copyOwner: token }, data: { copyState: "none", copyOwner: null } });
        }
        deps.log.warn("copying a result to Files: download failed", { imageId: image.id, error: (error as Error).message });
      }
    }
  };
  const streams = submitsWaiting?.() ? config.whileSubmittingDownloadConcurrency : config.downloadConcurrency;
  await Promise.all(Array.from({ length: Math.max(1, Math.min(streams, images.length)) }, worker));
  if (!ready.length) return;

  // The names go in first: they are how a crash after fileCreate is recovered. The colour verdicts
  // with them, so Review (which shows a result once its copy is ready) always has them.
  for (const r of ready) await db.tryOnImage.updateMany({ where: { id: r.image.id, copyOwner: token }, data: { fileName: r.file.filename, ...r.colour } });
  for (const job of jobs.values()) {
    if (flatLays.has(job.id)) logDiffers(deps, job, ready.filter((r) => r.image.jobId === job.id).map((r) => r.colour));
  }

  let created: Array<{ id: string; status: string }>;
  try {
    created = await catalog.files.createFiles(ready.map((r) => r.file));
  } catch (error) {
    if (error instanceof MissingSessionError) return;
    deps.log.warn("copying results to Files failed; retrying later", { shop, images: ready.length, error: (error as Error).message });
    const refused = error instanceof CatalogUserError;
    for (const r of ready) {
      if (refused || r.image.copyAttempts >= config.maxAttempts) await failCopy(pass, r.image, token, "Shopify did not accept the generated image into Files. Generate this product again.");
      // else: stays `copying`; once stale, the next batch looks it up by name, then copies it again.
    }
    return;
  }
  stats.batches++;
  stats.filesCopied += created.length;
  await deps.hooks?.afterCopyBeforeRecord?.({ imageIds: ready.map((r) => r.image.id), fileIds: created.map((c) => c.id) });
  const now = new Date(deps.clock.now());
  for (let i = 0; i < ready.length; i++) {
    await db.tryOnImage.updateMany({ where: { id: ready[i].image.id, copyOwner: token }, data: { copyState: "copied", copyOwner: null, fileId: created[i].id, copyStartedAt: now } });
  }
  onCopied?.();
}
