/**
 * Garment photos for the local Admin API's seed, drawn with sharp from SVG: tops and dresses
 * silhouettes in several colours and patterns on plain light backgrounds (flat lays), plus the bad
 * cases a real catalog has (a busy lifestyle background, a garment cut off by the frame).
 * Deterministic: the same spec always gives the same bytes.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";

export type GarmentKind = "tops" | "dresses" | "longcoat";
export type GarmentPattern = "solid" | "stripes" | "dots" | "checks";

export interface GarmentImageSpec {
  kind: GarmentKind;
  /** Main colour (CSS). */
  colour: string;
  pattern?: GarmentPattern;
  /** Pattern colour (CSS); default white. */
  patternColour?: string;
  /** Default 800. */
  width?: number;
  /** Default 1000. */
  height?: number;
  /** "plain" (studio backdrop, default) or "lifestyle" (a busy room scene). */
  background?: "plain" | "lifestyle";
  /** Backdrop colour for "plain"; default #f4f2ee. */
  backgroundColour?: string;
  /** Garment size relative to the frame; default 0.8 (fully inside). Above ~1.2 the garment is cut off. */
  scale?: number;
  /** Seed for the lifestyle scene; default 7. */
  seed?: number;
  /** Default "jpeg". */
  format?: "jpeg" | "png";
}

/** Outlines in a 100×100 box. */
const PATHS: Record<GarmentKind, string> = {
  tops: "M30 10 L41 6 Q50 15 59 6 L70 10 L95 28 L85 43 L74 36 L74 94 L26 94 L26 36 L15 43 L5 28 Z",
  dresses: "M39 3 L46 3 Q50 9 54 3 L61 3 L63 22 L70 36 L88 96 L12 96 L30 36 L37 22 Z",
  longcoat: "M34 4 L44 3 L50 14 L56 3 L66 4 L84 18 L88 62 L78 63 L76 34 L76 97 L24 97 L24 34 L22 63 L12 62 L16 18 Z",
};

/** Inner details (collar, seams, buttons) drawn over the garment so it looks like clothing, not a blob. */
const DETAILS: Record<GarmentKind, string> = {
  tops: `<path d="M41 6 Q50 15 59 6" fill="none" stroke="rgba(0,0,0,0.35)" stroke-width="1.2"/>
         <path d="M26 36 L26 44 M74 36 L74 44" stroke="rgba(0,0,0,0.2)" stroke-width="0.6"/>`,
  dresses: `<path d="M37 22 Q50 26 63 22" fill="none" stroke="rgba(0,0,0,0.3)" stroke-width="0.8"/>
            <path d="M46 3 Q50 9 54 3" fill="none" stroke="rgba(0,0,0,0.35)" stroke-width="0.9"/>`,
  longcoat: `<path d="M50 14 L50 97" stroke="rgba(0,0,0,0.35)" stroke-width="0.8"/>
             <circle cx="53" cy="30" r="1.2" fill="rgba(0,0,0,0.5)"/><circle cx="53" cy="45" r="1.2" fill="rgba(0,0,0,0.5)"/>
             <circle cx="53" cy="60" r="1.2" fill="rgba(0,0,0,0.5)"/><path d="M24 62 L40 62 M60 62 L76 62" stroke="rgba(0,0,0,0.25)" stroke-width="0.6"/>`,
};

function patternDef(pattern: GarmentPattern, colour: string, accent: string): string {
  switch (pattern) {
    case "stripes":
      return `<pattern id="p" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="${colour}"/><rect width="8" height="3" fill="${accent}"/></pattern>`;
    case "dots":
      return `<pattern id="p" width="7" height="7" patternUnits="userSpaceOnUse"><rect width="7" height="7" fill="${colour}"/><circle cx="3.5" cy="3.5" r="1.4" fill="${accent}"/></pattern>`;
    case "checks":
      return `<pattern id="p" width="10" height="10" patternUnits="userSpaceOnUse"><rect width="10" height="10" fill="${colour}"/><rect width="5" height="5" fill="${accent}" opacity="0.6"/><rect x="5" y="5" width="5" height="5" fill="${accent}" opacity="0.6"/></pattern>`;
    default:
      return `<pattern id="p" width="10" height="10" patternUnits="userSpaceOnUse"><rect width="10" height="10" fill="${colour}"/></pattern>`;
  }
}

/** mulberry32: small deterministic PRNG for the lifestyle scene. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A cluttered room: shelves, furniture, plants and a patterned rug in many colours. */
function lifestyleScene(width: number, height: number, seed: number): string {
  const rnd = random(seed);
  const colour = () => `hsl(${Math.floor(rnd() * 360)},${40 + Math.floor(rnd() * 50)}%,${25 + Math.floor(rnd() * 50)}%)`;
  const shapes: string[] = [`<rect width="${width}" height="${height}" fill="${colour()}"/>`];
  for (let i = 0; i < 90; i++) {
    const w = width * (0.03 + rnd() * 0.22);
    const h = height * (0.03 + rnd() * 0.22);
    const x = rnd() * width - w / 3;
    const y = rnd() * height - h / 3;
    shapes.push(
      rnd() < 0.5
        ? `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" fill="${colour()}"/>`
        : `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${(w / 2).toFixed(1)}" fill="${colour()}"/>`,
    );
  }
  // Fine stripes (a rug, blinds): texture that survives downscaling.
  for (let y = 0; y < height; y += 14) {
    shapes.push(`<rect x="0" y="${y}" width="${width}" height="5" fill="${colour()}" opacity="0.35"/>`);
  }
  return shapes.join("");
}

/** Renders one garment photo. */
export async function renderGarmentImage(spec: GarmentImageSpec): Promise<Buffer> {
  const width = spec.width ?? 800;
  const height = spec.height ?? 1000;
  const scale = spec.scale ?? 0.8;
  const side = Math.min(width, height) * scale;
  // Garments are drawn in a square box; stretch it to the portrait frame a little for realism.
  const boxW = side;
  const boxH = Math.min(height * scale * 1.02, side * (height / width));
  const x = (width - boxW) / 2;
  const y = (height - boxH) / 2;
  const background =
    spec.background === "lifestyle"
      ? lifestyleScene(width, height, spec.seed ?? 7)
      : `<rect width="${width}" height="${height}" fill="${spec.backgroundColour ?? "#f4f2ee"}"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
  <defs>${patternDef(spec.pattern ?? "solid", spec.colour, spec.patternColour ?? "#ffffff")}</defs>
  ${background}
  <g transform="translate(${x.toFixed(2)} ${y.toFixed(2)}) scale(${(boxW / 100).toFixed(4)} ${(boxH / 100).toFixed(4)})">
    <path d="${PATHS[spec.kind]}" fill="url(#p)" stroke="#2b2b2b" stroke-width="0.5" stroke-linejoin="round"/>
    ${DETAILS[spec.kind]}
  </g>
</svg>`;
  const image = sharp(Buffer.from(svg));
  return spec.format === "png" ? image.png({ compressionLevel: 8 }).toBuffer() : image.jpeg({ quality: 86 }).toBuffer();
}

// Rendering is slow for big photos (a 5000×5000 takes about 2 s): cache in-process and on disk, keyed
// by the spec, so each photo is drawn once per machine and only when something first asks for its bytes.
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const IMAGE_CACHE = join(REPO_ROOT, ".cache", "local-admin-api", "images-v2");
const rendered = new Map<string, Promise<Buffer>>();

/** Key of a spec (stable across processes): names its disk-cache file and its blob. */
export function renderKey(spec: GarmentImageSpec): string {
  return createHash("sha256").update(JSON.stringify(spec)).digest("hex").slice(0, 24);
}

/** The pixel size renderGarmentImage produces for a spec (known without rendering). */
export function renderedSize(spec: GarmentImageSpec): { width: number; height: number } {
  return { width: spec.width ?? 800, height: spec.height ?? 1000 };
}

export const renderedMimeType = (spec: GarmentImageSpec) => (spec.format === "png" ? "image/png" : "image/jpeg");

/** renderGarmentImage, cached in memory and under .cache/local-admin-api/. */
export function renderCached(spec: GarmentImageSpec): Promise<Buffer> {
  const key = renderKey(spec);
  let pending = rendered.get(key);
  if (!pending) {
    pending = (async () => {
      const file = join(IMAGE_CACHE, `${key}.${spec.format === "png" ? "png" : "jpg"}`);
      if (existsSync(file)) return readFile(file);
      const bytes = await renderGarmentImage(spec);
      await mkdir(IMAGE_CACHE, { recursive: true });
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, file);
      return bytes;
    })();
    pending.catch(() => rendered.delete(key));
    rendered.set(key, pending);
  }
  return pending;
}
