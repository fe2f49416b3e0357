import { describe, expect, it } from "vitest";
import type { ProductTryOnStatus } from "../../app/api/contract";
import { buildOverrides, keepLabel, settingLines } from "./overrides";

const status: ProductTryOnStatus = {
  product: { id: "gid://shopify/Product/1", title: "Linen shirt" },
  status: { state: "none", label: "Not tried on yet", message: null, lastRunId: null, imagesAwaitingReview: 0, imagesAttached: 0 },
  settings: [
    { field: "modelName", value: "Ariel", source: "from collection Summer", level: "collection" },
    { field: "modelGender", value: "female", source: "try-on default", level: "default", ignored: 'Not used: the named model "Ariel" is set.' },
    { field: "viewType", value: "fullbody", source: "try-on default", level: "default" },
    { field: "garmentType", value: null, source: "try-on default", level: "default" },
    { field: "modelImageUrls", value: [], source: "try-on default", level: "default" },
  ],
  choices: {
    models: [
      { name: "Ariel", description: "", gender: "female", style: "universal_1", body: "slim" },
      { name: "James", description: "", gender: "male", style: "universal_1", body: "slim" },
    ],
    viewTypes: ["fullbody", "halfbody", "mixed"],
  },
  appPath: "/app/products/1",
};

describe("override form", () => {
  it("GIVEN empty choices WHEN built THEN no overrides are sent (the effective settings apply)", () => {
    expect(buildOverrides({ modelName: "", viewType: "" }, status.choices)).toEqual({ ok: true, overrides: {} });
  });

  it("GIVEN a library model and a view WHEN built THEN both become overrides", () => {
    expect(buildOverrides({ modelName: "James", viewType: "halfbody" }, status.choices)).toEqual({
      ok: true,
      overrides: { modelName: "James", viewType: "halfbody" },
    });
  });

  it("GIVEN values the app did not offer WHEN built THEN each field gets its own error naming the choices", () => {
    const result = buildOverrides({ modelName: "Zed", viewType: "sideways" }, status.choices);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.modelName).toContain("Ariel, James");
    expect(result.errors.viewType).toContain("fullbody, halfbody, mixed");
  });

  it("GIVEN effective settings WHEN listed THEN ignored ones are left out and each line names its source", () => {
    expect(settingLines(status.settings)).toEqual([
      "Model: Ariel — from collection Summer",
      "View: fullbody — try-on default",
      "Garment type: auto — try-on default",
      "Own model photos: none — try-on default",
    ]);
    expect(keepLabel(status, "modelName")).toBe("Keep: Ariel (from collection Summer)");
    expect(keepLabel(status, "unknownField")).toBe("Keep the effective setting");
  });
});
