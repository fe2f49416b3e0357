/**
 * The stand-in's input checks on a downloaded garment, from the seed's rules (spec §0, §2.3, §5):
 * resolution "greater than 500x500 pixels and up to a maximum of 3000x3000" (703), and — only when
 * `inputQualityDetect` is 1 — "not a complete flat lay" (707). Aidge's own detector is unknown; this is a
 * small heuristic of our own, independent of the app's flat-lay ranking, looking at the image border:
 * a flat lay sits on one plain background and does not run off the frame.
 */
import sharp from "sharp";

/** Each side must be greater than this (seed: "greater than 500x500"). */
export const MIN_SIDE_EXCLUSIVE = 500;
/** Each side may be at most this (seed: "up to a maximum of 3000x3000"). */
export const MAX_SIDE = 3000;

/** Undefined when the size is accepted, else the 703 detail (names the measured size in px). */
export function resolutionProblem(width: number, height: number): string | undefined {
  if (width > MIN_SIDE_EXCLUSIVE && height > MIN_SIDE_EXCLUSIVE && width <= MAX_SIDE && height <= MAX_SIDE) return undefined;
  return `clothesList[0].imageUrl: the image is ${width}×${height} px; it must be greater than ${MIN_SIDE_EXCLUSIVE}×${MIN_SIDE_EXCLUSIVE} px and at most ${MAX_SIDE}×${MAX_SIDE} px`;
}

/** Side, in px, the image is reduced to before looking at it (keeps a check to a few ms). */
const SIDE = 200;
/** Border ring thickness, share of each side. */
const RING = 0.035;
/** A pixel within this distance (max channel) of the background colour is background. */
const NEAR = 30;
/** Share of the non-garment ring that must be plain background. */
const MIN_PLAIN = 0.8;
/** Share of the ring the garment may cover (a sleeve tip may graze the edge). */
const MAX_TOUCH = 0.035;
/** Share of the inside that must differ from the background (there is a garment at all). */
const MIN_INSIDE = 0.03;

/** Reasons the garment is not a complete flat lay; empty when it is one. */
export async function flatLayProblems(image: Buffer): Promise<string[]> {
  const { data, info } = await sharp(image)
    .rotate()
    .resize(SIDE, SIDE, { fit: "inside", withoutEnlargement: true })
    .flatten({ background: "#ffffff" })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width: w, height: h } = info;
  const rx = Math.max(2, Math.round(w * RING));
  const ry = Math.max(2, Math.round(h * RING));
  const onRing = (x: number, y: number) => x < rx || y < ry || x >= w - rx || y >= h - ry;
  const px = (x: number, y: number) => (y * w + x) * 3;

  // Background colour: the most common coarse colour on the ring, refined to the mean of its pixels.
  const bins = new Map<number, { n: number; r: number; g: number; b: number }>();
  const binOf = (o: number) => ((data[o] >> 5) << 6) | ((data[o + 1] >> 5) << 3) | (data[o + 2] >> 5);
  let ring = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!onRing(x, y)) continue;
      ring++;
      const o = px(x, y);
      const k = binOf(o);
      const e = bins.get(k) ?? { n: 0, r: 0, g: 0, b: 0 };
      e.n++;
      e.r += data[o];
      e.g += data[o + 1];
      e.b += data[o + 2];
      bins.set(k, e);
    }
  }
  const sorted = [...bins.entries()].sort((a, b) => b[1].n - a[1].n);
  const top = sorted[0][1];
  const bg = [top.r / top.n, top.g / top.n, top.b / top.n];
  const near = (o: number) => Math.max(Math.abs(data[o] - bg[0]), Math.abs(data[o + 1] - bg[1]), Math.abs(data[o + 2] - bg[2])) <= NEAR;

  // Off-background ring pixels: a garment running off the frame is one or two colours; clutter is many.
  let plain = 0;
  const off = new Map<number, number>();
  let inside = 0;
  let standsOut = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = px(x, y);
      if (!onRing(x, y)) {
        inside++;
        if (!near(o)) standsOut++;
        continue;
      }
      if (near(o)) plain++;
      else off.set(binOf(o), (off.get(binOf(o)) ?? 0) + 1);
    }
  }
  const garmentOnRing = [...off.values()].sort((a, b) => b - a).slice(0, 2).reduce((a, b) => a + b, 0);
  const touch = garmentOnRing / ring;
  const plainShare = plain / Math.max(1, ring - garmentOnRing);

  const problems: string[] = [];
  if (plainShare < MIN_PLAIN) problems.push(`The background is busy: only ${Math.round(plainShare * 100)}% of the border is one plain colour.`);
  if (touch > MAX_TOUCH) problems.push(`The garment is cut off by the image edges (it covers ${Math.round(touch * 100)}% of the border).`);
  if (problems.length === 0 && standsOut / Math.max(1, inside) < MIN_INSIDE) problems.push("No garment stands out from the background.");
  return problems;
}
