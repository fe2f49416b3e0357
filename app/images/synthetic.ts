/**
 * Synthetic garment photos drawn with sharp, for tests, the demo and the local try-on service.
 * They are deterministic (seeded noise) so a test that uses them behaves the same on every run.
 * Not used by production code paths.
 */
import sharp from "./sharp";

export type SyntheticBackground = "plain" | "noisy" | "clutter";

export interface SyntheticGarmentOptions {
  /** Output width in px. */
  width: number;
  /** Output height in px. */
  height: number;
  /** Garment silhouette; default "tops". */
  kind?: "tops" | "dresses";
  /** Background: plain light grey (default), per-pixel noise, or large random colour blocks. */
  background?: SyntheticBackground;
  /** Garment colour (CSS colour); default navy. */
  colour?: string;
  /**
   * Scale of the garment relative to the frame (1 = fits inside with a margin; default 0.8).
   * Values above ~1.15 push the garment across the image edges ("cut off").
   */
  scale?: number;
  /** Seed for the noise/clutter generator; default 1. */
  seed?: number;
  /** Output format; default "png". */
  format?: "png" | "jpeg";
}

/** A t-shirt outline in a 100×100 box. */
const TOP_PATH =
  "M30 8 L42 4 Q50 12 58 4 L70 8 L96 26 L86 42 L74 35 L74 96 L26 96 L26 35 L14 42 L4 26 Z";
/** A dress outline in a 100×100 box. */
const DRESS_PATH = "M38 2 L62 2 L64 22 L72 36 L90 96 L10 96 L28 36 L36 22 Z";

/** Small deterministic PRNG (mulberry32) so synthetic noise is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** SVG of the garment alone (transparent around it), sized width×height. */
export function garmentSvg(width: number, height: number, kind: "tops" | "dresses", colour: string, scale: number): string {
  const side = Math.min(width, height) * scale;
  const x = (width - side) / 2;
  const y = (height - side) / 2;
  const path = kind === "dresses" ? DRESS_PATH : TOP_PATH;
  const k = side / 100;
  // A collar stripe and pocket give the garment some internal detail, like a real photo.
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <g transform="translate(${x.toFixed(2)} ${y.toFixed(2)}) scale(${k.toFixed(4)})">
    <path d="${path}" fill="${colour}" stroke="#1b1b1b" stroke-width="0.6"/>
    <path d="M42 4 Q50 12 58 4" fill="none" stroke="#e8e8e8" stroke-width="1.5"/>
    <rect x="56" y="40" width="10" height="10" fill="none" stroke="#dddddd" stroke-width="0.8"/>
  </g>
</svg>`;
}

async function backgroundRaw(width: number, height: number, kind: SyntheticBackground, seed: number): Promise<Buffer> {
  const rnd = seededRandom(seed);
  const raw = Buffer.alloc(width * height * 3);
  if (kind === "plain") {
    for (let i = 0; i < raw.length; i += 3) {
      raw[i] = 243;
      raw[i + 1] = 242;
      raw[i + 2] = 238;
    }
    return raw;
  }
  if (kind === "noisy") {
    // Noise in 6×6 px grains: survives the downscale the flat-lay check applies.
    const grain = 6;
    const gw = Math.ceil(width / grain);
    const gh = Math.ceil(height / grain);
    const grains = Buffer.alloc(gw * gh * 3);
    for (let i = 0; i < grains.length; i++) grains[i] = Math.floor(rnd() * 256);
    for (let yy = 0; yy < height; yy++) {
      for (let xx = 0; xx < width; xx++) {
        const g = (Math.floor(yy / grain) * gw + Math.floor(xx / grain)) * 3;
        const o = (yy * width + xx) * 3;
        raw[o] = grains[g];
        raw[o + 1] = grains[g + 1];
        raw[o + 2] = grains[g + 2];
      }
    }
    return raw;
  }
  // clutter: random coloured rectangles over a mid-grey base, like a busy room scene.
  raw.fill(128);
  const rects = 60;
  for (let r = 0; r < rects; r++) {
    const rw = Math.floor(width * (0.05 + rnd() * 0.25));
    const rh = Math.floor(height * (0.05 + rnd() * 0.25));
    const rx = Math.floor(rnd() * (width - rw));
    const ry = Math.floor(rnd() * (height - rh));
    const c = [Math.floor(rnd() * 256), Math.floor(rnd() * 256), Math.floor(rnd() * 256)];
    for (let yy = ry; yy < ry + rh; yy++) {
      for (let xx = rx; xx < rx + rw; xx++) {
        const o = (yy * width + xx) * 3;
        raw[o] = c[0];
        raw[o + 1] = c[1];
        raw[o + 2] = c[2];
      }
    }
  }
  return raw;
}

/** Draws a synthetic garment photo and returns the encoded image bytes. */
export async function syntheticGarment(options: SyntheticGarmentOptions): Promise<Buffer> {
  const { width, height } = options;
  const kind = options.kind ?? "tops";
  const bg = await backgroundRaw(width, height, options.background ?? "plain", options.seed ?? 1);
  const svg = garmentSvg(width, height, kind, options.colour ?? "#1f3a6e", options.scale ?? 0.8);
  const img = sharp(bg, { raw: { width, height, channels: 3 } }).composite([{ input: Buffer.from(svg) }]);
  return options.format === "jpeg" ? img.jpeg({ quality: 88 }).toBuffer() : img.png({ compressionLevel: 6 }).toBuffer();
}
