/**
 * Garment image choice and clothing type on the demo seed's good and bad products, read through the
 * catalog from the local Admin API: sizes from the Admin API's metadata, flat-lay looks judged once
 * from the CDN's ≤256 px renditions and cached in the database (GarmentVerdict).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureHelp } from "../../app/components/failure-help";
import type { Catalog } from "../../app/catalog/catalog";
import { inferClothingType } from "../../app/catalog/clothing-type";
import { chooseGarmentImage, judgeable, type ChooseGarmentOptions, type GarmentChoice } from "../../app/catalog/garment-image";
import { createGarmentLooks, type GarmentLooks } from "../../app/catalog/garment-looks.server";
import type { CatalogProduct } from "../../app/catalog/types";
import { DEMO_IDS } from "../../local/admin-api/seed";
import type { LocalAdminApi } from "../../local/admin-api/server";
import { pipelinePrisma } from "../helpers/pipeline-stack";
import { catalogFor, productGid, startAdmin } from "./helpers";

const P = DEMO_IDS.products;
const db = pipelinePrisma();
let api: LocalAdminApi;
let catalog: Catalog;
let looks: GarmentLooks;
let shop: string;
beforeAll(async () => {
  api = await startAdmin({ seed: "demo" });
  catalog = catalogFor(api);
  looks = createGarmentLooks(db);
  shop = api.store.shop.myshopifyDomain;
});
afterAll(async () => {
  await api?.close();
  await db.$disconnect();
});

async function product(id: number): Promise<CatalogProduct> {
  const p = await catalog.getProduct(productGid(id));
  if (!p) throw new Error(`demo product ${id} missing`);
  return p;
}

/** Judges the product's sendable images (cached), then chooses — as the planner does. */
async function choose(p: CatalogProduct, o: Omit<ChooseGarmentOptions, "lookOf"> = {}): Promise<GarmentChoice> {
  const own = new Set(o.ownMediaIds ?? []);
  const map = await looks.judge(shop, p.media.filter((m) => judgeable(m, own)));
  return chooseGarmentImage(p, { ...o, lookOf: looks.lookOf(shop, map) });
}

describe("chooseGarmentImage on the demo seed", () => {
  it("GIVEN a flat-lay dress photo WHEN choosing THEN it is chosen, sent as the original, and the reason says why", async () => {
    const p = await product(P.linenMidiDress);
    const choice = await choose(p);
    expect(choice.chosen?.id).toBe(p.media[0].id);
    expect(choice.sendUrl).toBe(p.media[0].url);
    expect(choice.verdicts[0]).toMatchObject({ ok: true, look: "flat_lay", width: 800, height: 1000, reasons: [] });
    expect(choice.reason).toMatch(/Chose image 1 of 1 \(800×1000 px\)/);
  });

  it("GIVEN only a 400×400 image WHEN choosing THEN it is skipped before sending with preflight.too_small and a message saying nothing was spent", async () => {
    const choice = await choose(await product(P.miniLogoTee));
    expect(choice.chosen).toBeNull();
    expect(choice.preflight).toBe("preflight.too_small");
    expect(choice.verdicts[0].reasons.join(" ")).toMatch(/400×400 px; try-on needs more than 500×500 px/);
    expect(choice.reason).toMatch(/nothing was spent.*400×400/);
  });

  it("GIVEN only a 3200×3200 image WHEN choosing THEN it is sent as Shopify's ≤3000 px rendition, never refused", async () => {
    const p = await product(P.oversizedTee);
    const choice = await choose(p);
    expect(choice.chosen?.id).toBe(p.media[0].id);
    expect(choice.sendUrl).toBe(p.media[0].tryOnUrl);
    expect(choice.sendUrl).not.toBe(p.media[0].url);
    expect(choice.verdicts[0].resized).toBe(true);
  });

  it("GIVEN only a lifestyle photo with a busy background WHEN choosing THEN it is still chosen, flagged as possibly refused", async () => {
    const p = await product(P.weekendLifestyleShirt);
    const choice = await choose(p);
    expect(choice.chosen?.id).toBe(p.media[0].id);
    expect(choice.mayBeRefused).toBe(true);
    expect(choice.verdicts[0]).toMatchObject({ look: "not_flat_lay", usable: true });
    expect(choice.verdicts[0].reasons.join(" ")).toMatch(/background is busy/);
    expect(choice.verdicts[0].backgroundUniformity).toBeLessThan(0.8);
    expect(choice.reason).toMatch(/may refuse it as not a flat lay/);
  });

  it("GIVEN a garment cut off by the frame WHEN choosing THEN it is sent flagged, and the reason says it is cut off", async () => {
    const choice = await choose(await product(P.croppedPrintTee));
    expect(choice.mayBeRefused).toBe(true);
    expect(choice.verdicts[0].reasons.join(" ")).toMatch(/cut off at the image edges/);
  });

  it("GIVEN a product without images WHEN choosing THEN it is skipped with preflight.no_image, and its failure help (shown beside the message) tells to add one", async () => {
    const choice = await choose(await product(P.mysteryGarment));
    expect(choice).toMatchObject({ chosen: null, verdicts: [], preflight: "preflight.no_image" });
    expect(choice.reason).toMatch(/nothing was spent.*no photos\.$/);
    expect(failureHelp(choice.preflight).action).toMatch(/^Add a flat-lay photo/);
  });

  it("GIVEN a lifestyle photo first and a flat lay second WHEN choosing THEN the second is chosen and the first is explained", async () => {
    const p = await product(P.layeredLookDress);
    const choice = await choose(p);
    expect(choice.chosen?.id).toBe(p.media[1].id);
    expect(choice.mayBeRefused).toBe(false);
    expect(choice.verdicts.map((v) => v.ok)).toEqual([false, true]);
    expect(choice.reason).toMatch(/Chose image 2 of 2.*Passed over image 1 \(The background is busy/);
  });

  it("GIVEN looks not judged yet WHEN choosing from metadata alone THEN the first sendable image is chosen, marked unjudged", async () => {
    const p = await product(P.layeredLookDress);
    const choice = chooseGarmentImage(p);
    expect(choice.chosen?.id).toBe(p.media[0].id);
    expect(choice).toMatchObject({ unjudged: true, mayBeRefused: false });
  });

  it("GIVEN an image already judged WHEN judged again THEN the cached verdict is used and nothing is downloaded", async () => {
    const p = await product(P.twoToneShirt);
    await choose(p);
    const before = looks.judgedCount;
    const again = await choose(p);
    expect(looks.judgedCount).toBe(before);
    expect(again.verdicts.every((v) => v.look === "flat_lay")).toBe(true);
    expect(await db.garmentVerdict.count({ where: { shop, mediaId: { in: p.media.map((m) => m.id) } } })).toBe(p.media.length);
  });

  it("GIVEN two planners judging the same images at once WHEN both store their verdicts THEN each image has one stored verdict and both plans have every look", async () => {
    const p = await product(P.layeredLookDress);
    const media = p.media.filter((m) => judgeable(m, new Set()));
    await db.garmentVerdict.deleteMany({ where: { shop, mediaId: { in: media.map((m) => m.id) } } });
    expect(media.length).toBeGreaterThan(1);
    // Both read the (empty) cache before either writes; the one judging fewer images writes first, so
    // the other's insert meets a row it did not know about and must still store the rest.
    const [a, b] = await Promise.all([createGarmentLooks(db).judge(shop, media.slice(0, 1)), createGarmentLooks(db).judge(shop, media)]);
    expect(a.size).toBe(1);
    expect(b.size).toBe(media.length);
    expect(await db.garmentVerdict.count({ where: { shop, mediaId: { in: media.map((m) => m.id) } } })).toBe(media.length);
  });

  it("GIVEN an image Fitting Room attached (alt marker) first WHEN choosing THEN it is skipped for the merchant's own photo", async () => {
    const p = await product(P.poplinSundress);
    const choice = await choose(p);
    expect(choice.chosen?.id).toBe(p.media[1].id);
    expect(choice.verdicts[0].reasons[0]).toMatch(/Fitting Room added this image/);
  });

  it("GIVEN a media id Fitting Room recorded as its own WHEN choosing THEN that image is never chosen automatically", async () => {
    const p = await product(P.linenMidiDress);
    const choice = await choose(p, { ownMediaIds: [p.media[0].id] });
    expect(choice.chosen).toBeNull();
    expect(choice.preflight).toBe("preflight.only_results");
  });

  it("GIVEN two good flat lays WHEN choosing THEN the first in the merchant's order is chosen", async () => {
    const p = await product(P.twoToneShirt);
    const choice = await choose(p);
    expect(choice.chosen?.id).toBe(p.media[0].id);
    expect(choice.verdicts.every((v) => v.ok)).toBe(true);
  });

  it("GIVEN the merchant chose a lifestyle image WHEN choosing THEN the override wins and the risk is still reported", async () => {
    const p = await product(P.layeredLookDress);
    const choice = await choose(p, { overrideMediaId: p.media[0].id });
    expect(choice).toMatchObject({ overridden: true, chosen: { id: p.media[0].id }, mayBeRefused: true });
    expect(choice.reason).toMatch(/You chose image 1 of 2.*may be refused as not a flat lay/);
  });

  it("GIVEN the merchant chose a too-small image WHEN choosing THEN it cannot be sent and nothing is chosen", async () => {
    const p = await product(P.miniLogoTee);
    const choice = await choose(p, { overrideMediaId: p.media[0].id });
    expect(choice).toMatchObject({ overridden: false, chosen: null, preflight: "preflight.too_small" });
    expect(choice.reason).toMatch(/^The image you chose cannot be used/);
  });

  it("GIVEN an override that is no longer on the product WHEN choosing THEN the automatic choice applies and says so", async () => {
    const p = await product(P.linenMidiDress);
    const choice = await choose(p, { overrideMediaId: "gid://shopify/MediaImage/424242" });
    expect(choice.overridden).toBe(false);
    expect(choice.chosen?.id).toBe(p.media[0].id);
    expect(choice.reason).toMatch(/^The image you chose is no longer on the product/);
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
