import { describe, expect, it } from "vitest";
import type { Estimate } from "../../app/extension-api/contract";
import { describeEstimate, groupSkipped } from "./estimate";

const base: Estimate = {
  productsTotal: 12,
  productsToTryOn: 10,
  productsSkipped: 2,
  imagesToGenerate: 40,
  skipped: [
    { productId: "gid://shopify/Product/1", title: "Scarf", reason: "No image larger than 500×500 px" },
    { productId: "gid://shopify/Product/2", title: "Tee", reason: "Already tried on with these settings" },
  ],
  dailyCap: null,
  withinDailyCap: true,
};

describe("estimate text", () => {
  it("GIVEN products to try on WHEN described THEN the headline counts products, images and skips, and the run can start", () => {
    const view = describeEstimate(base);
    expect(view.headline).toBe("10 products · 40 images to generate (2 of 12 skipped)");
    expect(view.canStart).toBe(true);
    expect(view.blocker).toBeNull();
    expect(view.startLabel).toBe("Generate 40 images");
  });

  it("GIVEN products with colour variants WHEN described THEN the headline counts the colours tried on, as the quota does", () => {
    const colours = { ...base, productsTotal: 5, productsToTryOn: 5, productsSkipped: 0, skipped: [], imagesToGenerate: 28, tryOnsToGenerate: 14, coloursToGenerate: 14 };
    expect(describeEstimate(colours).headline).toBe("5 products in 14 colours · 28 images to generate");
    const mixed = { ...colours, productsToTryOn: 7, tryOnsToGenerate: 16, imagesToGenerate: 32 };
    expect(describeEstimate(mixed).headline).toBe("7 products (14 colours and 2 single try-ons) · 32 images to generate");
  });

  it("GIVEN one product and one image WHEN described THEN the words are singular", () => {
    const view = describeEstimate({ ...base, productsTotal: 1, productsToTryOn: 1, productsSkipped: 0, imagesToGenerate: 1, skipped: [] });
    expect(view.headline).toBe("1 product · 1 image to generate");
    expect(view.startLabel).toBe("Generate 1 image");
  });

  it("GIVEN skips with repeated reasons and a cut list WHEN grouped THEN the commonest reason comes first and the rest is counted", () => {
    const estimate: Estimate = {
      ...base,
      productsSkipped: 5,
      skipped: [
        { productId: "a", title: null, reason: "B reason" },
        { productId: "b", title: null, reason: "A reason" },
        { productId: "c", title: null, reason: "A reason" },
      ],
    };
    expect(groupSkipped(estimate)).toEqual([
      "2 products: A reason",
      "1 product: B reason",
      "2 more products skipped (see the run in Fitting Room)",
    ]);
  });

  it("GIVEN every product skipped WHEN described THEN the run cannot start and the merchant is told why", () => {
    const view = describeEstimate({ ...base, productsToTryOn: 0, productsSkipped: 12, imagesToGenerate: 0 });
    expect(view.canStart).toBe(false);
    expect(view.blocker).toMatch(/Every product is skipped/);
  });

  it("GIVEN an empty collection WHEN described THEN it says there are no products", () => {
    const view = describeEstimate({ ...base, productsTotal: 0, productsToTryOn: 0, productsSkipped: 0, imagesToGenerate: 0, skipped: [] });
    expect(view.headline).toBe("No products to try on");
    expect(view.canStart).toBe(false);
  });

  it("GIVEN a cap that leaves products out WHEN described THEN it warns with the numbers but the rest can start", () => {
    const view = describeEstimate({ ...base, dailyCap: { limit: 50, remainingToday: 12 }, withinDailyCap: false });
    expect(view.canStart).toBe(true);
    expect(view.blocker).toBeNull();
    expect(view.warning).toContain("daily cap of 50 images leaves 12 for today");
    expect(view.warning).toContain("Raise the cap");
  });

  it("GIVEN a cap that leaves every product out WHEN described THEN nothing can start", () => {
    const view = describeEstimate({ ...base, productsToTryOn: 0, imagesToGenerate: 0, dailyCap: { limit: 50, remainingToday: 0 }, withinDailyCap: false });
    expect(view.canStart).toBe(false);
    expect(view.warning).not.toBeNull();
  });
});
