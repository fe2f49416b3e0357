import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { FIXTURE_LIBRARY } from "./library";
import { cutOutGarment, guessClothingType, OUTPUT_SIZE, recolorCutout, renderTryOn, type Cutout } from "./render";

/** A flat lay of our own (no app code): a garment shape on a plain light background. */
function flatLay(o: { width: number; height: number; kind?: "tops" | "dresses"; colour?: string }): Promise<Buffer> {
  const { width: w, height: h } = o;
  const side = Math.min(w, h) * 0.8;
  const path = o.kind === "dresses" ? "M38 2 L62 2 L64 22 L72 36 L90 96 L10 96 L28 36 L36 22 Z" : "M30 8 L42 4 Q50 12 58 4 L70 8 L96 26 L86 42 L74 35 L74 96 L26 96 L26 35 L14 42 L4 26 Z";
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="${w}" height="${h}" fill="#f3f2ee"/>
    <g transform="translate(${(w - side) / 2} ${(h - side) / 2}) scale(${side / 100})"><path d="${path}" fill="${o.colour ?? "#1f3a6e"}"/></g></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Mean colour of the opaque pixels of a cut-out. */
async function meanColour(c: Cutout): Promise<[number, number, number]> {
  const { data } = await sharp(c.png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const sum = [0, 0, 0];
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] < 250) continue;
    for (let k = 0; k < 3; k++) sum[k] += data[i + k];
    n++;
  }
  return sum.map((v) => v / n) as [number, number, number];
}

/** Hue in degrees (HSV) of an sRGB colour. */
function hue([r, g, b]: [number, number, number]): number {
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return 0;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

describe("render", () => {
  it("GIVEN a flat lay THEN the cut-out is trimmed to the garment with a transparent background", async () => {
    const c = await cutOutGarment(await flatLay({ width: 800, height: 1000 }));
    // Scaled to 410×512; the tee spans 92% of a 328 px box → about 301 px once trimmed.
    expect(c.width).toBeGreaterThan(290);
    expect(c.width).toBeLessThan(315);
    expect(c.height).toBeLessThan(512);
    const { data } = await sharp(c.png).raw().toBuffer({ resolveWithObject: true });
    expect(data[3]).toBe(0); // top-left corner (beside the collar) is transparent
  });

  it("GIVEN garment proportions THEN long garments are guessed as dresses", () => {
    expect(guessClothingType({ width: 400, height: 400 })).toBe("tops");
    expect(guessClothingType({ width: 300, height: 600 })).toBe("dresses");
  });

  it.each(["tops", "dresses"] as const)("GIVEN %s THEN the image has the spec's output size for every view", async (type) => {
    const garment = await cutOutGarment(await flatLay({ width: 800, height: 1000, kind: type }));
    for (const viewType of ["fullbody", "halfbody"] as const) {
      const png = await renderTryOn({ type, garment, subject: { kind: "library", model: FIXTURE_LIBRARY[1] }, viewType, index: 0, count: 1 });
      const m = await sharp(png).metadata();
      expect([m.width, m.height]).toEqual([OUTPUT_SIZE[type].width, OUTPUT_SIZE[type].height]);
    }
    expect(OUTPUT_SIZE.tops).toEqual({ width: 768, height: 1024 });
    expect(OUTPUT_SIZE.dresses).toEqual({ width: 576, height: 768 });
  });

  it("GIVEN a navy garment WHEN recoloured THEN its hue turns by at least 90°", async () => {
    const c = await cutOutGarment(await flatLay({ width: 800, height: 1000, colour: "#1f3a6e" }));
    const before = hue(await meanColour(c));
    const after = hue(await meanColour(await recolorCutout(c)));
    const turn = Math.min(Math.abs(after - before), 360 - Math.abs(after - before));
    expect(turn).toBeGreaterThanOrEqual(90);
  });

  it.each(["#f7f7f7", "#222222", "#8a8a8a"])("GIVEN a grey-scale garment %s WHEN recoloured THEN it becomes clearly coloured", async (colour) => {
    const c = await cutOutGarment(await flatLay({ width: 800, height: 1000, colour }));
    const [r, g, b] = await meanColour(await recolorCutout(c));
    // A strong colour: channels far apart (grey has them equal).
    expect(Math.max(r, g, b) - Math.min(r, g, b)).toBeGreaterThan(60);
  });
});
