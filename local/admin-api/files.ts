/**
 * Files and media processing as Shopify does it: `fileCreate` and `productUpdate(media:)` answer at
 * once with the file UPLOADED; the source is fetched afterwards (PROCESSING while it downloads), and
 * the file becomes READY (with its image) once processed, or FAILED with a file error saying why
 * (the URL could not be fetched, is not an image, or exceeds Shopify's size limits).
 */
import sharp from "sharp";
import type { MediaRecord, Store } from "./store";

/** What processing needs from the server. */
export interface MediaProcessingEnv {
  store: Store;
  /** Public base URL of the server. */
  base: () => string;
  /** Staged upload targets by token: `blob` is set once the bytes were uploaded. */
  staged: Map<string, { blob: string | null }>;
  /** Simulated processing time after the download, ms. */
  mediaProcessingMs: number;
  fetch: typeof fetch;
}

export type FileStatus = "UPLOADED" | "PROCESSING" | "READY" | "FAILED";

/** Shopify's limits for images: 20 MB, 5000×5000 px (25 megapixels). */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
export const MAX_IMAGE_PIXELS = 25_000_000;
/** Shopify's limit of files per fileCreate call. */
export const MAX_FILES_PER_CREATE = 250;
/** Shopify's limit of media per product. */
export const MAX_MEDIA_PER_PRODUCT = 250;
/** Concurrent source downloads (a 250-file batch is fetched a few at a time). */
const CONCURRENCY = 8;
const FETCH_TIMEOUT_MS = 20_000;

export function mediaStatus(media: MediaRecord, now = Date.now()): FileStatus {
  if (media.error) return "FAILED";
  if (media.stage) return media.stage;
  return now >= media.readyAt ? "READY" : "PROCESSING";
}

/** Counts of files (all media, as Shopify's Files page lists them) by status. */
export function filesByStatus(store: Store, now = Date.now()): Record<FileStatus, number> {
  const counts: Record<FileStatus, number> = { UPLOADED: 0, PROCESSING: 0, READY: 0, FAILED: 0 };
  for (const media of store.media.values()) counts[mediaStatus(media, now)]++;
  return counts;
}

/** The last path segment of a URL, decoded ("image" when there is none). */
export function filenameOf(source: string): string {
  try {
    return decodeURIComponent(new URL(source).pathname.split("/").pop() || "") || "image";
  } catch {
    return "image";
  }
}

/** Lower-case extension without the dot, jpeg folded into jpg ("" when there is none). */
export function extensionOf(filename: string): string {
  const match = /\.([A-Za-z0-9]+)$/.exec(filename);
  const ext = match ? match[1].toLowerCase() : "";
  return ext === "jpeg" ? "jpg" : ext;
}

type Fetched = { bytes: Buffer; mimeType: string } | { error: string };

/** The bytes behind an originalSource: our staged uploads and CDN directly, anything else over HTTP. */
async function sourceBytes(env: MediaProcessingEnv, source: string): Promise<Fetched> {
  const base = env.base();
  if (source.startsWith(`${base}/staged-uploads/tmp/`)) {
    const token = source.slice(`${base}/staged-uploads/tmp/`.length).split("/")[0];
    const target = env.staged.get(token);
    if (!target) return { error: "The staged upload does not exist (or has expired)." };
    if (!target.blob) return { error: "Nothing was uploaded to the staged upload target." };
    return (await env.store.blobBytes(target.blob)) ?? { error: "The staged upload's bytes are gone." };
  }
  if (source.startsWith(`${base}/cdn/files/`)) {
    const key = source.slice(`${base}/cdn/files/`.length).split("/")[0];
    return (await env.store.blobBytes(key)) ?? { error: `The source answered HTTP 404.` };
  }
  try {
    const response = await env.fetch(source, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      return { error: `The source answered HTTP ${response.status}.` };
    }
    const declared = Number(response.headers.get("content-length") ?? "0");
    if (declared > MAX_IMAGE_BYTES) {
      await response.body?.cancel().catch(() => {});
      return { error: `The source is ${declared} bytes; images may be at most ${MAX_IMAGE_BYTES} bytes.` };
    }
    return { bytes: Buffer.from(await response.arrayBuffer()), mimeType: response.headers.get("content-type") ?? "application/octet-stream" };
  } catch (error) {
    return { error: `The source could not be fetched (${(error as Error).name === "TimeoutError" ? "timed out" : (error as Error).message}).` };
  }
}

const fail = (media: MediaRecord, code: string, message: string, details: string) => {
  media.error = { code, message, details };
};

/** Downloads and checks one medium's source, then settles it (READY after the processing time, or FAILED). */
async function processOne(env: MediaProcessingEnv, media: MediaRecord): Promise<void> {
  const store = env.store;
  if (!store.media.has(media.id) || !media.stage) return;
  media.stage = "PROCESSING";
  const fetched = media.source ? await sourceBytes(env, media.source) : { error: "The file has no source." };
  if (!store.media.has(media.id)) return; // deleted meanwhile
  const now = new Date().toISOString();
  if ("error" in fetched) {
    fail(media, "IMAGE_DOWNLOAD_FAILURE", "Image could not be downloaded.", fetched.error);
  } else if (fetched.bytes.length > MAX_IMAGE_BYTES) {
    fail(media, "INVALID_IMAGE_FILE_SIZE", "Image file size is too large.", `The image is ${fetched.bytes.length} bytes; at most ${MAX_IMAGE_BYTES} are allowed.`);
  } else {
    try {
      const meta = await sharp(fetched.bytes, { limitInputPixels: false }).metadata();
      if (!meta.width || !meta.height || !meta.format || !["jpeg", "png", "webp", "gif", "heif", "avif", "tiff"].includes(meta.format)) {
        throw new Error("not an image");
      }
      if (meta.width * meta.height > MAX_IMAGE_PIXELS) {
        fail(media, "INVALID_IMAGE_RESOLUTION", "Image resolution exceeds the maximum.", `The image is ${meta.width}×${meta.height} px; at most ${MAX_IMAGE_PIXELS} pixels (5000×5000) are allowed.`);
      } else {
        const mimeType = `image/${meta.format}`;
        media.blob = store.putBlob(fetched.bytes, mimeType);
        media.mimeType = mimeType;
        media.width = meta.width;
        media.height = meta.height;
        media.fileSize = fetched.bytes.length;
        media.readyAt = Date.now() + env.mediaProcessingMs;
      }
    } catch {
      fail(media, "UNSUPPORTED_IMAGE_FILE_TYPE", "Image file type is not supported.", `The source is ${fetched.mimeType.split(";")[0]}, not an image Shopify can process.`);
    }
  }
  if (media.error) store.metrics.filesFailed++;
  media.stage = null;
  delete media.stage;
  delete media.source;
  media.updatedAt = now;
  store.touch();
}

/** Processes media in the background, a few at a time, in the order they were created. */
export class MediaProcessor {
  private readonly queue: MediaRecord[] = [];
  private running = 0;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(private readonly env: MediaProcessingEnv) {}

  /** Queues a medium whose `stage` is UPLOADED (and `source` set). */
  schedule(media: MediaRecord): void {
    this.queue.push(media);
    // After the current request has answered (its answer shows the file UPLOADED).
    setImmediate(() => this.pump());
  }

  /** Resolves once nothing is queued or downloading (tests, shutdown). */
  idle(): Promise<void> {
    if (!this.queue.length && !this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running < CONCURRENCY && this.queue.length) {
      const media = this.queue.shift()!;
      this.running++;
      processOne(this.env, media)
        .catch((error: unknown) => {
          fail(media, "IMAGE_PROCESSING_FAILURE", "Image could not be processed.", (error as Error).message);
          delete media.stage;
        })
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
    if (!this.queue.length && !this.running) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
