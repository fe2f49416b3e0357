/**
 * Choosing the garment image: which of a product's images goes to try-on, and why — from the
 * metadata the Admin API already returned, never by downloading an image.
 *
 * Each image is judged on:
 * 1. it is a processed photo (not a video, not still processing, not failed);
 * 2. it is not an image Fitting Room attached itself (alt text marker or a known media id);
 * 3. its size as Shopify reports it (`image { width height }`): more than 500×500 px, else it is
 *    skipped before anything is spent; larger than 3000×3000 px (Shopify allows 5000×5000) it is sent
 *    as Shopify's own ≤3000 px rendition (`url(transform: { maxWidth: 3000, maxHeight: 3000 })`);
 * 4. its flat-lay look, when already judged (app/catalog/garment-looks.server.ts judges the ≤256 px
 *    rendition once per image and caches it). The look RANKS usable images, it never blocks one:
 *    flat lays first (in the merchant's order), then images not judged yet, then the best-looking of
 *    the rest — which is sent flagged "may be refused as not a flat lay".
 * A merchant override wins whenever the image can be sent at all.
 */
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import probe from "probe-image-size";
import { TRYON_MAX_SIDE, TRYON_MIN_SIDE_EXCLUSIVE } from "../images/resolution";
import type { CatalogMedia } from "./types";

/** Alt text marker of every image Fitting Room attaches (see the pipeline's alt text). */
export const FITTING_ROOM_ALT_MARKER = "AI try-on";

/**
 * App codes of products skipped before anything was sent to the provider (ours, not the provider's:
 * 700/701/703/707 appear only when the provider answered them).
 */
export const PREFLIGHT_CODES = {
  /** The product has no photo at all (no media, or only videos / 3D models). */
  noImage: "preflight.no_image",
  /** Every photo is 500×500 px or smaller. */
  tooSmall: "preflight.too_small",
  /** The photos are still being processed by Shopify, or failed to process. */
  notReady: "preflight.not_ready",
  /** The only photos are try-on results Fitting Room attached. */
  onlyResults: "preflight.only_results",
} as const;
export type PreflightCode = (typeof PREFLIGHT_CODES)[keyof typeof PREFLIGHT_CODES];

/** The flat-lay look of one image (judged from its ≤256 px rendition). */
export interface FlatLayLook {
  ok: boolean;
  /** Merchant-readable reasons it does not look like a flat lay (empty when ok). */
  reasons: string[];
  backgroundUniformity: number;
  edgeTouch: number;
}

export interface ImageVerdict {
  mediaId: string;
  /** 1-based position among the product's media. */
  position: number;
  url: string | null;
  width: number | null;
  height: number | null;
  /** True when the image can be sent and looks like a flat lay. */
  ok: boolean;
  /** True when the image can be sent to try-on at all (a photo, processed, not ours, large enough). */
  usable: boolean;
  /** The flat-lay look: null when the image cannot be sent (not looked at). */
  look: "flat_lay" | "not_flat_lay" | "unjudged" | null;
  /** What try-on would be sent: the original, or Shopify's ≤3000 px rendition of a larger one. */
  sendUrl: string | null;
  /** True when sendUrl is the ≤3000 px rendition. */
  resized: boolean;
  /** Merchant-readable reasons the image cannot be used or may be refused (empty when ok). */
  reasons: string[];
  /** Why the image cannot be sent (when not usable). */
  preflight?: PreflightCode;
  backgroundUniformity?: number;
  edgeTouch?: number;
}

export interface GarmentChoice {
  /** The chosen image, or null when none can be sent. */
  chosen: CatalogMedia | null;
  /** The URL try-on is sent for the chosen image (a ≤3000 px rendition for larger originals). */
  sendUrl: string | null;
  /** True when the chosen image does not look like a flat lay (the provider may refuse it). */
  mayBeRefused: boolean;
  /** True when the chosen image's look was not judged yet (settled while the run plans). */
  unjudged: boolean;
  /** Why nothing can be sent (when chosen is null). */
  preflight: PreflightCode | null;
  /** Merchant-readable summary of the choice. */
  reason: string;
  /** True when the merchant's override decided. */
  overridden: boolean;
  /** One verdict per image considered, in the product's order. */
  verdicts: ImageVerdict[];
}

export interface ChooseGarmentOptions {
  /** The merchant's chosen medium (ProductSettings); wins when it can be sent. */
  overrideMediaId?: string | null;
  /** Ids of media Fitting Room attached (from the database); never chosen automatically. */
  ownMediaIds?: Iterable<string>;
  /** Alt text marker of our own images; default {@link FITTING_ROOM_ALT_MARKER}. */
  ownAltMarker?: string;
  /** The cached flat-lay look of an image, if judged (garment-looks.server.ts); default: none judged. */
  lookOf?: (media: CatalogMedia) => FlatLayLook | null | undefined;
  /** At most this many images are considered (default 10). */
  maxImages?: number;
}

const TIMEOUT_MS = 20_000;

/**
 * Header-only size read: stops downloading once probe-image-size has parsed the header. Planning
 * never calls this (sizes come from the Admin API); kept for tools that check a URL by hand.
 */
export async function probeImageHeader(url: string, fetchImpl: typeof fetch = globalThis.fetch): Promise<{ width: number; height: number }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetchImpl(url, { signal: controller.signal });
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    const stream = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
    stream.on("error", () => {}); // aborting below surfaces as a stream error; the result is already in
    const result = await probe(stream);
    const rotated = (result.orientation ?? 1) >= 5;
    return rotated ? { width: result.height, height: result.width } : { width: result.width, height: result.height };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

export const isOwnMedia = (media: Pick<CatalogMedia, "id" | "alt">, ownIds: ReadonlySet<string>, marker = FITTING_ROOM_ALT_MARKER) =>
  ownIds.has(media.id) || Boolean(media.alt && media.alt.toLowerCase().includes(marker.toLowerCase()));

/** True when the media can be judged for its look (it could be sent). */
export function judgeable(media: CatalogMedia, ownIds: ReadonlySet<string>, marker = FITTING_ROOM_ALT_MARKER): boolean {
  return metadataVerdict(media, 1, isOwnMedia(media, ownIds, marker)).usable;
}

/** What the metadata alone says about one image (no look yet). */
function metadataVerdict(media: CatalogMedia, position: number, own: boolean): ImageVerdict {
  const v: ImageVerdict = {
    mediaId: media.id,
    position,
    url: media.url,
    width: media.width,
    height: media.height,
    ok: false,
    usable: false,
    look: null,
    sendUrl: null,
    resized: false,
    reasons: [],
  };
  if (media.contentType !== "IMAGE") {
    v.reasons.push(`This medium is a ${media.contentType.toLowerCase().replace("_", " ")}, not a photo.`);
    v.preflight = PREFLIGHT_CODES.noImage;
    return v;
  }
  if (own) {
    v.reasons.push("Fitting Room added this image (a try-on result); it cannot be the garment photo.");
    v.preflight = PREFLIGHT_CODES.onlyResults;
    return v;
  }
  if (media.status === "FAILED") {
    v.reasons.push("Shopify could not process this image; upload it again.");
    v.preflight = PREFLIGHT_CODES.notReady;
    return v;
  }
  if (!media.url) {
    v.reasons.push("Shopify is still processing this image; try again in a minute.");
    v.preflight = PREFLIGHT_CODES.notReady;
    return v;
  }
  const { width: w, height: h } = media;
  if (w !== null && h !== null && (w <= TRYON_MIN_SIDE_EXCLUSIVE || h <= TRYON_MIN_SIDE_EXCLUSIVE)) {
    v.reasons.push(`The image is ${w}×${h} px; try-on needs more than ${TRYON_MIN_SIDE_EXCLUSIVE}×${TRYON_MIN_SIDE_EXCLUSIVE} px. Upload a larger photo of the garment.`);
    v.preflight = PREFLIGHT_CODES.tooSmall;
    return v;
  }
  v.usable = true;
  v.sendUrl = media.url;
  if (w !== null && h !== null && (w > TRYON_MAX_SIDE || h > TRYON_MAX_SIDE) && media.tryOnUrl) {
    v.sendUrl = media.tryOnUrl;
    v.resized = true;
  }
  return v;
}

const describe = (v: ImageVerdict, total: number) =>
  `image ${v.position} of ${total}${v.width && v.height ? ` (${v.width}×${v.height} px${v.resized ? `, sent resized to at most ${TRYON_MAX_SIDE}×${TRYON_MAX_SIDE} px` : ""})` : ""}`;

/** Higher is more flat-lay-like (for ranking images none of which passed). */
const lookScore = (v: ImageVerdict) => (v.backgroundUniformity ?? 0) - 4 * (v.edgeTouch ?? 0);

/**
 * The merchant message of a product skipped before anything was sent: what happened and that nothing
 * was spent. What to do about it is the failure help of its code (components/failure-help.ts), shown
 * beside it, so the fix is said once.
 */
function preflightReason(code: PreflightCode, verdicts: ImageVerdict[], total: number): string {
  const nothing = "Skipped before anything was sent to try-on, so nothing was spent.";
  switch (code) {
    case PREFLIGHT_CODES.noImage:
      return `${nothing} The product has no photos.`;
    case PREFLIGHT_CODES.tooSmall: {
      const sizes = verdicts.filter((v) => v.preflight === PREFLIGHT_CODES.tooSmall).map((v) => `${v.width}×${v.height} px`);
      return `${nothing} ${total === 1 ? `The product's only photo is ${sizes[0]}` : `Its photos are too small (${sizes.join(", ")})`}; try-on needs more than ${TRYON_MIN_SIDE_EXCLUSIVE}×${TRYON_MIN_SIDE_EXCLUSIVE} px.`;
    }
    case PREFLIGHT_CODES.notReady:
      return `${nothing} Shopify has not finished processing the product's photos (or could not process them).`;
    case PREFLIGHT_CODES.onlyResults:
      return `${nothing} The product's only photos are try-on results Fitting Room added.`;
  }
}

/**
 * Picks the product's try-on input from metadata and cached looks, and explains the decision per
 * image. Synchronous and network-free: it never downloads anything and never throws for a bad image.
 */
export function chooseGarmentImage(product: { title?: string; media: readonly CatalogMedia[] }, options: ChooseGarmentOptions = {}): GarmentChoice {
  const ownIds = new Set(options.ownMediaIds ?? []);
  const marker = options.ownAltMarker ?? FITTING_ROOM_ALT_MARKER;
  const media = product.media.slice(0, options.maxImages ?? 10);
  const total = product.media.length;

  const verdicts = media.map((m, i) => {
    const v = metadataVerdict(m, i + 1, isOwnMedia(m, ownIds, marker));
    if (!v.usable) return v;
    const look = options.lookOf?.(m);
    if (!look) {
      v.look = "unjudged";
      return v;
    }
    v.backgroundUniformity = look.backgroundUniformity;
    v.edgeTouch = look.edgeTouch;
    v.look = look.ok ? "flat_lay" : "not_flat_lay";
    v.ok = look.ok;
    if (!look.ok) v.reasons.push(...look.reasons);
    return v;
  });

  const result = (v: ImageVerdict, reason: string, overridden: boolean): GarmentChoice => ({
    chosen: media[v.position - 1],
    sendUrl: v.sendUrl,
    mayBeRefused: v.look === "not_flat_lay",
    unjudged: v.look === "unjudged",
    preflight: null,
    reason,
    overridden,
    verdicts,
  });

  let overrideNote = "";
  if (options.overrideMediaId) {
    const v = verdicts.find((x) => x.mediaId === options.overrideMediaId);
    if (v?.usable) {
      const caveat = v.look === "not_flat_lay" ? ` It may be refused as not a flat lay: ${v.reasons.join(" ")}` : "";
      return result(v, `You chose ${describe(v, total)} as the garment photo.${caveat}`, true);
    }
    overrideNote = v
      ? `The image you chose cannot be used (${v.reasons[0] ?? "unusable"}), so Fitting Room chose again. `
      : "The image you chose is no longer on the product, so Fitting Room chose again. ";
  }

  const usable = verdicts.filter((v) => v.usable);
  const flat = usable.find((v) => v.look === "flat_lay");
  const unjudged = usable.find((v) => v.look === "unjudged");
  const skippedBefore = (winner: ImageVerdict) => {
    const before = verdicts.filter((v) => v.position < winner.position);
    return before.length ? ` Passed over ${before.map((v) => `image ${v.position} (${v.reasons[0] ?? "not checked yet"})`).join("; ")}.` : "";
  };
  if (flat) {
    return result(flat, `${overrideNote}Chose ${describe(flat, total)}: it looks like a flat lay on a plain background.${skippedBefore(flat)}`, false);
  }
  if (unjudged) {
    return result(unjudged, `${overrideNote}Chose ${describe(unjudged, total)}; whether it looks like a flat lay is checked when the run plans.${skippedBefore(unjudged)}`, false);
  }
  if (usable.length) {
    const best = [...usable].sort((a, b) => lookScore(b) - lookScore(a) || a.position - b.position)[0];
    return result(
      best,
      `${overrideNote}${usable.length === 1 ? "The only usable photo" : `None of the ${usable.length} usable photos`} looks like a flat lay, so Fitting Room sends ${describe(best, total)}, the closest to one; try-on may refuse it as not a flat lay. ${best.reasons.join(" ")} For the best results add a photo of the whole garment laid flat on a plain background, or choose an image yourself.`,
      false,
    );
  }

  // Nothing can be sent: the most specific reason wins.
  const codes = new Set(verdicts.map((v) => v.preflight));
  const code: PreflightCode =
    total === 0 || verdicts.every((v) => v.preflight === PREFLIGHT_CODES.noImage)
      ? PREFLIGHT_CODES.noImage
      : codes.has(PREFLIGHT_CODES.tooSmall)
        ? PREFLIGHT_CODES.tooSmall
        : codes.has(PREFLIGHT_CODES.notReady)
          ? PREFLIGHT_CODES.notReady
          : PREFLIGHT_CODES.onlyResults;
  return { chosen: null, sendUrl: null, mayBeRefused: false, unjudged: false, preflight: code, reason: `${overrideNote}${preflightReason(code, verdicts, total)}`, overridden: false, verdicts };
}
