/**
 * The app's real path to the local Admin API: @shopify/shopify-api's GraphQL client (what
 * shopify-app-remix's `admin.graphql` wraps) with the LOCAL_ADMIN_API_URL fetch redirect installed via
 * setAbstractFetchFunc, adapted for the catalog by fromRemixAdmin.
 */
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, LogSeverity, Session, shopifyApi } from "@shopify/shopify-api";
import { abstractFetch, setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCatalog } from "../../app/catalog/catalog";
import { createRedirectingFetch } from "../../app/catalog/local-admin-redirect";
import { CostPacer } from "../../app/catalog/pacer";
import { fromRemixAdmin, type RemixAdminGraphql } from "../../app/catalog/transport";
import type { LocalAdminApi } from "../../local/admin-api/server";
import { productGid, startAdmin } from "./helpers";

const shopify = shopifyApi({
  apiKey: "local-test-key",
  apiSecretKey: "local-test-secret",
  scopes: ["read_products", "write_products", "read_files", "write_files"],
  hostName: "localhost:3000",
  apiVersion: ApiVersion.July26,
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error },
});

let api: LocalAdminApi;
const original = abstractFetch;
beforeAll(async () => {
  // Tiny bucket: a burst of reads is throttled, so the GraphqlQueryError path is exercised too.
  api = await startAdmin({ seed: "demo", bucketSize: 40, restoreRate: 5, accessTokens: ["shpat_app", "shpat_burst"] });
  setAbstractFetchFunc(createRedirectingFetch(api.url, globalThis.fetch));
});
afterAll(async () => {
  setAbstractFetchFunc(original);
  await api?.close();
});

/** What shopify-app-remix's admin.graphql does: client.request, body wrapped in a Response. */
function remixGraphql(accessToken: string): RemixAdminGraphql {
  const session = new Session({ id: "offline_fitting-room-demo.myshopify.com", shop: "fitting-room-demo.myshopify.com", state: "", isOnline: false, accessToken });
  const client = new shopify.clients.Graphql({ session });
  return async (query, options) => new Response(JSON.stringify(await client.request(query, { variables: options?.variables })));
}

describe("shopify-api client → fetch redirect → local Admin API", () => {
  it("GIVEN the redirect installed WHEN the catalog reads through admin.graphql THEN it gets the local shop's data", async () => {
    const catalog = createCatalog({ shop: "fitting-room-demo.myshopify.com", transport: fromRemixAdmin(remixGraphql(api.accessToken)), pacer: new CostPacer() });
    const shop = await catalog.shopInfo();
    expect(shop).toMatchObject({ name: "Fitting Room Demo", myshopifyDomain: "fitting-room-demo.myshopify.com" });
    const product = await catalog.getProduct(productGid(1001));
    expect(product?.title).toBe("Linen Midi Dress");
  });

  it("GIVEN a burst beyond the bucket WHEN shopify-api throws GraphqlQueryError for THROTTLED THEN the pacer retries and every read succeeds", async () => {
    api.store.resetMetrics();
    const pacers = [new CostPacer(), new CostPacer()];
    // Each read requests nearly the whole bucket (media(first: 16): 39 of 40 points) but costs 7, so a second
    // read right after the first cannot fit: Shopify answers THROTTLED, shopify-api throws.
    const catalogs = pacers.map((pacer) => createCatalog({ shop: "fitting-room-demo.myshopify.com", transport: fromRemixAdmin(remixGraphql("shpat_burst")), pacer, mediaPerProduct: 16 }));
    const ids = [1002, 1003, 1004, 1005];
    const products = await Promise.all(ids.map((id, i) => catalogs[i % 2].getProduct(productGid(id))));
    expect(products.map((p) => p?.id)).toEqual(ids.map(productGid));
    expect(api.store.metrics.throttled).toBeGreaterThan(0);
    expect(pacers[0].metrics.throttled + pacers[1].metrics.throttled).toBe(api.store.metrics.throttled);
  });

  it("GIVEN a revoked token WHEN reading THEN the 401 reaches the caller untouched (shopify-app-remix handles re-auth)", async () => {
    const catalog = createCatalog({ shop: "fitting-room-demo.myshopify.com", transport: fromRemixAdmin(remixGraphql("shpat_revoked")), pacer: new CostPacer() });
    await expect(catalog.shopInfo()).rejects.toMatchObject({ response: { code: 401 } });
  });
});
