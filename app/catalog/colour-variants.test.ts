import { describe, expect, it } from "vitest";
import { colourGroups, colourOptionOf, hasColourVariants, isColourOption } from "./colour-variants";
import type { CatalogOption, CatalogVariant } from "./types";

const opt = (name: string, values: string[], linked: CatalogOption["linkedMetafield"] = null): CatalogOption => ({ name, values, linkedMetafield: linked });
const v = (id: number, options: Record<string, string>, mediaId: string | null): CatalogVariant => ({
  id: `gid://shopify/ProductVariant/${id}`,
  title: Object.values(options).join(" / "),
  selectedOptions: Object.entries(options).map(([name, value]) => ({ name, value })),
  mediaId,
});

describe("recognising the colour option", () => {
  it.each(["Color", "Colour", "colour", "COLOR", "Farbe", "Couleur", " couleur "])("GIVEN an option named %j WHEN checked THEN it is the colour option", (name) => {
    expect(isColourOption(opt(name, ["A", "B"]))).toBe(true);
  });

  it.each(["Size", "Colours", "Colorway", "Material", "Title"])("GIVEN an option named %j without the colour link WHEN checked THEN it is not a colour", (name) => {
    expect(isColourOption(opt(name, ["A", "B"]))).toBe(false);
  });

  it("GIVEN an option called Shade linked to shopify.color-pattern WHEN checked THEN it is the colour option; a link to another metafield is not", () => {
    expect(isColourOption(opt("Shade", ["Olive"], { namespace: "shopify", key: "color-pattern" }))).toBe(true);
    expect(isColourOption(opt("Fabric", ["Linen"], { namespace: "shopify", key: "fabric" }))).toBe(false);
  });

  it("GIVEN Size then Farbe WHEN the product's colour option is looked up THEN Farbe is found; a default-variant product has none", () => {
    expect(colourOptionOf({ options: [opt("Size", ["S"]), opt("Farbe", ["Rot", "Blau"])] })?.name).toBe("Farbe");
    expect(hasColourVariants({ options: [opt("Title", ["Default Title"])], hasOnlyDefaultVariant: true })).toBe(false);
    expect(hasColourVariants({ options: [opt("Color", ["Navy"])], hasOnlyDefaultVariant: false })).toBe(false);
    expect(hasColourVariants({ options: [opt("Color", ["Navy", "White"])], hasOnlyDefaultVariant: false })).toBe(true);
  });
});

describe("grouping variants by colour", () => {
  it("GIVEN Farbe × Size with both sizes of a colour sharing its image WHEN grouped THEN one group per colour in option order, all sizes' variants in it", () => {
    const groups = colourGroups({
      hasOnlyDefaultVariant: false,
      options: [opt("Farbe", ["Rot", "Blau"]), opt("Size", ["S", "M"])],
      variants: [v(1, { Farbe: "Blau", Size: "S" }, "m2"), v(2, { Farbe: "Rot", Size: "S" }, "m1"), v(3, { Farbe: "Rot", Size: "M" }, "m1"), v(4, { Farbe: "Blau", Size: "M" }, null)],
    });
    expect(groups).toEqual([
      { colour: "Rot", variantIds: ["gid://shopify/ProductVariant/2", "gid://shopify/ProductVariant/3"], mediaId: "m1" },
      { colour: "Blau", variantIds: ["gid://shopify/ProductVariant/1", "gid://shopify/ProductVariant/4"], mediaId: "m2" },
    ]);
  });

  it("GIVEN a colour showing no image and one showing another colour's image WHEN grouped THEN neither has an image of its own", () => {
    const groups = colourGroups({
      hasOnlyDefaultVariant: false,
      options: [opt("Color", ["Navy", "Grey", "White"])],
      variants: [v(1, { Color: "Navy" }, "m1"), v(2, { Color: "Grey" }, "m1"), v(3, { Color: "White" }, null)],
    });
    expect(groups.map((g) => [g.colour, g.mediaId])).toEqual([["Navy", "m1"], ["Grey", null], ["White", null]]);
  });

  it("GIVEN variants that were not read WHEN grouped THEN there are no groups (the caller reads them first)", () => {
    expect(colourGroups({ hasOnlyDefaultVariant: false, options: [opt("Color", ["Navy", "Grey"])] })).toEqual([]);
  });
});
