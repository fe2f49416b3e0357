import { describe, expect, it } from "vitest";
import { appLink, numericId, selectedIds } from "./ids";
import { collectionRequest, productRequest, selectionRequest } from "./requests";
import { MAX_SELECTION, estimateRequestSchema } from "../../app/extension-api/contract";

describe("resource ids", () => {
  it("GIVEN a product gid WHEN its numeric id is asked for THEN the digits come back, and other types give null", () => {
    expect(numericId("gid://shopify/Product/8123", "Product")).toBe("8123");
    expect(numericId("gid://shopify/Collection/8123", "Product")).toBeNull();
    expect(numericId("gid://shopify/Product/8123/../1", "Product")).toBeNull();
    expect(numericId("8123", "Product")).toBeNull();
  });

  it("GIVEN a selection with duplicates and foreign ids WHEN filtered THEN only distinct ids of the type remain, in order", () => {
    const selected = [
      { id: "gid://shopify/Product/2" },
      { id: "gid://shopify/ProductVariant/9" },
      { id: "gid://shopify/Product/1" },
      { id: "gid://shopify/Product/2" },
    ];
    expect(selectedIds(selected, "Product")).toEqual(["gid://shopify/Product/2", "gid://shopify/Product/1"]);
  });

  it("GIVEN an app path WHEN linked THEN the app: protocol opens it inside the admin", () => {
    expect(appLink("/app/products/12")).toBe("app:/app/products/12");
    expect(appLink("app/runs/r1")).toBe("app:/app/runs/r1");
  });
});

describe("request bodies", () => {
  it("GIVEN selected products WHEN the selection request is built THEN it passes the server's schema", () => {
    const request = selectionRequest([{ id: "gid://shopify/Product/1" }, { id: "gid://shopify/Product/2" }]);
    expect(request).toEqual({ scope: { type: "selection", productIds: ["gid://shopify/Product/1", "gid://shopify/Product/2"] } });
    expect(estimateRequestSchema.safeParse(request).success).toBe(true);
  });

  it("GIVEN more products than a run accepts WHEN the selection request is built THEN it keeps the first MAX_SELECTION", () => {
    const selected = Array.from({ length: MAX_SELECTION + 5 }, (_, i) => ({ id: `gid://shopify/Product/${i + 1}` }));
    const request = selectionRequest(selected);
    expect(request?.scope.type === "selection" && request.scope.productIds.length).toBe(MAX_SELECTION);
    expect(estimateRequestSchema.safeParse(request).success).toBe(true);
  });

  it("GIVEN nothing usable selected WHEN requests are built THEN they are null (the extension explains instead of calling)", () => {
    expect(selectionRequest([])).toBeNull();
    expect(selectionRequest([{ id: "gid://shopify/Order/1" }])).toBeNull();
    expect(collectionRequest([{ id: "gid://shopify/Product/1" }])).toBeNull();
    expect(productRequest([])).toBeNull();
  });

  it("GIVEN a collection and a product with overrides WHEN requests are built THEN both pass the server's schema", () => {
    const collection = collectionRequest([{ id: "gid://shopify/Collection/77" }]);
    expect(collection).toEqual({ scope: { type: "collection", collectionId: "gid://shopify/Collection/77" } });
    const product = productRequest([{ id: "gid://shopify/Product/5" }], { viewType: "halfbody" });
    expect(product).toEqual({ scope: { type: "product", productId: "gid://shopify/Product/5" }, overrides: { viewType: "halfbody" } });
    expect(estimateRequestSchema.safeParse(collection).success).toBe(true);
    expect(estimateRequestSchema.safeParse(product).success).toBe(true);
  });
});
