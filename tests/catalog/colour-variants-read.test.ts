/**
 * The catalog reads what colour planning needs from metadata alone (issue 15.1): options on every
 * product read (pages and bulk), variants with the medium each shows on a single-product read, and on
 * demand for products read from a list; then shows and hides media on variants as Shopify allows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { colourGroups, hasColourVariants } from "../../app/catalog";
import { DEMO_IDS } from "../../local/admin-api/seed";
import type { LocalAdminApi } from "../../local/admin-api/server";
import { catalogFor, collectionGid, productGid, startAdmin } from "./helpers";

let api: LocalAdminApi;
beforeAll(async () => {
  api = await startAdmin({ seed: "demo" });
});
afterAll(() => api?.close());

const COLOUR_PRODUCTS = [1044, 1045, 1046, 1047, 1048].map(productGid);

describe("reading colour variants", () => {
  it("GIVEN the T-shirt in Navy, Heather Grey and White WHEN read alone THEN three colour groups each with its own image from the product's media", async () => {
    const catalog = catalogFor(api);
    const tee = await catalog.getProduct(productGid(DEMO_IDS.products.everydayCrewTee));
    expect(tee && hasColourVariants(tee)).toBe(true);
    const groups = colourGroups(tee!);
    expect(groups.map((g) => g.colour)).toEqual(["Navy", "Heather Grey", "White"]);
    const mediaIds = tee!.media.map((m) => m.id);
    for (const g of groups) expect(mediaIds).toContain(g.mediaId);
    expect(new Set(groups.map((g) => g.mediaId)).size).toBe(3);
  });

  it.each([
    ["pages", 1000],
    ["bulk", 0],
  ])("GIVEN the Colour Variants collection WHEN streamed in %s THEN every product has a recognised colour option, and its variants read on demand give 2–4 colours", async (_mode, bulkThreshold) => {
    const catalog = catalogFor(api);
    const seen: string[] = [];
    for await (const p of catalog.streamCollectionProducts(collectionGid(DEMO_IDS.collections.colourVariants), { bulkThreshold })) {
      seen.push(p.id);
      expect(hasColourVariants(p), p.title).toBe(true);
      expect(p.variants).toBeUndefined();
      const groups = colourGroups({ ...p, variants: await catalog.productVariants(p.id) });
      expect(groups.length).toBeGreaterThanOrEqual(2);
      expect(groups.length).toBeLessThanOrEqual(4);
      expect(groups.every((g) => g.mediaId)).toBe(true);
    }
    expect(seen).toEqual(COLOUR_PRODUCTS);
  });

  it("GIVEN a dress without options WHEN read THEN it has no colour variants", async () => {
    const dress = await catalogFor(api).getProduct(productGid(DEMO_IDS.products.linenMidiDress));
    expect(dress?.hasOnlyDefaultVariant).toBe(true);
    expect(hasColourVariants(dress!)).toBe(false);
    expect(colourGroups(dress!)).toEqual([]);
  });

  it("GIVEN a colour's variants WHEN their flat lay is detached and another READY medium appended THEN they show it; a second append is refused in words", async () => {
    const catalog = catalogFor(api);
    const id = productGid(DEMO_IDS.products.fleeceHoodie);
    const hoodie = (await catalog.getProduct(id))!;
    const [red, other] = colourGroups(hoodie);
    const pairs = red.variantIds.map((variantId) => ({ variantId, mediaId: red.mediaId! }));
    await catalog.detachVariantMedia(id, pairs);
    await catalog.appendVariantMedia(id, red.variantIds.map((variantId) => ({ variantId, mediaId: other.mediaId! })));
    const after = await catalog.productVariants(id);
    for (const v of after.filter((x) => red.variantIds.includes(x.id))) expect(v.mediaId).toBe(other.mediaId);
    await expect(catalog.appendVariantMedia(id, [{ variantId: red.variantIds[0], mediaId: red.mediaId! }])).rejects.toThrow(/already/i);
  });
});
