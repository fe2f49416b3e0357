/**
 * Garment image choice and clothing type on the demo seed's good and bad products, read through the
 * catalog from the local Admin API and judged on the real image bytes it serves.
 */
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Catalog } from "../../app/catalog/catalog";
import { inferClothingType } from "../../app/catalog/clothing-type";
import { chooseGarmentImage, probeImageHeader } from "../../app/catalog/garment-image";
import type { CatalogProduct } from "../../app/catalog/types";
import { DEMO_IDS } from "../../local/admin-api/seed";
import type { LocalAdminApi } from "../../local/admin-api/server";
import { catalogFor, productGid, startAdmin } from "./helpers";

const P = DEMO_IDS.products;
let api: LocalAdminApi;
let catalog: Catalog;
beforeAll(async () => {
  api = await startAdmin({ seed: "demo" });
  catalog = catalogFor(api);
});
afterAll(() => api?.close());

async function product(id: number): Promise<CatalogProduct> {
  const p = await catalog.getProduct(productGid(id));
  if (!p) throw new Error(`demo product ${id} missing`);
  return p;
}

describe("chooseGarmentImage on the demo seed", () => {
  it("GIVEN a flat-lay dress photo WHEN choosing THEN it is chosen and the reason says why", async () => {
    const p = await product(P.linenMidiDress);
    const choice = await chooseGarmentImage(p);
    expect(choice.chosen?.id).toBe(p.media[0].id);
    expect(choice.verdicts[0]).toMatchObject({ ok: true, width: 800, height: 1000, reasons: [] });
    expect(choice.reason).toMatch(/Chose image 1 of 1 \(800×1000 px\)/);
  });

  it("GIVEN only a 400×400 image WHEN choosing THEN none is chosen and the reason names the size and the rule", async () => {
    const choice = await chooseGarmentImage(await product(P.miniLogoTee));
    expect(choice.chosen).toBeNull();
    expect(choice.verdicts[0].reasons.join(" ")).toMatch(/400×400 px; try-on needs more than 500×500 px/);
    expect(choice.reason).toMatch(/400×400/);
  });

  it("GIVEN only a 3200×3200 image WHEN choosing THEN it is refused as too large", async () => {
    const choice = await chooseGarmentImage(await product(P.oversizedTee));
    expect(choice.chosen).toBeNull();
    expect(choice.verdicts[0].reasons.join(" ")).toMatch(/3200×3200 px.*at most 3000×3000 px/);
  });

  it("GIVEN only a lifestyle photo with a busy background WHEN choosing THEN none is chosen because of the background", async () => {
    const choice = await chooseGarmentImage(await product(P.weekendLifestyleShirt));
    expect(choice.chosen).toBeNull();
    expect(choice.verdicts[0].reasons.join(" ")).toMatch(/background is busy/);
    expect(choice.verdicts[0].backgroundUniformity).toBeLessThan(0.8);
  });

  it("GIVEN a garment cut off by the frame WHEN choosing THEN none is chosen because it is cut off", async () => {
    const choice = await chooseGarmentImage(await product(P.croppedPrintTee));
    expect(choice.chosen).toBeNull();
    expect(choice.verdicts[0].reasons.join(" ")).toMatch(/cut off at the image edges/);
  });

  it("GIVEN a product without images WHEN choosing THEN none is chosen and the merchant is told to add one", async () => {
    const choice = await chooseGarmentImage(await product(P.mysteryGarment));
    expect(choice).toMatchObject({ chosen: null, verdicts: [] });
    expect(choice.reason).toMatch(/no images; add a flat-lay photo/);
  });

  it("GIVEN a lifestyle photo first and a flat lay second WHEN choosing THEN the second is chosen and the first is explained", async () => {
    const p = await product(P.layeredLookDress);
    const choice = await chooseGarmentImage(p);
    expect(choice.chosen?.id).toBe(p.media[1].id);
    expect(choice.verdicts.map((v) => v.ok)).toEqual([false, true]);
    expect(choice.reason).toMatch(/Chose image 2 of 2.*Skipped image 1 \(The background is busy/);
  });

  it("GIVEN an image Fitting Room attached (alt marker) first WHEN choosing THEN it is skipped for the merchant's own photo", async () => {
    const p = await product(P.poplinSundress);
    const choice = await chooseGarmentImage(p);
    expect(choice.chosen?.id).toBe(p.media[1].id);
    expect(choice.verdicts[0].reasons[0]).toMatch(/Fitting Room added this image/);
  });

  it("GIVEN a media id Fitting Room recorded as its own WHEN choosing THEN that image is never chosen automatically", async () => {
    const p = await product(P.linenMidiDress);
    const choice = await chooseGarmentImage(p, { ownMediaIds: [p.media[0].id] });
    expect(choice.chosen).toBeNull();
  });

  it("GIVEN two good flat lays WHEN choosing THEN the first in the merchant's order is chosen", async () => {
    const p = await product(P.twoToneShirt);
    const choice = await chooseGarmentImage(p);
    expect(choice.chosen?.id).toBe(p.media[0].id);
    expect(choice.verdicts.every((v) => v.ok)).toBe(true);
  });

  it("GIVEN the merchant chose a failing image WHEN choosing THEN the override wins and the problem is still reported", async () => {
    const p = await product(P.miniLogoTee);
    const choice = await chooseGarmentImage(p, { overrideMediaId: p.media[0].id });
    expect(choice).toMatchObject({ overridden: true, chosen: { id: p.media[0].id } });
    expect(choice.reason).toMatch(/You chose image 1 of 1.*Note: The image is 400×400 px/);
  });

  it("GIVEN an override that is no longer on the product WHEN choosing THEN the automatic choice applies and says so", async () => {
    const p = await product(P.linenMidiDress);
    const choice = await chooseGarmentImage(p, { overrideMediaId: "gid://shopify/MediaImage/424242" });
    expect(choice.overridden).toBe(false);
    expect(choice.chosen?.id).toBe(p.media[0].id);
    expect(choice.reason).toMatch(/^The image you chose is no longer on the product/);
  });

  it("GIVEN a large image WHEN its size is read THEN only the header is downloaded", async () => {
    // A 2400×2400 PNG of noise is over a megabyte: far more than the few KB a header read needs.
    const noise = Buffer.alloc(2400 * 2400 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    const png = await sharp(noise, { raw: { width: 2400, height: 2400, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer();
    const url = `${api.url}/cdn/files/${api.store.putBlob(png, "image/png")}/noise.png`;
    let bytesPulled = 0;
    let contentLength = 0;
    const countingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      contentLength = Number(response.headers.get("content-length"));
      const counted = response.body!.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            bytesPulled += chunk.byteLength;
            controller.enqueue(chunk);
          },
        }),
      );
      return new Response(counted, { status: response.status, headers: response.headers });
    };
    const size = await probeImageHeader(url, countingFetch);
    expect(size).toEqual({ width: 2400, height: 2400 });
    expect(contentLength).toBeGreaterThan(1_000_000);
    expect(bytesPulled).toBeLessThan(contentLength / 4);
  });
});

describe("inferClothingType on the demo seed", () => {
  const cases: Array<[keyof typeof P, "tops" | "dresses" | undefined, string]> = [
    ["linenMidiDress", "dresses", "category"],
    ["stripedShirtDress", "dresses", "category"],
    ["denimJumpsuit", "dresses", "category"],
    ["hoodedSweatshirtDress", "dresses", "category"],
    ["longWoolCoat", "dresses", "category"],
    ["trenchCoat", "dresses", "category"],
    ["classicTeeNavy", "tops", "category"],
    ["oxfordShirt", "tops", "category"],
    ["relaxedHoodie", "tops", "category"],
    ["silkBlouse", "tops", "category"],
    ["denimJacket", "tops", "category"],
    ["linenCampShirt", "tops", "tags"],
    ["everydayTop", "tops", "title"],
    ["pleatedSkirt", undefined, "category"],
    ["mysteryGarment", undefined, "none"],
  ];
  it.each(cases)("GIVEN demo product %s WHEN its type is inferred THEN it is %s (from %s)", async (key, type, source) => {
    const p = await product(P[key]);
    const result = inferClothingType({ category: p.category, productType: p.productType, tags: p.tags, title: p.title });
    expect(result.type).toBe(type);
    expect(result.source).toBe(source);
    expect(result.reason.length).toBeGreaterThan(10);
  });

  it("GIVEN a collection setting WHEN the type is inferred THEN the setting wins over the category", async () => {
    const p = await product(P.classicTeeNavy);
    const result = inferClothingType({ explicitType: "dresses", explicitSource: "the collection “Summer Dresses”", category: p.category, title: p.title });
    expect(result).toEqual({ type: "dresses", source: "setting", reason: "Set to dresses by the collection “Summer Dresses”." });
  });
});
