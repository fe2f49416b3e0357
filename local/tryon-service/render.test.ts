import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { syntheticGarment } from "../../app/images/synthetic";
import { GENERAL_MODEL_LIBRARY } from "../../app/tryon/model-library";
import { cutOutGarment, guessClothingType, OUTPUT_SIZE, renderTryOn } from "./render";

describe("render", () => {
  it("GIVEN a flat lay THEN the cut-out is trimmed to the garment with a transparent background", async () => {
    const c = await cutOutGarment(await syntheticGarment({ width: 800, height: 1000 }));
    // The image is scaled to 410×512; the tee spans 92% of a 640 px box → about 301 px once trimmed.
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
    const garment = await cutOutGarment(await syntheticGarment({ width: 800, height: 1000, kind: type }));
    for (const viewType of ["fullbody", "halfbody"] as const) {
      const png = await renderTryOn({ type, garment, subject: { kind: "library", model: GENERAL_MODEL_LIBRARY[1] }, viewType, index: 0, count: 1 });
      const m = await sharp(png).metadata();
      expect([m.width, m.height]).toEqual([OUTPUT_SIZE[type].width, OUTPUT_SIZE[type].height]);
    }
    expect(OUTPUT_SIZE.tops).toEqual({ width: 768, height: 1024 });
    expect(OUTPUT_SIZE.dresses).toEqual({ width: 576, height: 768 });
  });
});
