/**
 * Choosing the garment image: which of a product's images goes to try-on, and why.
 *
 * Each image is judged on:
 * 1. it is a processed photo (not a video, not still processing);
 * 2. it is not an image Fitting Room attached itself (alt text marker or a known media id);
 * 3. its size is within try-on's range — read from the image header only (probe-image-size);
 * 4. it looks like a flat lay: plain background, garment whole inside the frame (assessFlatLay on the
 *    ≤512 px preview, shared with the local try-on service's 707 check).
 * The first image (in the merchant's order) that passes is chosen. A merchant override wins, even
 * over a failing verdict (the verdict is still reported so the UI can warn).
 */
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import probe from "probe-image-size";
import { assessFlatLay as defaultAssessFlatLay, checkTryOnResolution, type FlatLayVerdict } from "../images/flat-lay";
import type { CatalogMedia } from "./types";

/** Alt text marker of every image Fitting Room attaches (see the pipeline's alt text). */
export const FITTING_ROOM_ALT_MARKER = "AI try-on";

export interface ImageVerdict {
  mediaId: string;
  /** 1-based position among the product's media. */
  position: number;
  url: string | null;
  width: number | null;
  height: number | null;
  ok: boolean;
  /** Merchant-readable reasons the image cannot be used (empty when ok). */
  reasons: string[];
  backgroundUniformity?: number;
  edgeTouch?: number;
}

export interface GarmentChoice {
  /** The chosen image, or null when none can be used. */
  chosen: CatalogMedia | null;
  /** Merchant-readable summary of the choice. */
  reason: string;
  /** True when the merchant's override decided. */
  overridden: boolean;
  /** One verdict per image considered, in the product's order. */
  verdicts: ImageVerdict[];
}

export interface ChooseGarmentOptions {
  /** The merchant's chosen medium (ProductSettings); wins when it is still on the product. */
  overrideMediaId?: string | null;
  /** Ids of media Fitting Room attached (from the database); never chosen automatically. */
  ownMediaIds?: Iterable<string>;
  /** Alt text marker of our own images; default {@link FITTING_ROOM_ALT_MARKER}. */
  ownAltMarker?: string;
  /** Reads an image's pixel size from its header only. Default: probe-image-size over `fetch`. */
  fetchHeader?: (url: string) => Promise<{ width: number; height: number }>;
  /** Downloads image bytes for the flat-lay check (the ≤512 px preview is used). Default: `fetch`. */
  fetchImage?: (url: string) => Promise<Uint8Array>;
  /** The flat-lay heuristic (default: app/images/flat-lay.ts). */
  assessFlatLay?: (image: Uint8Array) => Promise<FlatLayVerdict>;
  /** fetch used by the default fetchers. */
  fetch?: typeof fetch;
  /** At most this many images are judged (default 10). */
  maxImages?: number;
}

/** Bytes limit for a downloaded preview (a ≤512 px image is far smaller). */
const MAX_PREVIEW_BYTES = 20 * 1024 * 1024;
const TIMEOUT_MS = 20_000;

/** Header-only size read: stops downloading once probe-image-size has parsed the header. */
export async function probeImageHeader(url: string, fetchImpl: typeof fetch = globalThis.fetch): Promise<{ width: number; height: number }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetchImpl(url, { signal: controller.signal });
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    const stream = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
    stream.on("error", () => {}); // aborting below surfaces as a stream error; the result is already in
    const result = await probe(stream);
    // EXIF orientations 5–8 rotate by 90°: the displayed image has width and height swapped.
    const rotated = (result.orientation ?? 1) >= 5;
    return rotated ? { width: result.height, height: result.width } : { width: result.width, height: result.height };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

async function downloadImage(url: string, fetchImpl: typeof fetch): Promise<Uint8Array> {
  const response = await fetchImpl(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const length = Number(response.headers.get("content-length"));
  if (length > MAX_PREVIEW_BYTES) throw new Error(`the preview is ${length} bytes`);
  return new Uint8Array(await response.arrayBuffer());
}

const isOwn = (media: CatalogMedia, ownIds: Set<string>, marker: string) =>
  ownIds.has(media.id) || Boolean(media.alt && media.alt.toLowerCase().includes(marker.toLowerCase()));

async function judge(media: CatalogMedia, position: number, own: boolean, options: Required<Pick<ChooseGarmentOptions, "fetchHeader" | "fetchImage" | "assessFlatLay">>): Promise<ImageVerdict> {
  const verdict: ImageVerdict = { mediaId: media.id, position, url: media.url, width: media.width, height: media.height, ok: false, reasons: [] };
  if (media.contentType !== "IMAGE") {
    verdict.reasons.push(`This medium is a ${media.contentType.toLowerCase().replace("_", " ")}, not a photo.`);
    return verdict;
  }
  if (own) verdict.reasons.push("Fitting Room added this image (a try-on result); it cannot be the garment photo.");
  if (media.status === "FAILED") {
    verdict.reasons.push("Shopify could not process this image; upload it again.");
    return verdict;
  }
  if (!media.url) {
    verdict.reasons.push("Shopify is still processing this image; try again in a minute.");
    return verdict;
  }
  if (own) return verdict;

  try {
    const size = await options.fetchHeader(media.url);
    verdict.width = size.width;
    verdict.height = size.height;
    const resolution = checkTryOnResolution(size.width, size.height);
    if (!resolution.ok) verdict.reasons.push(resolution.message);
  } catch (error) {
    verdict.reasons.push(`The image could not be read (${(error as Error).message}); check that it opens in the Shopify admin.`);
    return verdict;
  }

  try {
    const flatLay = await options.assessFlatLay(await options.fetchImage(media.previewUrl ?? media.url));
    verdict.backgroundUniformity = flatLay.backgroundUniformity;
    verdict.edgeTouch = flatLay.edgeTouch;
    verdict.reasons.push(...flatLay.reasons);
  } catch (error) {
    verdict.reasons.push(`The image could not be analysed (${(error as Error).message}); use a JPEG or PNG photo.`);
  }
  verdict.ok = verdict.reasons.length === 0;
  return verdict;
}

const describe = (v: ImageVerdict, total: number) =>
  `image ${v.position} of ${total}${v.width && v.height ? ` (${v.width}×${v.height} px)` : ""}`;

/**
 * Picks the product's best try-on input and explains the decision per image.
 * Never throws for a bad image: problems become reasons.
 */
export async function chooseGarmentImage(
  product: { title?: string; media: readonly CatalogMedia[] },
  options: ChooseGarmentOptions = {},
): Promise<GarmentChoice> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const deps = {
    fetchHeader: options.fetchHeader ?? ((url: string) => probeImageHeader(url, fetchImpl)),
    fetchImage: options.fetchImage ?? ((url: string) => downloadImage(url, fetchImpl)),
    assessFlatLay: options.assessFlatLay ?? ((bytes: Uint8Array) => defaultAssessFlatLay(bytes)),
  };
  const ownIds = new Set(options.ownMediaIds ?? []);
  const marker = options.ownAltMarker ?? FITTING_ROOM_ALT_MARKER;
  const media = product.media.slice(0, options.maxImages ?? 10);
  const total = product.media.length;

  // Judge images a few at a time: a product rarely has many, and each judgement is a small download.
  const verdicts: ImageVerdict[] = new Array(media.length);
  let next = 0;
  const worker = async () => {
    while (next < media.length) {
      const i = next++;
      verdicts[i] = await judge(media[i], i + 1, isOwn(media[i], ownIds, marker), deps);
    }
  };
  await Promise.all(Array.from({ length: Math.min(3, media.length) }, worker));

  if (options.overrideMediaId) {
    const index = product.media.findIndex((m) => m.id === options.overrideMediaId);
    if (index >= 0) {
      const verdict = verdicts[index];
      const caveat = verdict && !verdict.ok ? ` Note: ${verdict.reasons.join(" ")}` : "";
      return {
        chosen: product.media[index],
        reason: `You chose ${verdict ? describe(verdict, total) : `image ${index + 1} of ${total}`} as the garment photo.${caveat}`,
        overridden: true,
        verdicts,
      };
    }
  }
  const overrideGone = options.overrideMediaId
    ? "The image you chose is no longer on the product, so Fitting Room chose again. "
    : "";

  if (total === 0) {
    return {
      chosen: null,
      reason: `${overrideGone}The product has no images; add a flat-lay photo of the garment on a plain background.`,
      overridden: false,
      verdicts,
    };
  }
  const winner = verdicts.find((v) => v.ok);
  if (winner) {
    const skipped = verdicts.filter((v) => v.position < winner.position);
    const skippedText = skipped.length
      ? ` Skipped ${skipped.map((v) => `image ${v.position} (${v.reasons[0] ?? "unusable"})`).join("; ")}.`
      : "";
    return {
      chosen: media[winner.position - 1],
      reason: `${overrideGone}Chose ${describe(winner, total)}: the size is within try-on's range, the background is plain and the garment is whole inside the frame.${skippedText}`,
      overridden: false,
      verdicts,
    };
  }
  return {
    chosen: null,
    reason: `${overrideGone}${total === 1 ? "The product's only image is not" : `None of the product's ${total} images is`} usable for try-on: ${verdicts
      .map((v) => `image ${v.position}: ${v.reasons.join(" ")}`)
      .join(" | ")} Add a flat-lay photo of the whole garment on a plain background, or choose an image yourself.`,
    overridden: false,
    verdicts,
  };
}
