/**
 * Image checks of the catalog (choosing a product's garment image): the seed's resolution range and a
 * flat-lay heuristic. (The local try-on service has its own, independent checks for its 703 and 707.)
 *
 * The flat-lay heuristic looks only at a band along the image border (~3% of each side) after a
 * downscale to at most 256 px, so it costs a few milliseconds per image:
 * - the background there must be near-uniform in colour (a plain studio backdrop), and
 * - the garment must not touch or cross the image edges (a garment cut off by the frame),
 * - and something must stand out from the background inside the frame (otherwise there is no garment).
 */
import sharp from "./sharp";

export { checkTryOnResolution, TRYON_MAX_SIDE, TRYON_MIN_SIDE_EXCLUSIVE, type ResolutionCheck } from "./resolution";

export interface FlatLayVerdict {
  ok: boolean;
  /** Width of the image in px (after EXIF orientation). */
  width: number;
  /** Height of the image in px (after EXIF orientation). */
  height: number;
  /** Merchant-facing reasons the image fails; empty when ok. */
  reasons: string[];
  /** 0..1: share of the non-garment border band that is plain background of one colour. */
  backgroundUniformity: number;
  /** 0..1: share of the border band covered by the garment (a garment cut off by the frame). */
  edgeTouch: number;
}

/** Longest side, in px, the heuristic analyses. */
const ANALYSIS_SIDE = 256;
/** Band thickness as a share of each side. */
const BAND_SHARE = 0.03;
/** A border pixel differing from the background colour by more than this (max channel, 0..255) is "not background". */
const COLOUR_TOLERANCE = 28;
/** An inner pixel differing from the background by more than this counts towards "a garment is there". */
const FOREGROUND_TOLERANCE = 14;
/**
 * Off-background border pixels are grouped into coarse colour bins (64 levels per channel); the few
 * dominant bins are the garment, the rest are a busy background (a garment has a few colours, clutter many).
 */
const GARMENT_COLOUR_BINS = 3;
/** A pixel whose neighbours differ by more than this (max channel) is "textured". */
const TEXTURE_TOLERANCE = 20;
/** Minimum backgroundUniformity for a pass. */
export const MIN_BACKGROUND_UNIFORMITY = 0.8;
/** Maximum edgeTouch for a pass (a sleeve tip may graze the border). */
export const MAX_EDGE_TOUCH = 0.03;
/** Minimum share of the inner area that must differ from the background (there is a garment). */
const MIN_FOREGROUND_SHARE = 0.03;

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * Judges whether an image is a complete flat lay: a garment fully inside the frame on a plain background.
 * Throws if the bytes are not a decodable image.
 */
export async function assessFlatLay(image: Buffer | Uint8Array): Promise<FlatLayVerdict> {
  const input = Buffer.isBuffer(image) ? image : Buffer.from(image.buffer, image.byteOffset, image.byteLength);
  const meta = await sharp(input).metadata();
  const oriented = (meta as { autoOrient?: { width: number; height: number } }).autoOrient;
  const width = oriented?.width ?? meta.width ?? 0;
  const height = oriented?.height ?? meta.height ?? 0;

  const { data, info } = await sharp(input)
    .rotate()
    .resize(ANALYSIS_SIDE, ANALYSIS_SIDE, { fit: "inside", withoutEnlargement: true })
    .flatten({ background: "#ffffff" })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const w = info.width;
  const h = info.height;
  const ch = info.channels;
  const bandX = Math.max(2, Math.round(w * BAND_SHARE));
  const bandY = Math.max(2, Math.round(h * BAND_SHARE));
  const inBand = (x: number, y: number) => x < bandX || x >= w - bandX || y < bandY || y >= h - bandY;
  const at = (x: number, y: number, c: number) => data[(y * w + x) * ch + c];

  // Background colour: per-channel median of the band (robust to a garment covering part of it).
  const hist = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)];
  let bandCount = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!inBand(x, y)) continue;
      bandCount++;
      for (let c = 0; c < 3; c++) hist[c][at(x, y, c)]++;
    }
  }
  const bg = hist.map((hc) => {
    let acc = 0;
    for (let v = 0; v < 256; v++) {
      acc += hc[v];
      if (acc * 2 >= bandCount) return v;
    }
    return 255;
  });
  const distance = (x: number, y: number) =>
    Math.max(Math.abs(at(x, y, 0) - bg[0]), Math.abs(at(x, y, 1) - bg[1]), Math.abs(at(x, y, 2) - bg[2]));
  const texture = (x: number, y: number) => {
    let t = 0;
    const nx = x + 1 < w ? x + 1 : x - 1;
    const ny = y + 1 < h ? y + 1 : y - 1;
    for (let c = 0; c < 3; c++) {
      t = Math.max(t, Math.abs(at(x, y, c) - at(nx, y, c)), Math.abs(at(x, y, c) - at(x, ny, c)));
    }
    return t;
  };

  // Classify band pixels: plain background, smooth garment (off-colour but not textured), or textured.
  let plain = 0;
  let inner = 0;
  let foreground = 0;
  const offBins = new Uint32Array(64);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const d = distance(x, y);
      if (!inBand(x, y)) {
        inner++;
        if (d > FOREGROUND_TOLERANCE) foreground++;
        continue;
      }
      const smooth = texture(x, y) <= TEXTURE_TOLERANCE;
      if (!smooth) continue;
      if (d <= COLOUR_TOLERANCE) plain++;
      else offBins[(at(x, y, 0) >> 6) * 16 + (at(x, y, 1) >> 6) * 4 + (at(x, y, 2) >> 6)]++;
    }
  }
  const garment = [...offBins]
    .sort((a, b) => b - a)
    .slice(0, GARMENT_COLOUR_BINS)
    .reduce((a, b) => a + b, 0);
  const edgeTouch = bandCount ? garment / bandCount : 0;
  const nonGarment = bandCount - garment;
  const backgroundUniformity = nonGarment > 0 ? plain / nonGarment : 0;
  const foregroundShare = inner ? foreground / inner : 0;

  const reasons: string[] = [];
  if (backgroundUniformity < MIN_BACKGROUND_UNIFORMITY) {
    reasons.push(
      `The background is busy or uneven (only ${pct(backgroundUniformity)} of the border is plain); use a photo of the garment on a plain, solid background.`,
    );
  }
  if (edgeTouch > MAX_EDGE_TOUCH) {
    reasons.push(
      `The garment looks cut off at the image edges (it covers ${pct(edgeTouch)} of the border); use a photo that shows the whole garment with space around it.`,
    );
  }
  if (reasons.length === 0 && foregroundShare < MIN_FOREGROUND_SHARE) {
    reasons.push("No garment stands out from the background; use a flat-lay photo of the whole garment on a plain background.");
  }
  return {
    ok: reasons.length === 0,
    width,
    height,
    reasons,
    backgroundUniformity: round3(backgroundUniformity),
    edgeTouch: round3(edgeTouch),
  };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
