/**
 * Renders the local service's try-on results with sharp: a model (a drawn library figure tinted per
 * model, or the caller's model photo) wearing the garment (cut out of its flat-lay background and placed
 * on the torso). Output sizes follow spec §4.2: tops 768×1024, dresses 576×768 (width × height).
 */
import sharp from "sharp";
import type { FixtureModel } from "./library";
import type { ClothingType, ViewType } from "./request";

export const OUTPUT_SIZE: Record<ClothingType, { width: number; height: number }> = {
  tops: { width: 768, height: 1024 },
  dresses: { width: 576, height: 768 },
};

/** A garment cut out of its background: RGBA PNG trimmed to the garment, at most 512 px. */
export interface Cutout {
  png: Buffer;
  width: number;
  height: number;
}

/** Removes the (near-uniform) flat-lay background: pixels close to the border's median colour become transparent. */
export async function cutOutGarment(image: Buffer): Promise<Cutout> {
  const { data, info } = await sharp(image)
    .rotate()
    .resize(512, 512, { fit: "inside", withoutEnlargement: true })
    .flatten({ background: "#ffffff" })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width: w, height: h } = info;
  const border: number[][] = [[], [], []];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (x > 2 && x < w - 3 && y > 2 && y < h - 3) continue;
      const o = (y * w + x) * 3;
      for (let c = 0; c < 3; c++) border[c].push(data[o + c]);
    }
  }
  const bg = border.map((v) => v.sort((a, b) => a - b)[v.length >> 1]);
  const rgba = Buffer.alloc(w * h * 4);
  let minX = w, minY = h, maxX = -1, maxY = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const d = Math.max(Math.abs(data[i * 3] - bg[0]), Math.abs(data[i * 3 + 1] - bg[1]), Math.abs(data[i * 3 + 2] - bg[2]));
      const alpha = d <= 18 ? 0 : d >= 40 ? 255 : Math.round(((d - 18) / 22) * 255);
      rgba[i * 4] = data[i * 3];
      rgba[i * 4 + 1] = data[i * 3 + 1];
      rgba[i * 4 + 2] = data[i * 3 + 2];
      rgba[i * 4 + 3] = alpha;
      if (alpha > 128) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  // Nothing stood out: use the whole image as the "garment".
  if (maxX < 0) {
    minX = 0; minY = 0; maxX = w - 1; maxY = h - 1;
    for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255;
  }
  const cw = maxX - minX + 1;
  const ch = maxY - minY + 1;
  const png = await sharp(rgba, { raw: { width: w, height: h, channels: 4 } })
    .extract({ left: minX, top: minY, width: cw, height: ch })
    .png()
    .toBuffer();
  return { png, width: cw, height: ch };
}

/** Guess for a request without `type`: long garments (taller than 1.35× their width) are dresses. */
export function guessClothingType(cutout: Pick<Cutout, "width" | "height">): ClothingType {
  return cutout.height > cutout.width * 1.35 ? "dresses" : "tops";
}

/** A fixture model, or the caller's model photo (encoded bytes as downloaded). */
export type Subject = { kind: "library"; model: FixtureModel } | { kind: "photo"; photo: Buffer; label: string };

export interface RenderInput {
  type: ClothingType;
  garment: Cutout;
  subject: Subject;
  viewType: ViewType;
  /** 0-based image index (varies pose and framing). */
  index: number;
  count: number;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The figure in a 300×400 design space (same 3:4 ratio as both output sizes). */
function figureSvg(model: FixtureModel, index: number): string {
  const male = model.gender === "male";
  const curvy = model.body === "curvy";
  const sh = male ? 52 : 44; // half shoulder width
  const hip = curvy ? 44 : male ? 36 : 34;
  const swing = [0, 8, -6, 14, 4, -10, 10, -2][index % 8]; // arm angle variation per image
  const skin = model.palette.skin;
  const hair = male ? "#3b2a20" : "#5a3a28";
  const legW = curvy ? 22 : 18;
  return `
  <g stroke="rgba(0,0,0,0.25)" stroke-width="1">
    <path d="M${150 - hip} 215 L${150 - 4} 215 L${150 - 6} 372 L${150 - 6 - legW} 372 Z" fill="${skin}"/>
    <path d="M${150 + 4} 215 L${150 + hip} 215 L${150 + 6 + legW} 372 L${150 + 6} 372 Z" fill="${skin}"/>
    <ellipse cx="${150 - 16 - legW / 2}" cy="378" rx="${legW / 2 + 6}" ry="6" fill="#2f2f2f"/>
    <ellipse cx="${150 + 16 + legW / 2}" cy="378" rx="${legW / 2 + 6}" ry="6" fill="#2f2f2f"/>
    <path d="M${150 - sh} 98 L${150 - sh - 12 - swing} 222 L${150 - sh - 2 - swing} 224 L${150 - sh + 10} 120 Z" fill="${skin}"/>
    <path d="M${150 + sh} 98 L${150 + sh + 12 + swing} 222 L${150 + sh + 2 + swing} 224 L${150 + sh - 10} 120 Z" fill="${skin}"/>
    <path d="M${150 - sh} 96 Q150 86 ${150 + sh} 96 L${150 + hip} 218 L${150 - hip} 218 Z" fill="${skin}"/>
    <rect x="141" y="72" width="18" height="22" fill="${skin}"/>
    <ellipse cx="150" cy="52" rx="${male ? 22 : 21}" ry="26" fill="${skin}"/>
    <path d="M128 48 Q150 ${male ? 16 : 12} 172 48 Q${male ? "170 34 150 30 Q130 34 128 48" : "180 80 170 92 Q174 50 150 36 Q126 50 130 92 Q120 80 128 48"} Z" fill="${hair}"/>
  </g>`;
}

/** Garment box on the torso, in output pixels. */
function garmentBox(type: ClothingType, W: number, H: number, photo: boolean) {
  const s = W / 300; // design space → output
  if (photo) {
    return type === "dresses"
      ? { left: W * 0.3, top: H * 0.22, width: W * 0.4, height: H * 0.6 }
      : { left: W * 0.28, top: H * 0.22, width: W * 0.44, height: H * 0.36 };
  }
  return type === "dresses"
    ? { left: 88 * s, top: 84 * s, width: 124 * s, height: 250 * (H / 400) }
    : { left: 84 * s, top: 84 * s, width: 132 * s, height: 146 * (H / 400) };
}

/** Raw pixels and their layout: the form images take between render stages. */
interface Raw {
  data: Buffer;
  info: { width: number; height: number; channels: 1 | 2 | 3 | 4 };
}

const rawInput = (r: Raw) => sharp(r.data, { raw: r.info });

/**
 * Drawn backdrops and figures, by model, pose and size: a bulk run renders the same few dozen over and
 * over, and rasterising the SVG was a fifth of a result's cost. Bounded (each is 2.4 MB of pixels).
 */
const BASE_CACHE_LIMIT = 24;
const baseCache = new Map<string, Promise<Raw>>();

function libraryBase(model: FixtureModel, index: number, W: number, H: number): Promise<Raw> {
  const key = `${model.name}|${index % 8}|${(index * 37) % 360}|${W}x${H}`;
  let hit = baseCache.get(key);
  if (!hit) {
    const hueShift = (index * 37) % 360;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 300 400" preserveAspectRatio="none">
      <defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">
        <stop offset="0" stop-color="${model.palette.backdrop}"/><stop offset="1" stop-color="hsl(${hueShift}, 20%, 82%)"/>
      </linearGradient></defs>
      <rect width="300" height="400" fill="url(#bg)"/>
      <ellipse cx="150" cy="384" rx="90" ry="8" fill="rgba(0,0,0,0.08)"/>
      ${figureSvg(model, index)}
    </svg>`;
    hit = sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true }) as Promise<Raw>;
    hit.catch(() => baseCache.delete(key));
    if (baseCache.size >= BASE_CACHE_LIMIT) baseCache.delete(baseCache.keys().next().value!);
    baseCache.set(key, hit);
  }
  return hit;
}

/**
 * The caption strip along the bottom, as raw RGBA, drawn at its own height (a full-size overlay cost
 * 20 ms to rasterise) and kept per text: a bulk run's results share a handful of captions.
 */
const captionCache = new Map<string, Promise<Raw>>();

function captionStrip(text: string, W: number): Promise<Raw> {
  const key = `${W}|${text}`;
  let hit = captionCache.get(key);
  if (!hit) {
    const fontSize = Math.round(W / 26);
    const stripH = Math.round(fontSize * 2.6);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${stripH}">
    <rect x="0" y="0" width="${W}" height="${stripH}" fill="rgba(255,255,255,0.78)"/>
    <text x="${W / 2}" y="${stripH - fontSize * 1.35}" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="${fontSize}" fill="#222">${esc(text)}</text>
    <text x="${W / 2}" y="${stripH - fontSize * 0.35}" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="${Math.round(fontSize * 0.6)}" fill="#555">local try-on stand-in · not a real Aidge result</text>
  </svg>`;
    hit = sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer({ resolveWithObject: true }) as Promise<Raw>;
    hit.catch(() => captionCache.delete(key));
    if (captionCache.size >= BASE_CACHE_LIMIT * 4) captionCache.delete(captionCache.keys().next().value!);
    captionCache.set(key, hit);
  }
  return hit;
}

/**
 * Renders one result image as PNG. Stages hand each other raw pixels, and only the finished image is
 * encoded: the service renders every result a caller downloads, on the same cores as the app it serves.
 */
export async function renderTryOn(input: RenderInput): Promise<Buffer> {
  const { width: W, height: H } = OUTPUT_SIZE[input.type];
  const photo = input.subject.kind === "photo";
  const label = input.subject.kind === "library" ? `${input.subject.model.name} · General` : input.subject.label;

  const base: Raw =
    input.subject.kind === "photo"
      ? ((await sharp(input.subject.photo).rotate().resize(W, H, { fit: "cover" }).removeAlpha().raw().toBuffer({ resolveWithObject: true })) as Raw)
      : await libraryBase(input.subject.model, input.index, W, H);

  const box = garmentBox(input.type, W, H, photo);
  const garment = await sharp(input.garment.png)
    .resize(Math.max(1, Math.round(box.width)), Math.max(1, Math.round(box.height)), { fit: "inside" })
    .png({ compressionLevel: 0 })
    .toBuffer({ resolveWithObject: true });
  const gLeft = Math.round(box.left + (box.width - garment.info.width) / 2);
  const gTop = Math.round(box.top);

  const text = `${label} · ${input.index + 1}/${input.count}`;
  const stripe = await captionStrip(text, W);

  let composed = (await rawInput(base)
    .composite([{ input: garment.data, left: gLeft, top: gTop }])
    .raw()
    .toBuffer({ resolveWithObject: true })) as Raw;

  // Half-body framing: crop the upper body and scale back to the output size.
  const half = input.viewType === "halfbody" || (input.viewType === "mixed" && input.index % 2 === 1);
  if (half) {
    const cw = Math.round(W * 0.7);
    const chh = Math.round(H * 0.7);
    composed = (await rawInput(composed)
      .extract({ left: Math.round((W - cw) / 2), top: Math.round(H * 0.04), width: cw, height: chh })
      .resize(W, H)
      .raw()
      .toBuffer({ resolveWithObject: true })) as Raw;
  }
  return rawInput(composed).composite([{ input: stripe.data, raw: stripe.info, left: 0, top: H - stripe.info.height }]).removeAlpha().png({ compressionLevel: 6 }).toBuffer();
}

// ---------- fault "recolor": the garment comes back in another colour ----------

/** sRGB 0..255 → CIE L*a*b* (D65). Hand-written: a dozen lines, and no colour library is a dependency here. */
function toLab(r: number, g: number, b: number): [number, number, number] {
  const lin = (c: number) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const [R, G, B] = [lin(r), lin(g), lin(b)];
  const x = (0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.95047;
  const y = 0.2126 * R + 0.7152 * G + 0.0722 * B;
  const z = (0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

function fromLab(L: number, a: number, bb: number): [number, number, number] {
  const fy = (L + 16) / 116;
  const fx = fy + a / 500;
  const fz = fy - bb / 200;
  const inv = (t: number) => (t ** 3 > 216 / 24389 ? t ** 3 : (116 * t - 16) / (24389 / 27));
  const [x, y, z] = [inv(fx) * 0.95047, inv(fy), inv(fz) * 1.08883];
  const R = 3.2406 * x - 1.5372 * y - 0.4986 * z;
  const G = -0.9689 * x + 1.8758 * y + 0.0415 * z;
  const B = 0.0557 * x - 0.204 * y + 1.057 * z;
  const enc = (c: number) => Math.round(255 * Math.min(1, Math.max(0, c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055)));
  return [enc(R), enc(G), enc(B)];
}

/** Mean chroma (C*ab) below which a garment counts as grey/white/black: rotating its hue would change nothing. */
const ACHROMATIC_CHROMA = 18;

/**
 * The garment in a clearly different colour (fault marker `fault=recolor`): hue turned by 180° in
 * L*C*h; a grey, white or black garment (no hue to turn) is dyed a saturated orange-red instead, with its
 * lightness pulled to mid-range so even white changes. Either way the garment's dominant colour moves by
 * far more than ΔE 10 — what a colour-fidelity check must catch.
 */
export async function recolorCutout(cutout: Cutout): Promise<Cutout> {
  const { data, info } = await sharp(cutout.png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  let chroma = 0;
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] < 128) continue;
    const [, a, b] = toLab(data[i], data[i + 1], data[i + 2]);
    chroma += Math.hypot(a, b);
    n++;
  }
  const achromatic = n === 0 || chroma / n < ACHROMATIC_CHROMA;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] === 0) continue;
    const [L, a, b] = toLab(data[i], data[i + 1], data[i + 2]);
    let out: [number, number, number];
    if (achromatic) {
      const hue = (40 * Math.PI) / 180;
      out = fromLab(Math.min(65, Math.max(40, L)), 60 * Math.cos(hue), 60 * Math.sin(hue));
    } else {
      out = fromLab(L, -a, -b); // hue + 180°, same lightness and chroma
    }
    data[i] = out[0];
    data[i + 1] = out[1];
    data[i + 2] = out[2];
  }
  const png = await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } }).png().toBuffer();
  return { png, width: cutout.width, height: cutout.height };
}
