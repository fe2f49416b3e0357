import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { checkColourFidelity, clusterColours, deltaE00, flatLayGarmentColours, RESULT_GARMENT_BOX, toLab, toLabReference } from "./colour-fidelity";

/** A flat lay: a garment-shaped block of `colour` (with an accent stripe) on a light backdrop. */
async function flatLay(colour: string, accent = "#ffffff"): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="500">
    <rect width="400" height="500" fill="#f4f2ee"/>
    <rect x="100" y="80" width="200" height="340" fill="${colour}"/>
    <rect x="100" y="200" width="200" height="30" fill="${accent}"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

/** A result: a backdrop, a skin-toned figure, and the garment colour over the torso (the centre box). */
async function result(garment: string): Promise<Buffer> {
  const W = 768;
  const H = 1024;
  const box = { x: W * (RESULT_GARMENT_BOX.left - 0.1), y: H * (RESULT_GARMENT_BOX.top - 0.08), w: W * (RESULT_GARMENT_BOX.width + 0.2), h: H * (RESULT_GARMENT_BOX.height + 0.16) };
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
    <rect width="${W}" height="${H}" fill="#dfe6ec"/>
    <rect x="${W * 0.3}" y="${H * 0.1}" width="${W * 0.4}" height="${H * 0.8}" fill="#e0b08f"/>
    <rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" fill="${garment}"/>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

describe("colour fidelity (CIEDE2000 between dominant garment colours)", () => {
  it("GIVEN reference pairs THEN ΔE00 matches the CIEDE2000 test data (Sharma et al. 2005)", () => {
    // Pair 1 of Sharma, Wu & Dalal's test data: ΔE00 = 2.0425.
    expect(deltaE00([50, 2.6772, -79.7751], [50, 0, -82.7485])).toBeCloseTo(2.0425, 3);
    expect(deltaE00([50, 0, 0], [50, 0, 0])).toBe(0);
  });

  it("GIVEN a navy flat lay with a white stripe WHEN its garment colour is read THEN the backdrop is excluded and navy dominates", async () => {
    const colours = await flatLayGarmentColours(await flatLay("#1f3a6e"));
    expect(colours).not.toBeNull();
    expect(deltaE00(colours![0].lab, [25.3, 5.7, -31.9])).toBeLessThan(4); // #1f3a6e in Lab (D50)
    expect(colours![0].share).toBeGreaterThan(0.7);
  });

  it("GIVEN a plain backdrop with nothing on it THEN no garment colour is claimed", async () => {
    const blank = await sharp({ create: { width: 300, height: 300, channels: 3, background: "#f4f2ee" } }).jpeg().toBuffer();
    expect(await flatLayGarmentColours(blank)).toBeNull();
  });

  it("GIVEN the same garment colour on the model THEN it matches (ΔE well under the threshold)", async () => {
    const v = await checkColourFidelity(await flatLay("#c0392b"), await result("#c0392b"));
    expect(v).not.toBeNull();
    expect(v!.differs).toBe(false);
    expect(v!.deltaE).toBeLessThan(3);
  });

  it("GIVEN the garment in another colour on the model THEN it differs, and both swatches are reported", async () => {
    const v = await checkColourFidelity(await flatLay("#c0392b"), await result("#2bb2c0"));
    expect(v!.differs).toBe(true);
    expect(v!.deltaE).toBeGreaterThan(20);
    expect(v!.source.hex).toMatch(/^#[0-9a-f]{6}$/);
    expect(v!.result.hex).toMatch(/^#[0-9a-f]{6}$/);
  });

  it("GIVEN a shade of the same family (navy → royal blue) THEN it differs at the default threshold", async () => {
    const v = await checkColourFidelity(await flatLay("#1f3a6e"), await result("#3a6ee0"));
    expect(v!.differs).toBe(true);
  });

  it("GIVEN a threshold THEN the verdict follows it", async () => {
    const lay = await flatLay("#1f3a6e");
    const shot = await result("#2a4a80");
    const strict = await checkColourFidelity(lay, shot, 1);
    const loose = await checkColourFidelity(lay, shot, 40);
    expect(strict!.deltaE).toBe(loose!.deltaE);
    expect([strict!.differs, loose!.differs]).toEqual([true, false]);
  });

  it("GIVEN clusters THEN they are ordered by share, largest first", () => {
    const px: Array<[number, number, number]> = [...Array(70).fill([30, 10, -30]), ...Array(30).fill([90, 0, 0])];
    const c = clusterColours(px);
    expect(c[0].share).toBeCloseTo(0.7, 5);
    expect(c[0].lab[0]).toBeCloseTo(30, 5);
  });
});

describe("toLab (the per-pixel conversion)", () => {
  it("GIVEN every grey and 5,000 random colours WHEN converted THEN they equal colorjs.io's own conversion", () => {
    const colours: Array<[number, number, number]> = Array.from({ length: 256 }, (_, v) => [v, v, v]);
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
    for (let i = 0; i < 5000; i++) colours.push([next(), next(), next()]);
    colours.push([255, 0, 0], [0, 255, 0], [0, 0, 255], [0, 0, 0], [255, 255, 255]);
    for (const [r, g, b] of colours) {
      const fast = toLab(r, g, b);
      const reference = toLabReference(r, g, b);
      for (let i = 0; i < 3; i++) expect(Math.abs(fast[i] - reference[i])).toBeLessThan(1e-9);
    }
  });
});
