/**
 * The merchant's own model photos, checked here (type and size, with plain messages) and put into the
 * shop's Files by the catalog. Returns the URLs try-on needs.
 */
import { ShopFileError, uploadImagesToFiles, type RemixAdminGraphql } from "../catalog";
import { merchantText } from "../forms/merchant-text";

type Failure = { ok: false; message: string };

const PHOTO_TYPES = new Set(["image/jpeg", "image/png", "image/webp"]);
/** Largest model photo accepted, in bytes (20 MB, Shopify's image limit). */
export const MAX_PHOTO_BYTES = 20 * 1024 * 1024;

export async function uploadModelPhotos(shop: string, graphql: RemixAdminGraphql, files: File[], o: { waitMs?: number } = {}): Promise<{ ok: true; urls: string[] } | Failure> {
  if (!files.length) return { ok: false, message: "Choose at least one photo to upload." };
  for (const f of files) {
    if (!PHOTO_TYPES.has(f.type)) return { ok: false, message: `${f.name} is a ${f.type || "unknown"} file; upload JPG, PNG or WebP photos.` };
    if (f.size > MAX_PHOTO_BYTES) return { ok: false, message: `${f.name} is ${(f.size / 1048576).toFixed(1)} MB; photos must be at most 20 MB.` };
  }
  try {
    const urls = await uploadImagesToFiles(graphql, files, (f) => `Fitting Room model photo (${shop}): ${f.name}`, o);
    return { ok: true, urls };
  } catch (error) {
    if (error instanceof ShopFileError) return { ok: false, message: error.message };
    return { ok: false, message: `The photos could not be uploaded. ${merchantText((error as Error).message, "Try again in a minute.")}` };
  }
}
