/**
 * Colour fidelity: does a try-on result show the garment in the colour of its flat-lay photo?
 *
 * The most common complaint about AI apparel photos is a garment that comes back in another shade. The
 * check compares two dominant colours with CIEDE2000 (ΔE00, colorjs.io):
 *
 * - **Source** — the flat lay's garment pixels: the photo is shrunk to at most 96 px, the background
 *   is the median colour of a band along the border (flat lays are shot on a plain backdrop, see
 *   flat-lay.ts), and each row's span from the first to the last pixel clearly off that colour is
 *   garment (so a white garment on a light backdrop counts whole, not just its print). Its dominant
 *   colour is the largest of three k-means clusters in CIE L*a*b* (a print's accent colour, seams and
 *   shadows form the smaller ones).
 * - **Result** — the garment region of the try-on photo: try-on results are framed on the model, whose
 *   torso sits in the middle of the picture in both full-body and half-body views, so the centre box
 *   (40–60 % of the width, 30–55 % of the height) is garment. Its colours are clustered the same way.
 * - **ΔE** — between the source's dominant colour and the nearest result cluster that covers at least
 *   a fifth of the box (the nearest, not the largest: a print's proportions change with the fit on the
 *   body, and a glimpse of skin or background must not stand in for the garment, hence the share floor).
 *
 * Above the threshold (default {@link DEFAULT_DELTA_E_THRESHOLD}; docs/benchmarks.md has the measured
 * rates and why) the result is marked "colour may differ" and is never approved automatically.
 */
import sharp from "./sharp";
import { ColorSpace, deltaE2000, Lab, sRGB, sRGB_Linear, to, XYZ_D50, type PlainColorObject } from "colorjs.io/fn";

ColorSpace.register(sRGB);
ColorSpace.register(sRGB_Linear);
ColorSpace.register(XYZ_D50);
ColorSpace.register(Lab);

/**
 * ΔE00 above which a result is marked "colour may differ". ΔE00 ≈ 2 is a difference people notice side
 * by side; the same garment photographed under studio light on a body measures a few units off its flat
 * lay (shading, exposure, white balance: up to about 6 in bench:colour's lighting variants), while a
 * garment in another shade of its colour family is 10 and more away. 9 sits between the two.
 */
export const DEFAULT_DELTA_E_THRESHOLD = 9;

/** Longest side, in px, the flat lay is analysed at. */
const SOURCE_SIDE = 96;
/** The result's garment box as shares of width and height. */
export const RESULT_GARMENT_BOX = { left: 0.4, top: 0.3, width: 0.2, height: 0.25 } as const;
/** Pixels of the result box analysed (it is resized to this square). */
const RESULT_SIDE = 48;
/** A pixel off the backdrop colour by more than this (max channel, 0..255) is garment. */
const GARMENT_TOLERANCE = 36;
/** Border band thickness, share of each side. */
const BAND_SHARE = 0.04;
/** Fewer garment pixels than this share of the image: no garment found, no verdict. */
const MIN_GARMENT_SHARE = 0.03;
/** Result clusters below this share of the box are not candidates for "the garment". */
const MIN_RESULT_CLUSTER_SHARE = 0.2;
const CLUSTERS = 3;
const ITERATIONS = 12;

type Vec3 = [number, number, number];

export interface DominantColour {
  /** #rrggbb, for the swatch. */
  hex: string;
  /** Share (0..1) of the analysed pixels in this cluster. */
  share: number;
  /** CIE L*a*b* (D50, as colorjs.io's "lab"). */
  lab: Vec3;
}

export interface ColourVerdict {
  source: DominantColour;
  /** The result cluster compared (the nearest large one). */
  result: DominantColour;
  /** CIEDE2000 between the two, rounded to 0.1. */
  deltaE: number;
  differs: boolean;
}

/** colorjs.io's own conversion of one colour, sRGB 0..255 → L*a*b* (the reference for {@link toLab}). */
export const toLabReference = (r: number, g: number, b: number): Vec3 => to({ space: sRGB, coords: [r / 255, g / 255, b / 255], alpha: 1 }, Lab).coords as Vec3;

// The per-pixel conversion is written out here because colorjs.io's generic `to()` (a space lookup and
// fresh objects per call) cost 7 ms of CPU per try-on result, about 11,000 pixels each. Every constant
// comes from colorjs.io: the sRGB transfer curve as a 256-entry table, the sRGB-linear → XYZ (D50,
// Bradford-adapted) matrix as the images of the three primaries (the map is linear), and Lab's white.
const LINEAR = Float64Array.from({ length: 256 }, (_, v) => to({ space: sRGB, coords: [v / 255, 0, 0], alpha: 1 }, sRGB_Linear).coords[0] ?? 0);
const PRIMARIES = [0, 1, 2].map((i) => to({ space: sRGB_Linear, coords: [i === 0 ? 1 : 0, i === 1 ? 1 : 0, i === 2 ? 1 : 0], alpha: 1 }, XYZ_D50).coords.map((c) => c ?? 0));
const WHITE = (Lab as unknown as { white: number[] }).white;
const LAB_EPSILON = 216 / 24389;
const LAB_KAPPA = 24389 / 27;
const labF = (t: number) => (t > LAB_EPSILON ? Math.cbrt(t) : (LAB_KAPPA * t + 16) / 116);

/** sRGB 0..255 → CIE L*a*b* (D50), equal to {@link toLabReference} to 1e-9. */
export function toLab(r: number, g: number, b: number): Vec3 {
  const lr = LINEAR[r];
  const lg = LINEAR[g];
  const lb = LINEAR[b];
  const fx = labF((PRIMARIES[0][0] * lr + PRIMARIES[1][0] * lg + PRIMARIES[2][0] * lb) / WHITE[0]);
  const fy = labF((PRIMARIES[0][1] * lr + PRIMARIES[1][1] * lg + PRIMARIES[2][1] * lb) / WHITE[1]);
  const fz = labF((PRIMARIES[0][2] * lr + PRIMARIES[1][2] * lg + PRIMARIES[2][2] * lb) / WHITE[2]);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

function hexOf(lab: Vec3): string {
  const rgb = to({ space: Lab, coords: lab, alpha: 1 }, sRGB).coords;
  return `#${rgb.map((c) => Math.round(Math.min(1, Math.max(0, c ?? 0)) * 255).toString(16).padStart(2, "0")).join("")}`;
}

const dist2 = (a: Vec3, b: Vec3) => (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2;

/**
 * k-means in L*a*b* (Euclidean), deterministic: seeded at the 1/6, 3/6 and 5/6 lightness quantiles.
 * Returns the clusters largest first.
 */
export function clusterColours(pixels: Vec3[], k = CLUSTERS): DominantColour[] {
  if (pixels.length === 0) return [];
  const byL = [...pixels].sort((a, b) => a[0] - b[0]);
  let centres: Vec3[] = Array.from({ length: Math.min(k, pixels.length) }, (_, i) => [...byL[Math.floor(((2 * i + 1) / (2 * k)) * byL.length)]] as Vec3);
  const assign = new Uint8Array(pixels.length);
  for (let it = 0; it < ITERATIONS; it++) {
    const sums = centres.map(() => [0, 0, 0, 0]);
    for (let i = 0; i < pixels.length; i++) {
      const p = pixels[i];
      let best = 0;
      let bestD = dist2(p, centres[0]);
      for (let c = 1; c < centres.length; c++) {
        const dc = dist2(p, centres[c]);
        if (dc < bestD) {
          best = c;
          bestD = dc;
        }
      }
      assign[i] = best;
      const s = sums[best];
      s[0] += p[0];
      s[1] += p[1];
      s[2] += p[2];
      s[3]++;
    }
    const next = centres.map((c, i) => (sums[i][3] ? ([sums[i][0] / sums[i][3], sums[i][1] / sums[i][3], sums[i][2] / sums[i][3]] as Vec3) : c));
    const moved = next.some((c, i) => dist2(c, centres[i]) > 0.01);
    centres = next;
    if (!moved) break;
  }
  const counts = centres.map(() => 0);
  for (let i = 0; i < pixels.length; i++) counts[assign[i]]++;
  return centres
    .map((lab, i) => ({ lab, share: counts[i] / pixels.length, hex: hexOf(lab) }))
    .filter((c) => c.share > 0)
    .sort((a, b) => b.share - a.share);
}

/** The flat lay's garment colours (largest cluster first), or null when no garment stands out. */
export async function flatLayGarmentColours(image: Uint8Array): Promise<DominantColour[] | null> {
  const { data, info } = await sharp(image)
    .rotate()
    .resize(SOURCE_SIDE, SOURCE_SIDE, { fit: "inside", withoutEnlargement: true })
    .flatten({ background: "#ffffff" })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width: w, height: h, channels: ch } = info;
  const bx = Math.max(2, Math.round(w * BAND_SHARE));
  const by = Math.max(2, Math.round(h * BAND_SHARE));
  const inBand = (x: number, y: number) => x < bx || x >= w - bx || y < by || y >= h - by;
  const band: number[][] = [[], [], []];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!inBand(x, y)) continue;
      for (let c = 0; c < 3; c++) band[c].push(data[(y * w + x) * ch + c]);
    }
  }
  const bg = band.map((v) => v.sort((a, b) => a - b)[v.length >> 1]);
  const off = (o: number) => Math.max(Math.abs(data[o] - bg[0]), Math.abs(data[o + 1] - bg[1]), Math.abs(data[o + 2] - bg[2])) > GARMENT_TOLERANCE;
  // The garment's silhouette, row by row: from the first to the last pixel off the backdrop. Filling
  // the span keeps a white garment on a light backdrop whole (its outline, seams and print stand out,
  // its white body does not) instead of reducing it to its print.
  const garment: Vec3[] = [];
  let inner = 0;
  let offCount = 0;
  for (let y = by; y < h - by; y++) {
    let first = -1;
    let last = -1;
    for (let x = bx; x < w - bx; x++) {
      inner++;
      if (!off((y * w + x) * ch)) continue;
      offCount++;
      if (first < 0) first = x;
      last = x;
    }
    if (last - first < 2) continue;
    for (let x = first; x <= last; x++) {
      const o = (y * w + x) * ch;
      garment.push(toLab(data[o], data[o + 1], data[o + 2]));
    }
  }
  if (offCount < inner * MIN_GARMENT_SHARE) return null;
  return clusterColours(garment);
}

/** The colours of the result's garment box (largest cluster first). */
export async function resultGarmentColours(image: Uint8Array): Promise<DominantColour[]> {
  const meta = await sharp(image).rotate().metadata();
  const oriented = (meta as { autoOrient?: { width: number; height: number } }).autoOrient;
  const W = oriented?.width ?? meta.width ?? 0;
  const H = oriented?.height ?? meta.height ?? 0;
  const box = {
    left: Math.floor(W * RESULT_GARMENT_BOX.left),
    top: Math.floor(H * RESULT_GARMENT_BOX.top),
    width: Math.max(1, Math.round(W * RESULT_GARMENT_BOX.width)),
    height: Math.max(1, Math.round(H * RESULT_GARMENT_BOX.height)),
  };
  const { data, info } = await sharp(image)
    .rotate()
    .extract(box)
    .resize(RESULT_SIDE, RESULT_SIDE, { fit: "fill" })
    .flatten({ background: "#ffffff" })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const pixels: Vec3[] = [];
  for (let o = 0; o < info.width * info.height * info.channels; o += info.channels) pixels.push(toLab(data[o], data[o + 1], data[o + 2]));
  return clusterColours(pixels);
}

/** CIEDE2000 between two L*a*b* colours. */
export const deltaE00 = (a: Vec3, b: Vec3): number => deltaE2000({ space: Lab, coords: a, alpha: 1 } as PlainColorObject, { space: Lab, coords: b, alpha: 1 } as PlainColorObject);

/** Compares the source's dominant colour with the nearest large result cluster. */
export function compareGarmentColours(source: DominantColour[], result: DominantColour[], threshold = DEFAULT_DELTA_E_THRESHOLD): ColourVerdict | null {
  const dominant = source[0];
  const candidates = result.filter((c) => c.share >= MIN_RESULT_CLUSTER_SHARE);
  if (!dominant || candidates.length === 0) return null;
  let best = candidates[0];
  let bestDe = deltaE00(dominant.lab, best.lab);
  for (const c of candidates.slice(1)) {
    const de = deltaE00(dominant.lab, c.lab);
    if (de < bestDe) {
      best = c;
      bestDe = de;
    }
  }
  const deltaE = Math.round(bestDe * 10) / 10;
  return { source: dominant, result: best, deltaE, differs: deltaE > threshold };
}

/** The whole check for one result; null when the flat lay shows no garment to compare with. */
export async function checkColourFidelity(flatLay: Uint8Array, result: Uint8Array, threshold = DEFAULT_DELTA_E_THRESHOLD): Promise<ColourVerdict | null> {
  const source = await flatLayGarmentColours(flatLay);
  if (!source) return null;
  return compareGarmentColours(source, await resultGarmentColours(result), threshold);
}
