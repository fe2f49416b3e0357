/**
 * Alt text of an attached try-on image and the marker that makes attaching exactly-once.
 *
 * Format: "<product title> — AI try-on, <model>, <view> (ref <10 hex>)". The ref is derived from the
 * TryOnImage id, so it is unique per image and stable across retries. After a crash between Shopify
 * adding the media and us storing its id, the product's media are listed and the ref in their alt
 * text tells whether this image is already there (then its media id is recorded, nothing is uploaded
 * again). "AI try-on" is also how the catalog recognises our own images (FITTING_ROOM_ALT_MARKER).
 */
import { createHash } from "node:crypto";

/** Stable short reference of an image id ("ref 3f9a0c12be"). */
export function imageRef(imageId: string): string {
  return createHash("sha256").update(imageId).digest("hex").slice(0, 10);
}

export function refMarker(imageId: string): string {
  return `(ref ${imageRef(imageId)})`;
}

/** "Linen Shirt — AI try-on, Ariel, halfbody (ref 3f9a0c12be)"; the title is cut to keep alt text short. */
export function altTextFor(productTitle: string, model: string, view: string, imageId: string): string {
  const title = productTitle.length > 120 ? `${productTitle.slice(0, 119)}…` : productTitle;
  return `${title} — AI try-on, ${model}, ${view} ${refMarker(imageId)}`;
}

/** Whether a medium's alt text carries this image's marker. */
export function altHasRef(alt: string | null | undefined, imageId: string): boolean {
  return Boolean(alt && alt.includes(refMarker(imageId)));
}
