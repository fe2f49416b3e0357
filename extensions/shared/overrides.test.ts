import { describe, expect, it } from "vitest";
import type { ProductTryOnStatus } from "../../app/extension-api/contract";
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
    models: [],
    modelNameExamples: ["Ariel", "James"],
    viewTypes: ["fullbody", "halfbody", "mixed"],
  },
  appPath: "/app/products/1",
};

describe("override form", () => {
  it("GIVEN empty choices WHEN built THEN no overrides are sent (the effective settings apply)", () => {
    expect(buildOverrides({ modelName: "", viewType: "" }, status.choices)).toEqual({ ok: true, overrides: {} });
  });

  it("GIVEN a typed model name and a view WHEN built THEN both become overrides, the name exactly as typed (trimmed)", () => {
    expect(buildOverrides({ modelName: "  Zoë Custom-7 ", viewType: "halfbody" }, status.choices)).toEqual({
      ok: true,
      overrides: { modelName: "Zoë Custom-7", viewType: "halfbody" },
    });
  });

  it("GIVEN a name the app has never heard of but of the right shape THEN it is sent (the library is Aidge's, not ours)", () => {
    expect(buildOverrides({ modelName: "Zed", viewType: "" }, status.choices)).toEqual({ ok: true, overrides: { modelName: "Zed" } });
  });

  it("GIVEN a malformed name and a view the app did not offer WHEN built THEN each field gets its own error", () => {
    const result = buildOverrides({ modelName: "<script>", viewType: "sideways" }, status.choices);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.modelName).toMatch(/model name .*Aidge model library.*Ariel/);
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
