/**
 * The file name a copy gets in the shop's Files: readable to the merchant, and unique per image
 * because the name is how a crashed batch finds its files again (file-copy-batch.server.ts).
 */
import { createHash } from "node:crypto";

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
