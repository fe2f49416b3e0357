import { describe, expect, it } from "vitest";
import { headGarmentWord, inferClothingType } from "./clothing-type";

describe("inferClothingType", () => {
  it.each([
    ["Shirt Dress", "dresses"],
    ["Dress Shirt", "tops"],
    ["Hooded Sweatshirt", "tops"],
    ["Sweatshirt Dress", "dresses"],
    ["Cotton T-Shirt", "tops"],
    ["Classic Tee", "tops"],
    ["Merino Pullover", "tops"],
    ["Silk Blouse", "tops"],
    ["Zip Hoodie", "tops"],
    ["Denim Jumpsuit", "dresses"],
    ["Long Coat", "dresses"],
    ["Trench Coat", "dresses"],
    ["Wool Overcoat", "dresses"],
    ["Puffer Jacket", "tops"],
    ["Wrap Dress", "dresses"],
    ["Jumper", "tops"],
  ])("GIVEN the title %s WHEN inferred THEN it is %s", (title, type) => {
    expect(inferClothingType({ title }).type).toBe(type);
  });

  it("GIVEN bottoms (trousers, skirts) WHEN inferred THEN no type is given and the reason says why", () => {
    const result = inferClothingType({ productType: "Dress Pants" });
    expect(result.type).toBeUndefined();
    expect(result.reason).toMatch(/names bottoms \("Pants"\); try-on types are tops and dresses/);
  });

  it("GIVEN a category and a contradicting title WHEN inferred THEN the category wins", () => {
    const result = inferClothingType({ category: { name: "Dresses", fullName: "Apparel & Accessories > Clothing > Dresses" }, title: "Summer Tee" });
    expect(result).toMatchObject({ type: "dresses", source: "category" });
  });

  it("GIVEN a category that names no garment WHEN inferred THEN the product type decides", () => {
    const result = inferClothingType({ category: { name: "Clothing", fullName: "Apparel & Accessories > Clothing" }, productType: "Hoodies" });
    expect(result).toMatchObject({ type: "tops", source: "productType" });
  });

  it("GIVEN tags that disagree WHEN inferred THEN tags are ignored and the title decides", () => {
    expect(inferClothingType({ tags: ["dress", "shirt"], title: "Summer Blouse" })).toMatchObject({ type: "tops", source: "title" });
    expect(inferClothingType({ tags: ["dress", "shirt"] })).toMatchObject({ type: undefined, source: "none" });
  });

  it("GIVEN nothing that names a garment WHEN inferred THEN the type is left to the provider", () => {
    const result = inferClothingType({ title: "Mystery Garment", tags: ["new"] });
    expect(result).toMatchObject({ type: undefined, source: "none" });
    expect(result.reason).toMatch(/the try-on service will detect the type/);
  });

  it("GIVEN words that merely contain garment names WHEN scanned THEN they do not match", () => {
    expect(headGarmentWord("Laptop sleeve")).toBeNull();
    expect(headGarmentWord("Address book")).toBeNull();
    expect(headGarmentWord("Teething ring")).toBeNull();
  });
});
