/**
 * Durable copies of results in the shop's Files (issue 13.2). Provider result URLs expire (object-
 * storage links); the merchant may approve days later. So the moment a task's results are stored, each
 * result is copied into the shop's Files — unattached, with its alt text, a clear file name and the AI
 * provenance XMP — and Review shows that copy; attaching later adds the file to the product.
 *
 * Batched across jobs: one pass takes up to `batchSize` waiting images of a shop (from any jobs and
 * runs), downloads them, and sends ONE `stagedUploadsCreate` and ONE `fileCreate` for all of them, so a
 * run at the provider's full rate costs a few Admin API points per result instead of a few calls each.
 * A pass runs when a batch is full or `flushMs` after the previous one.
 *
 * Exactly once, crash-safe, several processes at once:
 *   copyState: none → copying (claimed by a batch token, copyStartedAt) → copied (fileId) | failed
 *              copied → deleted (rejected, undone)
 * The file name (unique per image) is stored BEFORE fileCreate; a batch found `copying` after its
 * process died (copyStartedAt older than `staleMs`) first looks its files up by name and records those
 * it finds, so a crash between fileCreate and recording never makes a second file.
 * A second pass reads the status of copied files (UPLOADED → PROCESSING → READY | FAILED) and stores
 * the CDN URL once READY; a third deletes copies of images rejected meanwhile.
 */
import { createHash, randomUUID } from "node:crypto";
import type { TryOnImage } from "@prisma/client";
import type { NewFile } from "../catalog/files";
import { CatalogUserError, MissingSessionError } from "../catalog/errors";
import { withProvenance } from "../images/provenance";
import { UnsafeDownloadError } from "../security/safe-download";
import { altTextFor } from "./alt-text";
import type { PipelineDeps } from "./context.server";
import type { CatalogPort } from "./ports";

export interface FileCopyConfig {
  /** Most images per staged-upload + fileCreate; default 50. */
  batchSize: number;
  /** Longest wait before a partial batch is sent, ms; default 250. */
  flushMs: number;
  /** A `copying` batch whose process has not finished it this long is presumed dead, ms; default 120_000. */
  staleMs: number;
  /** Tries per image before its copy fails; default 5. */
  maxAttempts: number;
  /** Gap between status checks of one processing file, ms; default 500. */
  readyPollMs: number;
  /** Downloads from the provider at once; default 4. */
  downloadConcurrency: number;
  /** Only these shops (tests); default all. */
  shops?: string[];
}

export const DEFAULT_FILE_COPY_CONFIG: FileCopyConfig = { batchSize: 50, flushMs: 250, staleMs: 120_000, maxAttempts: 5, readyPollMs: 500, downloadConcurrency: 4 };

export const COPY_STATES = ["none", "copying", "copied", "failed", "deleted"] as const;
export type CopyState = (typeof COPY_STATES)[number];

export interface FileCopyStats {
  /** Files created in Shopify. */
  filesCopied: number;
  /** Copies found again by name after a crash (no second file). */
  recovered: number;
  /** fileCreate calls (one per batch). */
  batches: number;
  failed: number;
  /** Copies of rejected images deleted. */
  discarded: number;
}

const EXT: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

/** "linen-midi-dress" from "Linen Midi Dress"; ASCII, at most 60 characters. */
export function slugify(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
  return slug || "product";
}

/** "linen-midi-dress-tryon-1-3f9a0c.jpg": clear to the merchant, unique per image (the short hash). */
export function copyFilename(productTitle: string, position: number, imageId: string, mimeType: string): string {
  const hash = createHash("sha256").update(imageId).digest("hex").slice(0, 6);
  return `${slugify(productTitle)}-tryon-${position}-${hash}.${EXT[mimeType] ?? "jpg"}`;
}

type JobInfo = { productTitle: string; settingsJson: string };

function viewOf(settingsJson: string): string {
  try {
    return (JSON.parse(settingsJson) as { viewType?: string }).viewType ?? "";
  } catch {
    return "";
  }
}

export interface FileCopier {
  start(): void;
  stop(): Promise<void>;
  /** New results stored: copy soon. */
  wake(): void;
  /** One pass (copy, status, discard); returns how many images it handled. */
  tick(): Promise<number>;
  stats(): FileCopyStats;
}

export function createFileCopier(deps: PipelineDeps, partial: Partial<FileCopyConfig> = {}, onCopied?: () => void): FileCopier {
  const config: FileCopyConfig = { ...DEFAULT_FILE_COPY_CONFIG, ...partial };
  const db = deps.db;
  const stats: FileCopyStats = { filesCopied: 0, recovered: 0, batches: 0, failed: 0, discarded: 0 };
  const shopFilter = config.shops ? { shop: { in: config.shops } } : {};
  let running = false;
  let loopDone: Promise<void> | null = null;
  let wakeResolve: (() => void) | null = null;
  let wakePending = false;

  const disclosureOf = async (shop: string) => (await db.shopSettings.findUnique({ where: { shop }, select: { altDisclosure: true } }))?.altDisclosure ?? null;

  async function failCopy(image: Pick<TryOnImage, "id">, token: string, message: string) {
    stats.failed++;
    await db.tryOnImage.updateMany({ where: { id: image.id, copyOwner: token }, data: { copyState: "failed", copyOwner: null, errorMessage: message } });
  }

  /** Claims a batch of one shop: waiting images, and batches whose process died. */
  async function claim(): Promise<{ token: string; shop: string; images: TryOnImage[] } | null> {
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

  async function copyBatch(token: string, shop: string, claimed: TryOnImage[]): Promise<void> {
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
        await failCopy(image, token, "The generated image could not be saved to the shop's Files. Generate this product again.");
        continue;
      }
      images.push(image);
    }
    if (!images.length) return;

    const jobs = new Map<string, JobInfo>(
      (await db.tryOnJob.findMany({ where: { id: { in: [...new Set(images.map((i) => i.jobId))] } }, select: { id: true, productTitle: true, settingsJson: true } })).map((j) => [j.id, j]),
    );
    const disclosure = await disclosureOf(shop);

    // Download, mark as AI-made, name: a few at a time.
    const ready: Array<{ image: TryOnImage; file: NewFile }> = [];
    let next = 0;
    const worker = async () => {
      while (next < images.length) {
        const image = images[next++];
        const job = jobs.get(image.jobId);
        const alt = altTextFor({ productTitle: job?.productTitle ?? "product", viewType: viewOf(job?.settingsJson ?? "{}"), disclosure });
        try {
          const downloaded = await deps.downloadResult(image.providerUrl);
          const marked = await withProvenance(downloaded.bytes, downloaded.contentType, { description: alt });
          const filename = copyFilename(job?.productTitle ?? "product", image.position, image.id, marked.mimeType);
          ready.push({ image, file: { filename, mimeType: marked.mimeType, bytes: marked.bytes, alt } });
        } catch (error) {
          const transient = error instanceof UnsafeDownloadError ? error.reason === "timeout" || error.reason === "network" : false;
          if (error instanceof UnsafeDownloadError && !transient) {
            await failCopy(image, token, "The generated image was no longer available from the try-on service, so it could not be kept. Generate this product again.");
          } else if (image.copyAttempts >= config.maxAttempts) {
            await failCopy(image, token, "The generated image could not be downloaded to keep a copy. Generate this product again.");
          } else {
            // Transient: back in the queue for the next batch.
            await db.tryOnImage.updateMany({ where: { id: image.id, copyOwner: token }, data: { copyState: "none", copyOwner: null } });
          }
          deps.log.warn("copying a result to Files: download failed", { imageId: image.id, error: (error as Error).message });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(config.downloadConcurrency, images.length) }, worker));
    if (!ready.length) return;

    // The names go in first: they are how a crash after fileCreate is recovered.
    for (const r of ready) await db.tryOnImage.updateMany({ where: { id: r.image.id, copyOwner: token }, data: { fileName: r.file.filename } });

    let created: Array<{ id: string; status: string }>;
    try {
      created = await catalog.files.createFiles(ready.map((r) => r.file));
    } catch (error) {
      if (error instanceof MissingSessionError) return;
      deps.log.warn("copying results to Files failed; retrying later", { shop, images: ready.length, error: (error as Error).message });
      const refused = error instanceof CatalogUserError;
      for (const r of ready) {
        if (refused || r.image.copyAttempts >= config.maxAttempts) await failCopy(r.image, token, "Shopify did not accept the generated image into Files. Generate this product again.");
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

  /** Stores the CDN URL of copies Shopify finished processing; records the ones it failed. */
  async function checkReady(): Promise<number> {
    const before = new Date(deps.clock.now() - config.readyPollMs);
    const rows = await db.tryOnImage.findMany({
      where: { ...shopFilter, copyState: "copied", fileUrl: null, fileId: { not: null }, attachState: { not: "removed" }, copyStartedAt: { lt: before } },
      orderBy: { createdAt: "asc" },
      take: config.batchSize,
      select: { id: true, shop: true, fileId: true },
    });
    const byShop = new Map<string, typeof rows>();
    for (const r of rows) byShop.set(r.shop, [...(byShop.get(r.shop) ?? []), r]);
    let touched = 0;
    for (const [shop, list] of byShop) {
      let infos;
      try {
        infos = await (await deps.catalogFor(shop)).files.fileInfo(list.map((r) => r.fileId!));
      } catch (error) {
        deps.log.warn("checking saved copies failed", { shop, error: (error as Error).message });
        continue;
      }
      const now = new Date(deps.clock.now());
      for (let i = 0; i < list.length; i++) {
        const info = infos[i];
        touched++;
        if (info.status === "READY" && info.url) {
          await db.tryOnImage.updateMany({ where: { id: list[i].id, copyState: "copied" }, data: { fileUrl: info.url } });
        } else if (info.status === "FAILED") {
          stats.failed++;
          await db.tryOnImage.updateMany({ where: { id: list[i].id, copyState: "copied" }, data: { copyState: "failed", errorMessage: "Shopify could not process the saved copy of this image. Generate this product again." } });
        } else if (info.status === null) {
          await db.tryOnImage.updateMany({ where: { id: list[i].id, copyState: "copied", attachState: { not: "attached" } }, data: { copyState: "deleted" } });
        } else {
          await db.tryOnImage.updateMany({ where: { id: list[i].id, copyState: "copied" }, data: { copyStartedAt: now } });
        }
      }
    }
    if (touched) onCopied?.();
    return touched;
  }

  /** Deletes the copies of images rejected (never attached) — reject and undo run leave no file. */
  async function discardRejected(): Promise<number> {
    const rows = await db.tryOnImage.findMany({
      where: { ...shopFilter, review: "rejected", copyState: "copied", fileId: { not: null }, attachState: { in: ["stored", "failed", "removed"] } },
      take: config.batchSize,
      select: { id: true, shop: true, fileId: true },
    });
    const byShop = new Map<string, typeof rows>();
    for (const r of rows) byShop.set(r.shop, [...(byShop.get(r.shop) ?? []), r]);
    for (const [shop, list] of byShop) {
      try {
        await discardCopies(deps, shop, list);
        stats.discarded += list.length;
      } catch (error) {
        deps.log.warn("deleting rejected copies failed; retrying later", { shop, error: (error as Error).message });
      }
    }
    return rows.length;
  }

  async function tick(): Promise<number> {
    let handled = 0;
    const batch = await claim();
    if (batch) {
      handled += batch.images.length;
      await copyBatch(batch.token, batch.shop, batch.images);
    }
    handled += await checkReady();
    handled += await discardRejected();
    return handled;
  }

  async function loop() {
    while (running) {
      wakePending = false;
      let full = false;
      try {
        full = (await tick()) >= config.batchSize;
      } catch (error) {
        deps.log.error("file copier pass failed", { error: (error as Error)?.stack ?? String(error) });
      }
      if (full || !running) continue;
      // Wait for more results (a fuller batch), at most flushMs; a wake during the wait counts.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, config.flushMs);
        wakeResolve = () => {
          clearTimeout(timer);
          // Let a burst of stored results gather into one batch.
          setTimeout(resolve, Math.min(50, config.flushMs));
        };
        if (wakePending) wakeResolve();
      });
      wakeResolve = null;
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loopDone = loop();
    },
    async stop() {
      running = false;
      wakeResolve?.();
      await loopDone;
    },
    wake() {
      wakePending = true;
      wakeResolve?.();
    },
    tick,
    stats: () => ({ ...stats }),
  };
}

/** Deletes the Files copies of images that will never be (or are no longer) on a product. */
export async function discardCopies(deps: PipelineDeps, shop: string, images: Array<{ id: string; fileId: string | null }>, catalog?: CatalogPort): Promise<number> {
  const withFile = images.filter((i) => i.fileId);
  if (!withFile.length) return 0;
  const cat = catalog ?? (await deps.catalogFor(shop));
  const gone = new Set(await cat.files.deleteFiles(withFile.map((i) => i.fileId!)));
  const done = withFile.filter((i) => gone.has(i.fileId!));
  if (done.length) await deps.db.tryOnImage.updateMany({ where: { shop, id: { in: done.map((i) => i.id) }, copyState: "copied" }, data: { copyState: "deleted", fileUrl: null } });
  return done.length;
}
