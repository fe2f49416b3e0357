import { describe, expect, it } from "vitest";
import { expectedImageCount, validateTryOnRequest, describeIssues, formatPath } from "./schema";

const garment = { imageUrl: "https://cdn.example.com/shirt.png" };

describe("validateTryOnRequest: defaults from the seed", () => {
  it("GIVEN only a garment THEN General/female/universal_1/slim, fullbody, 4 images, no quality detection", () => {
    const v = validateTryOnRequest({ clothesList: [garment] });
    expect(v).toEqual({
      ok: true,
      value: {
        clothesList: [garment],
        model: { base: "General", gender: "female", style: "universal_1", body: "slim" },
        viewType: "fullbody",
        inputQualityDetect: 0,
        generateCount: 4,
      },
    });
  });

  it("GIVEN the seed's less common values (halfbody, curvy, universal_3, male) THEN they are valid", () => {
    const v = validateTryOnRequest({ clothesList: [{ ...garment, type: "dresses" }], model: { gender: "male", style: "universal_3", body: "curvy" }, viewType: "halfbody", generateCount: 8, inputQualityDetect: 1 });
    expect(v.ok).toBe(true);
  });

  it("GIVEN model.name THEN the other model fields are dropped (they are ignored by the API)", () => {
    const v = validateTryOnRequest({ clothesList: [garment], model: { name: "Ariel", gender: "male", body: "curvy" } });
    expect(v.ok && v.value.model).toEqual({ base: "General", name: "Ariel" });
  });

  it("GIVEN a custom library scene code THEN any style tag is accepted and no default style is invented", () => {
    const v = validateTryOnRequest({ clothesList: [garment], model: { base: "SCENE_42", style: "boho" } });
    expect(v.ok && v.value.model).toEqual({ base: "SCENE_42", gender: "female", style: "boho", body: "slim" });
    const d = validateTryOnRequest({ clothesList: [garment], model: { base: "SCENE_42" } });
    expect(d.ok && d.value.model).toEqual({ base: "SCENE_42", gender: "female", body: "slim" });
  });

  it("GIVEN model photos THEN they set the number of outputs; an empty list counts as none", () => {
    const v = validateTryOnRequest({ clothesList: [garment], modelImage: ["https://e.com/1.jpg", "https://e.com/2.jpg"], generateCount: 6 });
    expect(v.ok && expectedImageCount(v.value)).toBe(2);
    const e = validateTryOnRequest({ clothesList: [garment], modelImage: [], generateCount: 3 });
    expect(e.ok && "modelImage" in e.value).toBe(false);
    expect(e.ok && expectedImageCount(e.value)).toBe(3);
  });
});

describe("validateTryOnRequest: field-precise issues", () => {
  const fieldsOf = (input: unknown) => {
    const v = validateTryOnRequest(input);
    if (v.ok) throw new Error("expected issues");
    return v.issues;
  };

  it.each([
    [{}, "clothesList"],
    [{ clothesList: [] }, "clothesList"],
    [{ clothesList: [garment, garment] }, "clothesList"],
    [{ clothesList: [{}] }, "clothesList[0].imageUrl"],
    [{ clothesList: [{ imageUrl: "ftp://x/y.png" }] }, "clothesList[0].imageUrl"],
    [{ clothesList: [{ imageUrl: "not a url" }] }, "clothesList[0].imageUrl"],
    [{ clothesList: [{ ...garment, type: "bottoms" }] }, "clothesList[0].type"],
    [{ clothesList: [garment], modelImage: Array(9).fill("https://e.com/m.jpg") }, "modelImage"],
    [{ clothesList: [garment], modelImage: ["https://e.com/m.jpg", "nope"] }, "modelImage[1]"],
    [{ clothesList: [garment], model: { gender: "other" } }, "model.gender"],
    [{ clothesList: [garment], model: { style: "universal_9" } }, "model.style"],
    [{ clothesList: [garment], model: { body: "tall" } }, "model.body"],
    [{ clothesList: [garment], model: { name: "" } }, "model.name"],
    [{ clothesList: [garment], viewType: "side" }, "viewType"],
    [{ clothesList: [garment], generateCount: 0 }, "generateCount"],
    [{ clothesList: [garment], generateCount: 9 }, "generateCount"],
    [{ clothesList: [garment], generateCount: 2.5 }, "generateCount"],
    [{ clothesList: [garment], generateCount: "4" }, "generateCount"],
    [{ clothesList: [garment], inputQualityDetect: 2 }, "inputQualityDetect"],
    [{ clothesList: [garment], inputQualityDetect: "1" }, "inputQualityDetect"],
    ["a string", "request"],
    [null, "request"],
  ])("GIVEN %j THEN an issue names %s", (input, field) => {
    const issues = fieldsOf(input);
    expect(issues.map((i) => i.field)).toContain(field);
    for (const i of issues) expect(i.message.length).toBeGreaterThan(5);
  });

  it("GIVEN several bad fields THEN every one is reported with a fix", () => {
    const issues = fieldsOf({ clothesList: [{ imageUrl: "x", type: "pants" }], generateCount: 12, viewType: "top" });
    expect(issues.map((i) => i.field).sort()).toEqual(["clothesList[0].imageUrl", "clothesList[0].type", "generateCount", "viewType"]);
    expect(describeIssues(issues)).toMatch(/clothesList\[0\]\.type: must be one of "tops", "dresses"/);
  });

  it("GIVEN nested paths THEN they are formatted like JS accessors", () => {
    expect(formatPath(["clothesList", 0, "imageUrl"])).toBe("clothesList[0].imageUrl");
    expect(formatPath([])).toBe("request");
  });
});
