import { describe, expect, it } from "vitest";
import { findLibraryModel, GENERAL_MODEL_LIBRARY, matchLibraryModels } from "./model-library";
import { MODEL_BODIES, MODEL_GENDERS, MODEL_STYLES } from "./schema";

describe("General model library fixture", () => {
  it("GIVEN the docs' example names THEN Ariel is female and James is male", () => {
    expect(findLibraryModel("Ariel")?.gender).toBe("female");
    expect(findLibraryModel("James")?.gender).toBe("male");
    expect(findLibraryModel("ariel")).toBeUndefined();
  });

  it("GIVEN every entry THEN names are unique and tags come from the seed's enums", () => {
    expect(new Set(GENERAL_MODEL_LIBRARY.map((m) => m.name)).size).toBe(GENERAL_MODEL_LIBRARY.length);
    expect(GENERAL_MODEL_LIBRARY.length).toBeGreaterThanOrEqual(8);
    for (const m of GENERAL_MODEL_LIBRARY) {
      expect(MODEL_GENDERS).toContain(m.gender);
      expect(MODEL_STYLES).toContain(m.style);
      expect(MODEL_BODIES).toContain(m.body);
      expect(m.description.length).toBeGreaterThan(10);
    }
  });

  it("GIVEN tags THEN matches keep the gender and prefer exact body and style", () => {
    expect(matchLibraryModels({ gender: "female", body: "curvy", style: "universal_2" }).map((m) => m.name)).toEqual(["Maya"]);
    expect(matchLibraryModels({ gender: "male", body: "curvy", style: "universal_1" }).every((m) => m.gender === "male" && m.body === "curvy")).toBe(true);
    for (const gender of MODEL_GENDERS) for (const body of MODEL_BODIES) for (const style of MODEL_STYLES) {
      const found = matchLibraryModels({ gender, body, style });
      expect(found.length).toBeGreaterThan(0);
      expect(found.every((m) => m.gender === gender)).toBe(true);
    }
  });
});
