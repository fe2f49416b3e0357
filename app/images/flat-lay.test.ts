import { describe, expect, it } from "vitest";
import sharp from "sharp";
import {
  assessFlatLay,
  checkTryOnResolution,
  MAX_EDGE_TOUCH,
  MIN_BACKGROUND_UNIFORMITY,
  TRYON_MAX_SIDE,
  TRYON_MIN_SIDE_EXCLUSIVE,
} from "./flat-lay";
import { syntheticGarment } from "./synthetic";

describe("checkTryOnResolution", () => {
  it("GIVEN the seed's bounds THEN the constants are 500 (exclusive) and 3000 (inclusive)", () => {
    expect(TRYON_MIN_SIDE_EXCLUSIVE).toBe(500);
    expect(TRYON_MAX_SIDE).toBe(3000);
  });

  it("GIVEN a 420×380 image THEN it fails and the message names the measured size and the rule", () => {
    const r = checkTryOnResolution(420, 380);
    expect(r.ok).toBe(false);
    expect(r.message).toContain("The image is 420×380 px; try-on needs more than 500×500 px and at most 3000×3000 px");
  });

  it.each([
    [500, 800, false],
    [800, 500, false],
    [501, 501, true],
    [3000, 3000, true],
    [3001, 2000, false],
    [2000, 3001, false],
    [0, 0, false],
  ])("GIVEN %i×%i THEN ok is %s", (w, h, ok) => {
    expect(checkTryOnResolution(w, h).ok).toBe(ok);
  });

  it("GIVEN a too-large image THEN the message says to use a smaller one", () => {
    expect(checkTryOnResolution(3500, 3500).message).toMatch(/3500×3500 px.*smaller/);
  });
});

describe("assessFlatLay", () => {
  it("GIVEN a garment fully inside the frame on a plain background WHEN assessed THEN it is ok and sized", async () => {
    const v = await assessFlatLay(await syntheticGarment({ width: 800, height: 1000 }));
    expect(v).toMatchObject({ ok: true, width: 800, height: 1000, reasons: [] });
    expect(v.backgroundUniformity).toBeGreaterThanOrEqual(MIN_BACKGROUND_UNIFORMITY);
    expect(v.edgeTouch).toBeLessThanOrEqual(MAX_EDGE_TOUCH);
  });

  it("GIVEN the same flat lay as a JPEG in a Uint8Array WHEN assessed THEN it is still ok", async () => {
    const jpeg = await syntheticGarment({ width: 900, height: 1200, kind: "dresses", colour: "#b03a2e", format: "jpeg" });
    const v = await assessFlatLay(new Uint8Array(jpeg));
    expect(v.ok).toBe(true);
    expect([v.width, v.height]).toEqual([900, 1200]);
  });

  it("GIVEN a light garment on an off-white background WHEN assessed THEN it is ok (a garment is found)", async () => {
    const v = await assessFlatLay(await syntheticGarment({ width: 800, height: 1000, colour: "#dcdcdc" }));
    expect(v.ok).toBe(true);
  });

  it("GIVEN a garment on a busy noisy background WHEN assessed THEN it fails on background uniformity", async () => {
    const v = await assessFlatLay(await syntheticGarment({ width: 800, height: 1000, background: "noisy" }));
    expect(v.ok).toBe(false);
    expect(v.backgroundUniformity).toBeLessThan(MIN_BACKGROUND_UNIFORMITY);
    expect(v.reasons.join(" ")).toMatch(/background is busy/);
  });

  it("GIVEN a garment on a cluttered multi-colour background WHEN assessed THEN it fails and names the busy background", async () => {
    const v = await assessFlatLay(await syntheticGarment({ width: 800, height: 1000, background: "clutter" }));
    expect(v.ok).toBe(false);
    expect(v.reasons.join(" ")).toMatch(/background is busy/);
  });

  it("GIVEN a garment cut off by the image edges WHEN assessed THEN it fails on edge touch", async () => {
    const v = await assessFlatLay(await syntheticGarment({ width: 800, height: 1000, scale: 1.4 }));
    expect(v.ok).toBe(false);
    expect(v.edgeTouch).toBeGreaterThan(MAX_EDGE_TOUCH);
    expect(v.reasons.join(" ")).toMatch(/cut off at the image edges/);
  });

  it("GIVEN a plain image with no garment WHEN assessed THEN it fails saying no garment stands out", async () => {
    const blank = await sharp({ create: { width: 800, height: 800, channels: 3, background: "#f0f0f0" } }).png().toBuffer();
    const v = await assessFlatLay(blank);
    expect(v.ok).toBe(false);
    expect(v.reasons[0]).toMatch(/No garment/);
  });

  it("GIVEN a transparent PNG garment WHEN assessed THEN transparency counts as a plain background", async () => {
    const png = await sharp({ create: { width: 700, height: 900, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite([{ input: await syntheticGarment({ width: 500, height: 600 }), top: 150, left: 100 }])
      .png()
      .toBuffer();
    // The synthetic garment's own light backdrop sits inside a transparent frame: both read as plain.
    const v = await assessFlatLay(png);
    expect(v.edgeTouch).toBeLessThanOrEqual(MAX_EDGE_TOUCH);
    expect(v.width).toBe(700);
  });

  it("GIVEN bytes that are not an image WHEN assessed THEN it rejects", async () => {
    await expect(assessFlatLay(Buffer.from("<html>not an image</html>"))).rejects.toThrow();
  });
});
