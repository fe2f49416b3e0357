import { describe, expect, it } from "vitest";
import { parseSettingsPatch, patchFromRow, rowFromPatch, seedDefaults } from "./fields";
import { chooseCollection, describeField, resolveSettings, type CollectionSettingsInput } from "./inheritance";
import { buildSeedRequest, describeModel, seedRequestFor } from "./request";

const summer: CollectionSettingsInput = { collectionId: "gid://shopify/Collection/1", title: "Summer", updatedAt: "2026-05-01T00:00:00Z", settings: { viewType: "halfbody" } };
const sale: CollectionSettingsInput = { collectionId: "gid://shopify/Collection/2", title: "Sale", updatedAt: "2026-06-01T00:00:00Z", settings: { viewType: "mixed", generateCount: 2 } };

const field = (r: ReturnType<typeof resolveSettings>, name: string) => r.fields.find((f) => f.field === name)!;

describe("seed defaults", () => {
  it("GIVEN the contract schema WHEN defaults are read THEN they are the seed's (fullbody, 4, quality 0, General female slim)", () => {
    const d = seedDefaults();
    expect(d).toMatchObject({ viewType: "fullbody", generateCount: 4, inputQualityDetect: 0, modelBase: "General", modelGender: "female", modelBody: "slim", modelStyle: "universal_1", garmentType: null, modelName: null, modelImageUrls: [] });
  });
});

describe("resolveSettings", () => {
  it("GIVEN nothing set WHEN resolved THEN every field is the default with source default", () => {
    const r = resolveSettings({});
    expect(r.values).toEqual(seedDefaults());
    expect(r.fields.every((f) => f.source.level === "default")).toBe(true);
    expect(r.collection.applied).toBeNull();
  });

  it("GIVEN shop, collection, product and override levels WHEN resolved THEN each field comes from the most specific level that sets it", () => {
    const r = resolveSettings({
      shop: { viewType: "mixed", generateCount: 2, modelGender: "male" },
      collections: [summer],
      product: { productId: "gid://shopify/Product/9", settings: { generateCount: 3 } },
      overrides: { modelBody: "curvy" },
    });
    expect(field(r, "viewType")).toEqual({ field: "viewType", value: "halfbody", source: { level: "collection", id: summer.collectionId, title: "Summer", rule: "most-recently-updated" } });
    expect(field(r, "generateCount")).toMatchObject({ value: 3, source: { level: "product", id: "gid://shopify/Product/9" } });
    expect(field(r, "modelGender")).toMatchObject({ value: "male", source: { level: "shop" } });
    expect(field(r, "modelBody")).toMatchObject({ value: "curvy", source: { level: "override" } });
    expect(field(r, "inputQualityDetect")).toMatchObject({ value: 0, source: { level: "default" } });
    expect(describeField(field(r, "viewType"))).toBe("viewType: halfbody — from collection Summer (most recently updated of the product's collections)");
  });

  it("GIVEN a product in two collections with settings WHEN the run started from the older one THEN the run's collection wins and the other is shown as ignored", () => {
    const r = resolveSettings({ collections: [sale, summer], runCollectionId: summer.collectionId });
    expect(r.values.viewType).toBe("halfbody");
    expect(r.values.generateCount).toBe(4);
    expect(r.collection).toEqual({ applied: { id: summer.collectionId, title: "Summer", rule: "run-collection" }, ignored: [{ id: sale.collectionId, title: "Sale" }] });
  });

  it("GIVEN a product in two collections WHEN the run did not start from either THEN the most recently updated settings win, whatever the input order", () => {
    for (const order of [[summer, sale], [sale, summer]]) {
      const r = resolveSettings({ collections: order });
      expect(r.collection.applied).toEqual({ id: sale.collectionId, title: "Sale", rule: "most-recently-updated" });
      expect(r.values).toMatchObject({ viewType: "mixed", generateCount: 2 });
    }
  });

  it("GIVEN two collections updated at the same time WHEN resolved THEN the smaller collection id wins (deterministic)", () => {
    const a = { ...summer, updatedAt: "2026-01-01T00:00:00Z" };
    const b = { ...sale, updatedAt: "2026-01-01T00:00:00Z" };
    expect(chooseCollection([b, a]).chosen?.collectionId).toBe(a.collectionId);
  });

  it("GIVEN the run's collection has no settings WHEN resolved THEN the rule falls back to the most recently updated collection", () => {
    const r = resolveSettings({ collections: [summer], runCollectionId: "gid://shopify/Collection/77" });
    expect(r.collection.applied?.rule).toBe("most-recently-updated");
  });

  it("GIVEN an inferred clothing type WHEN a collection sets the type THEN the collection wins; without it the inference is used and named", () => {
    const inferred = { value: "tops" as const, reason: "product type T-Shirts" };
    expect(field(resolveSettings({ inferredGarmentType: inferred }), "garmentType")).toMatchObject({ value: "tops", source: { level: "catalog", reason: "product type T-Shirts" } });
    const r = resolveSettings({ inferredGarmentType: inferred, collections: [{ ...summer, settings: { garmentType: "dresses" } }] });
    expect(field(r, "garmentType")).toMatchObject({ value: "dresses", source: { level: "collection" } });
  });

  it("GIVEN a named model WHEN resolved THEN gender, style and body are marked as not used", () => {
    const r = resolveSettings({ shop: { modelName: "Ariel", modelGender: "male" } });
    expect(field(r, "modelGender").ignored).toMatch(/Ariel/);
    expect(field(r, "viewType").ignored).toBeUndefined();
    expect(describeModel(r.values)).toBe("Ariel");
  });

  it("GIVEN model photos WHEN resolved THEN model fields and generateCount are marked as not used", () => {
    const r = resolveSettings({ overrides: { modelImageUrls: ["https://example.com/a.jpg", "https://example.com/b.jpg"] } });
    expect(field(r, "generateCount").ignored).toMatch(/2 model photos/);
    expect(field(r, "modelName").ignored).toMatch(/model photos/);
  });
});

describe("seed request", () => {
  it("GIVEN resolved values WHEN the request is built THEN it validates against the contract with the type and model tags", () => {
    const { values } = resolveSettings({ shop: { garmentType: "dresses", viewType: "halfbody" } });
    const r = seedRequestFor(values, "https://cdn.example.com/dress.png");
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.request).toMatchObject({ clothesList: [{ imageUrl: "https://cdn.example.com/dress.png", type: "dresses" }], viewType: "halfbody", generateCount: 4, inputQualityDetect: 0, model: { base: "General", gender: "female", body: "slim", style: "universal_1" } });
    }
  });

  it("GIVEN a named model WHEN the request is built THEN only base and name are sent", () => {
    const { values } = resolveSettings({ overrides: { modelName: "James" } });
    expect(buildSeedRequest(values, "https://x.example/a.png").model).toEqual({ base: "General", name: "James" });
  });

  it("GIVEN a garment URL that is not http(s) WHEN the request is validated THEN the issue names clothesList[0].imageUrl", () => {
    const r = seedRequestFor(seedDefaults(), "ftp://x/a.png");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].field).toBe("clothesList[0].imageUrl");
  });
});

describe("settings patches", () => {
  it("GIVEN form input with blanks and strings WHEN parsed THEN blanks inherit and numbers are numbers", () => {
    const r = parseSettingsPatch({ viewType: "halfbody", generateCount: "3", modelName: "", inputQualityDetect: "1", modelImageUrls: "" });
    expect(r).toEqual({ ok: true, value: { viewType: "halfbody", generateCount: 3, modelName: null, inputQualityDetect: 1, modelImageUrls: null } });
  });

  it("GIVEN out-of-range values WHEN parsed THEN every issue names its field", () => {
    const r = parseSettingsPatch({ generateCount: 9, viewType: "side", modelStyle: "universal_9", bogus: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const fields = r.issues.map((i) => i.field).sort();
      expect(fields).toEqual(expect.arrayContaining(["generateCount", "viewType"]));
      expect(r.issues.find((i) => i.field === "generateCount")?.message).toBe("must be at most 8");
    }
  });

  it("GIVEN a row with JSON model photos WHEN converted both ways THEN it round-trips", () => {
    const patch = { viewType: "mixed" as const, modelImageUrls: ["https://e.com/m.jpg"], generateCount: null };
    const row = rowFromPatch(patch);
    expect(row).toEqual({ viewType: "mixed", modelImageUrls: '["https://e.com/m.jpg"]', generateCount: null });
    expect(patchFromRow(row)).toEqual({ viewType: "mixed", modelImageUrls: ["https://e.com/m.jpg"] });
  });

  it("GIVEN a stored value the contract no longer accepts WHEN read THEN it is treated as unset", () => {
    expect(patchFromRow({ viewType: "sideways", generateCount: 2 })).toEqual({ generateCount: 2 });
  });
});
