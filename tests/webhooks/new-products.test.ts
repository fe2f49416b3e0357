import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { start as startAdminApi, type LocalAdminApi } from "../../local/admin-api";
import prisma from "../../app/db.server";
import { createDefaultDeps } from "../../app/pipeline/deps.server";
import { silentLogger } from "../../app/pipeline/ports";
import { createPipeline } from "../../app/pipeline/service.server";
import { appRequestHandler } from "../helpers/remix-app";
import { seedOfflineSession } from "../helpers/sessions";
import { adminFetchRequest, webhookRequest } from "../helpers/shopify-requests";
import { waitFor } from "../helpers/pipeline-stack";

/**
 * New products get try-ons by themselves (issue 15.2), through the real routes: the collection page
 * turns "Try on new products" on, signed products/create and products/update webhooks plan the job with
 * the collection's defaults, the sweep finds a product that joined without a webhook, nothing is tried
 * twice, and the dashboard lists what ran by itself. The Admin API is the local stand-in.
 */
const SHOP = "new-products.myshopify.com";
const TOPS = 502; // Essentials Tops
const DRESSES = 501; // Summer Dresses (setting off)
let adminApi: LocalAdminApi;
let handle: (request: Request) => Promise<Response>;

const gid = (n: number) => `gid://shopify/Product/${n}`;

/** A new product with a good flat lay (a copy of the demo's navy tee), added to `collection`. */
function newProduct(title: string, collection: number): number {
  const store = adminApi.store;
  const template = store.media.get(store.products.get(1013)!.mediaIds[0])!;
  const media = store.addMedia({ blob: template.blob, filename: `${title.toLowerCase().replace(/\W+/g, "-")}.jpg`, mimeType: template.mimeType, width: template.width, height: template.height, alt: title });
  const product = store.addProduct({ title, productType: "T-Shirts", tags: ["new"], mediaIds: [media.id] });
  store.collections.get(collection)!.productIds.push(product.id);
  return product.id;
}

const autoRuns = (productId: number) => prisma.tryOnRun.findMany({ where: { shop: SHOP, trigger: "auto", scopeRef: gid(productId) }, include: { jobs: true } });

beforeAll(async () => {
  adminApi = await startAdminApi({ seed: "demo", accessTokens: [`shpat_test_${SHOP}`], mediaProcessingMs: 1 });
  process.env.LOCAL_ADMIN_API_URL = adminApi.url;
  handle = await appRequestHandler();
  await seedOfflineSession(SHOP);
  // The collection's defaults the new products must get.
  await prisma.collectionSettings.create({ data: { shop: SHOP, collectionId: `gid://shopify/Collection/${TOPS}`, viewType: "halfbody", generateCount: 2 } });
  const res = await handle(await adminFetchRequest(`/app/collections/${TOPS}?_data=routes%2Fapp.collections.%24id`, SHOP, { method: "POST", form: { intent: "autoNew", tryOnNewProducts: "on" } }));
  expect(res.status).toBe(200);
  // Turning it on records the members present now (they are not new) in the background.
  await waitFor(async () => (await prisma.collectionSettings.findFirst({ where: { shop: SHOP, collectionId: `gid://shopify/Collection/${TOPS}` } }))?.newProductsBaselineAt, { what: "the baseline", timeoutMs: 60_000 });
}, 300_000);

afterAll(async () => {
  await adminApi?.close();
});

describe("Try on new products", () => {
  it("GIVEN the setting on WHEN the page is read THEN it shows on, and the members present then are recorded as not new", async () => {
    const page = (await (await handle(await adminFetchRequest(`/app/collections/${TOPS}?_data=routes%2Fapp.collections.%24id`, SHOP))).json()) as { autoNew: { enabled: boolean } };
    expect(page.autoNew.enabled).toBe(true);
    const members = adminApi.store.collections.get(TOPS)!.productIds.length;
    expect(await prisma.autoTryOn.count({ where: { shop: SHOP, status: "baseline" } })).toBe(members);
  });

  it("GIVEN a product created in the collection WHEN products/create arrives THEN one job is planned with the collection's defaults, and a redelivery or an update plans nothing more", async () => {
    const id = newProduct("Fresh Pocket Tee", TOPS);
    const delivery = webhookRequest("products/create", SHOP, { id, title: "Fresh Pocket Tee" }, { webhookId: `create-${id}` });
    expect((await handle(delivery.clone())).status).toBe(200);
    const runs = await autoRuns(id);
    expect(runs).toHaveLength(1);
    expect(runs[0].jobs).toHaveLength(1);
    const job = runs[0].jobs[0];
    expect(job.state).toBe("queued");
    expect(JSON.parse(job.requestJson)).toMatchObject({ viewType: "halfbody", generateCount: 2 });
    expect(await prisma.autoTryOn.findFirst({ where: { shop: SHOP, productId: gid(id) } })).toMatchObject({ status: "planned", source: "webhook", runId: runs[0].id });

    expect((await handle(webhookRequest("products/create", SHOP, { id }, { webhookId: `create-${id}` }))).status).toBe(200);
    expect((await handle(webhookRequest("products/update", SHOP, { id }, { webhookId: `update-${id}` }))).status).toBe(200);
    expect(await autoRuns(id)).toHaveLength(1);
  });

  it("GIVEN a product that was already in the collection WHEN it is updated THEN nothing is tried on", async () => {
    expect((await handle(webhookRequest("products/update", SHOP, { id: 1016 }))).status).toBe(200);
    expect(await autoRuns(1016)).toEqual([]);
  });

  it("GIVEN an existing product added to the collection WHEN products/update arrives THEN it is tried on as new", async () => {
    adminApi.store.collections.get(TOPS)!.productIds.push(1001);
    expect((await handle(webhookRequest("products/update", SHOP, { id: 1001 }))).status).toBe(200);
    expect(await autoRuns(1001)).toHaveLength(1);
  });

  it("GIVEN a collection without the setting WHEN a product is created in it THEN nothing is tried on", async () => {
    const id = newProduct("Quiet Sundress", DRESSES);
    expect((await handle(webhookRequest("products/create", SHOP, { id }))).status).toBe(200);
    expect(await autoRuns(id)).toEqual([]);
  });

  it("GIVEN a product that joined without a webhook (a smart collection) WHEN the sweep runs THEN it is tried on, once", async () => {
    const id = newProduct("Smart Rule Tee", TOPS);
    const deps = createDefaultDeps({ db: prisma, env: { LOCAL_ADMIN_API_URL: adminApi.url, NODE_ENV: "test" }, credentials: async () => null, log: silentLogger });
    const auto = createPipeline(deps).autoTryOn;
    expect(await auto.sweepShop(SHOP)).toMatchObject({ planned: 1 });
    expect(await autoRuns(id)).toHaveLength(1);
    expect(await prisma.autoTryOn.findFirst({ where: { shop: SHOP, productId: gid(id) } })).toMatchObject({ status: "planned", source: "sweep" });
    expect(await auto.sweepShop(SHOP)).toMatchObject({ planned: 0 });
    expect(await autoRuns(id)).toHaveLength(1);
  });

  it("GIVEN products tried on by themselves WHEN the dashboard loads THEN it lists them with their runs", async () => {
    const res = await handle(await adminFetchRequest("/app?_data=routes%2Fapp._index", SHOP));
    expect(res.status).toBe(200);
    const data = (await res.json()) as { autoTryOn: Array<{ productTitle: string; status: string; runId: string | null }> };
    const titles = data.autoTryOn.map((a) => a.productTitle);
    expect(titles).toEqual(expect.arrayContaining(["Fresh Pocket Tee", "Smart Rule Tee"]));
    expect(data.autoTryOn.every((a) => a.status !== "planned" || a.runId)).toBe(true);
  });
});
