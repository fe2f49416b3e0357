/**
 * GET/HEAD /cdn/files/{key}/{name}: the stand-in's image CDN. Originals as stored; with transform
 * parameters (what url(transform:) writes) a rendition really resized by sharp, so the app's choice
 * between originals and renditions shows up in bytes and counts (/__local/cdn) as it would on Shopify.
 */
import type { ServerResponse } from "node:http";
import sharp from "sharp";
import type { Store } from "../store";
import { NOT_FOUND, send } from "./io";

/** Transform parameters of a CDN URL (what url(transform:) writes); null when there are none. */
export interface CdnTransform {
  width?: number;
  height?: number;
  crop?: "center" | "top" | "bottom" | "left" | "right";
  format?: "jpg" | "png" | "webp";
}

const CROPS = new Set(["center", "top", "bottom", "left", "right"]);
const FORMATS = new Set(["jpg", "png", "webp"]);
/** Shopify's CDN serves renditions up to 5760 px on a side. */
const MAX_RENDITION_SIDE = 5760;

/** Parses a CDN URL's transform parameters; a string is the reason they are invalid. */
export function parseTransform(query: URLSearchParams): CdnTransform | null | string {
  const t: CdnTransform = {};
  for (const name of ["width", "height"] as const) {
    const raw = query.get(name);
    if (raw === null) continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > MAX_RENDITION_SIDE) return `${name} must be a whole number of pixels from 1 to ${MAX_RENDITION_SIDE} (got "${raw}").`;
    t[name] = n;
  }
  const crop = query.get("crop");
  if (crop !== null) {
    if (!CROPS.has(crop)) return `crop must be one of ${[...CROPS].join(", ")} (got "${crop}").`;
    t.crop = crop as CdnTransform["crop"];
  }
  const format = query.get("format");
  if (format !== null) {
    if (!FORMATS.has(format)) return `format must be one of ${[...FORMATS].join(", ")} (got "${format}").`;
    t.format = format as CdnTransform["format"];
  }
  return Object.keys(t).length ? t : null;
}

const CROP_POSITION = { center: "centre", top: "top", bottom: "bottom", left: "left", right: "right" } as const;

/** Resizes (and converts) an original with sharp, the way Shopify's CDN answers a transform URL. */
async function renderRendition(original: Buffer, t: CdnTransform): Promise<{ bytes: Buffer; mimeType: string }> {
  let image = sharp(original);
  if (t.width || t.height) {
    image =
      t.crop && t.width && t.height
        ? image.resize(t.width, t.height, { fit: "cover", position: CROP_POSITION[t.crop], withoutEnlargement: true })
        : image.resize(t.width, t.height, { fit: "inside", withoutEnlargement: true });
  }
  if (t.format === "jpg") image = image.jpeg({ quality: 85 });
  else if (t.format === "png") image = image.png();
  else if (t.format === "webp") image = image.webp({ quality: 80 });
  const { data, info } = await image.toBuffer({ resolveWithObject: true });
  return { bytes: data, mimeType: `image/${info.format}` };
}

/**
 * The CDN: a URL without transform parameters serves the original's bytes; with `width`/`height`
 * (fit inside, never enlarged), `crop` (cover both, cut at the region) or `format` it serves a
 * rendition really resized by sharp, as Shopify's CDN does for url(transform:). Renditions are
 * cached (by promise, so concurrent requests share one resize). Every GET is counted per path.
 */
export function cdnEndpoint(store: Store) {
  const renditions = new Map<string, Promise<{ bytes: Buffer; mimeType: string }>>();

  return async function image(res: ServerResponse, path: string, key: string, query: URLSearchParams, head: boolean) {
    store.metrics.imageRequests++;
    const transform = parseTransform(query);
    if (typeof transform === "string") return send(res, 400, JSON.stringify({ errors: transform }));
    const blob = await store.blobBytes(key);
    if (!blob) return send(res, 404, NOT_FOUND);
    let body = { bytes: blob.bytes, mimeType: blob.mimeType };
    if (transform) {
      const cacheKey = `${key}:${transform.width ?? ""}:${transform.height ?? ""}:${transform.crop ?? ""}:${transform.format ?? ""}`;
      let pending = renditions.get(cacheKey);
      if (!pending) {
        pending = renderRendition(blob.bytes, transform);
        pending.catch(() => renditions.delete(cacheKey));
        if (renditions.size >= 500) renditions.clear();
        renditions.set(cacheKey, pending);
      }
      body = await pending;
    }
    if (!head) store.countCdnDownload(path, transform !== null, body.bytes.length);
    res.writeHead(200, { "Content-Type": body.mimeType, "Content-Length": body.bytes.length, "Cache-Control": "public, max-age=31536000" });
    res.end(head ? undefined : body.bytes);
  };
}
