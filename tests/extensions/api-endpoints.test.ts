import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { start as startAdminApi, type LocalAdminApi } from "../../local/admin-api";
import prisma from "../../app/db.server";
import { type ApiError, createFittingRoomApi, type FittingRoomApi } from "../../extensions/shared/api";
import { describeEstimate } from "../../extensions/shared/estimate";
import { collectionRequest, productRequest, selectionRequest } from "../../extensions/shared/requests";
import { appRequestHandler } from "../helpers/remix-app";
import { seedOfflineSession } from "../helpers/sessions";
import { sessionToken, APP_URL } from "../helpers/shopify-requests";

/**
 * The extensions' client against the real endpoints: requests built by extensions/shared go through the
 * Remix build with a real session token and an admin Origin (as the admin's fetch sends them), the
 * pipeline plans against the local Admin API's demo shop, and answers are parsed with the shared contract.
 */
const SHOP = "extension-shop.myshopify.com";
const OTHER = "extension-other.myshopify.com";
let adminApi: LocalAdminApi;
let api: FittingRoomApi;
let handle: (request: Request) => Promise<Response>;
const seen: Response[] = [];

function clientFor(shop: string): FittingRoomApi {
  return createFittingRoomApi(async (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set("Authorization", `Bearer ${await sessionToken(shop)}`);
    headers.set("Origin", "https://admin.shopify.com");
    headers.set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0");
    const response = await handle(new Request(new URL(input, APP_URL), { ...init, headers }));
    seen.push(response.clone());
    return response;
  });
}

beforeAll(async () => {
  adminApi = await startAdminApi({ seed: "demo", accessTokens: [`shpat_test_${SHOP}`, `shpat_test_${OTHER}`], mediaProcessingMs: 1 });
  process.env.LOCAL_ADMIN_API_URL = adminApi.url;
  handle = await appRequestHandler();
  await seedOfflineSession(SHOP);
  await seedOfflineSession(OTHER);
  api = clientFor(SHOP);
});
afterAll(async () => {
  await adminApi?.close();
});

const product = (n: number) => `gid://shopify/Product/${n}`;

describe("the product action", () => {
  it("GIVEN a demo product WHEN the extension opens THEN it gets the status, every effective setting with its source, the choices and the app link", async () => {
    const status = await api.productStatus(product(1001));
    expect(status.product.id).toBe(product(1001));
    expect(status.product.title).toBeTruthy();
    expect(status.status.state).toBe("none");
    expect(status.settings.map((s) => s.field)).toEqual(expect.arrayContaining(["modelName", "viewType", "generateCount"]));
    expect(status.settings.find((s) => s.field === "viewType")?.source).toBe("try-on default");
    // No model list: the library is the merchant's at Aidge; the documented names are examples to type.
    expect(status.choices.models).toEqual([]);
    expect(status.choices.modelNameExamples).toEqual(["Ariel", "James"]);
    expect(status.choices.viewTypes).toEqual(["fullbody", "halfbody", "mixed"]);
    expect(status.appPath).toBe("/app/products/1001");
  });

  it("GIVEN overrides of model and view WHEN estimated and started THEN the run is created with them and the product shows it", async () => {
    const request = productRequest([{ id: product(1001) }], { modelName: "James", viewType: "halfbody" })!;
    const estimate = await api.estimate(request);
    expect(estimate.estimate.productsTotal).toBe(1);
    const started = await api.tryOnProduct(product(1001), { overrides: { modelName: "James", viewType: "halfbody" } });
    expect(started.run.appPath).toBe(`/app/runs/${started.run.id}`);
    const run = await prisma.tryOnRun.findFirstOrThrow({ where: { id: started.run.id } });
    expect(run.shop).toBe(SHOP);
    expect(JSON.parse(run.overridesJson ?? "{}")).toEqual({ modelName: "James", viewType: "halfbody" });
    const progress = await api.runProgress(started.run.id);
    expect(progress.run.id).toBe(started.run.id);
    expect(Object.values(progress.counts).reduce((a, b) => a + b, 0)).toBe(1);
    const after = await api.productStatus(product(1001));
    expect(after.status.state).not.toBe("none");
    expect(after.status.lastRunId).toBe(started.run.id);
  });

  it("GIVEN an unknown product or invalid overrides WHEN called THEN 404 / 400 naming the field, and no run is created", async () => {
    const runsBefore = await prisma.tryOnRun.count();
    const missing = (await api.productStatus(product(999999)).catch((e: unknown) => e)) as ApiError;
    expect(missing.status).toBe(404);
    const started = (await api.tryOnProduct(product(999999), {}).catch((e: unknown) => e)) as ApiError;
    expect(started.status).toBe(404);
    const invalid = (await api.tryOnProduct(product(1001), { overrides: { viewType: "sideways" } }).catch((e: unknown) => e)) as ApiError;
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.fields)).toContain("overrides.viewType");
    expect(await prisma.tryOnRun.count()).toBe(runsBefore);
  });
});

describe("the selection action", () => {
  it("GIVEN selected products WHEN estimated THEN counts and images come back and nothing is written", async () => {
    const runsBefore = await prisma.tryOnRun.count();
    const request = selectionRequest([{ id: product(1002) }, { id: product(1003) }, { id: product(999998) }])!;
    const { estimate } = await api.estimate(request);
    expect(estimate.productsTotal).toBe(3);
    expect(estimate.productsSkipped).toBeGreaterThanOrEqual(1);
    expect(estimate.skipped.find((s) => s.productId === product(999998))?.reason).toMatch(/not found/i);
    expect(estimate.imagesToGenerate).toBe(estimate.productsToTryOn * 4);
    expect(describeEstimate(estimate).headline).toContain(`${estimate.imagesToGenerate} images`);
    expect(await prisma.tryOnRun.count()).toBe(runsBefore);
  });

  it("GIVEN the estimate WHEN started THEN one run for the selection is created and its progress is readable, by this shop only", async () => {
    const request = selectionRequest([{ id: product(1002) }, { id: product(1003) }])!;
    const started = await api.startRun(request);
    expect(started.run.productsTotal).toBe(2);
    const progress = await api.runProgress(started.run.id);
    expect(progress.finished).toBe(false);
    const foreign = (await clientFor(OTHER).runProgress(started.run.id).catch((e: unknown) => e)) as ApiError;
    expect(foreign.status).toBe(404);
  });
});

describe("the collection action", () => {
  it("GIVEN a collection with defaults WHEN estimated THEN its defaults come back with their sources", async () => {
    await prisma.collectionSettings.create({
      data: { shop: SHOP, collectionId: "gid://shopify/Collection/501", collectionTitle: "Summer", viewType: "halfbody", generateCount: 2 },
    });
    const response = await api.estimate(collectionRequest([{ id: "gid://shopify/Collection/501" }])!);
    expect(response.scopeTitle).toBe("Summer");
    const view = response.settings.find((s) => s.field === "viewType");
    expect(view).toMatchObject({ value: "halfbody", level: "collection" });
    expect(view?.source).toContain("Summer");
    expect(response.settings.find((s) => s.field === "modelGender")?.level).toBe("default");
    expect(response.estimate.productsTotal).toBeGreaterThan(0);
    expect(response.estimate.imagesToGenerate).toBe(response.estimate.productsToTryOn * 2);
  });

  it("GIVEN a collection that does not exist WHEN estimated THEN 400 naming scope.collectionId", async () => {
    const error = (await api.estimate({ scope: { type: "collection", collectionId: "gid://shopify/Collection/9999999" } }).catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(400);
    expect(Object.keys(error.fields)).toEqual(["scope.collectionId"]);
  });
});

describe("every answer", () => {
  it("GIVEN the calls above WHEN their responses are inspected THEN each carries the CORS header the admin needs", () => {
    expect(seen.length).toBeGreaterThan(5);
    for (const response of seen) expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });
});
