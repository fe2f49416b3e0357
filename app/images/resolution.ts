/**
 * The seed's garment resolution rule, free of image libraries so UI code can import it.
 * Re-exported by flat-lay.ts (the shared interface).
 */
/** Try-on needs each side strictly greater than this many pixels (seed: "greater than 500x500"). */
export const TRYON_MIN_SIDE_EXCLUSIVE = 500;
/** Try-on accepts each side up to and including this many pixels (seed: "up to 3000x3000"). */
export const TRYON_MAX_SIDE = 3000;

export interface ResolutionCheck {
  ok: boolean;
  /** Merchant-facing sentence; names the measured size. */
  message: string;
}

/** The seed's garment resolution rule: more than 500×500 px and at most 3000×3000 px. */
export function checkTryOnResolution(width: number, height: number): ResolutionCheck {
  const size = `${width}×${height} px`;
  const rule = `try-on needs more than ${TRYON_MIN_SIDE_EXCLUSIVE}×${TRYON_MIN_SIDE_EXCLUSIVE} px and at most ${TRYON_MAX_SIDE}×${TRYON_MAX_SIDE} px`;
  if (!Number.isFinite(width) || !Number.isFinite(height) || width <= 0 || height <= 0) {
    return { ok: false, message: `The image size could not be measured; ${rule}.` };
  }
  if (width <= TRYON_MIN_SIDE_EXCLUSIVE || height <= TRYON_MIN_SIDE_EXCLUSIVE) {
    return { ok: false, message: `The image is ${size}; ${rule}. Use a larger image.` };
  }
  if (width > TRYON_MAX_SIDE || height > TRYON_MAX_SIDE) {
    return { ok: false, message: `The image is ${size}; ${rule}. Use a smaller image.` };
  }
  return { ok: true, message: `The image is ${size}, within try-on's range.` };
}
