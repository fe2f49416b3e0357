/**
 * The merchant's own model photos, checked here (type and size, with plain messages) and put into the
 * shop's Files with the catalog's Files port (one staged upload, one fileCreate), then waited for until
 * Shopify gives each its public URL. Returns the URLs try-on needs.
 */
import { CatalogUserError, fromRemixAdmin, pacerForShop, type RemixAdminGraphql } from "../catalog";
import { createFiles } from "../catalog/files";
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
    const port = createFiles({ send: pacerForShop(shop).wrap(fromRemixAdmin(graphql)) });
    const created = await port.createFiles(
      await Promise.all(files.map(async (f) => ({ filename: f.name, mimeType: f.type, bytes: new Uint8Array(await f.arrayBuffer()), alt: `Fitting Room model photo (${shop}): ${f.name}` }))),
    );
    const ids = created.map((c) => c.id);
    // Shopify processes new files asynchronously; the URL exists once a file is READY.
    const deadline = Date.now() + (o.waitMs ?? 20_000);
    let wait = 300;
    for (;;) {
      const info = await port.fileInfo(ids);
      if (info.some((i) => i.status === "FAILED")) return { ok: false, message: "Shopify could not process one of the photos; try another file." };
      if (info.every((i) => i.url)) return { ok: true, urls: info.map((i) => i.url!) };
      if (Date.now() > deadline) return { ok: false, message: "Shopify is still processing the photos; add them again in a minute." };
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 1.5, 2000);
    }
  } catch (error) {
    if (error instanceof CatalogUserError) return { ok: false, message: `Shopify refused the photos: ${error.userErrors.map((e) => e.message).join("; ")}` };
    return { ok: false, message: `The photos could not be uploaded. ${merchantText((error as Error).message, "Try again in a minute.")}` };
  }
}
