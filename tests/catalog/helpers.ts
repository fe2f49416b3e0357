/**
 * Shared set-up for the catalog integration tests: a local Admin API over real HTTP, and a catalog
 * that reaches it the way the app does — `https://{shop}/admin/api/2026-07/graphql.json` through the
 * LOCAL_ADMIN_API_URL fetch redirect.
 */
import { createCatalog, type CatalogOptions } from "../../app/catalog/catalog";
import { createRedirectingFetch } from "../../app/catalog/local-admin-redirect";
import { CostPacer } from "../../app/catalog/pacer";
import { createTokenTransport } from "../../app/catalog/transport";
import { start, type LocalAdminApi, type StartOptions } from "../../local/admin-api/server";

export async function startAdmin(options: StartOptions = {}): Promise<LocalAdminApi> {
  // Short processing/bulk delays keep the tests fast; nothing asserts on timing.
  return start({ mediaProcessingMs: 30, bulkDelayMs: 20, ...options });
}

/** A catalog for the stand-in's shop with its own pacer (tests must not share process-wide pacers). */
export function catalogFor(api: LocalAdminApi, options: Partial<CatalogOptions> = {}, accessToken = api.accessToken) {
  const shop = api.store.shop.myshopifyDomain;
  const transport = createTokenTransport({ shop, accessToken, fetch: createRedirectingFetch(api.url) });
  return createCatalog({ shop, transport, pacer: new CostPacer(), bulkPollMs: 20, bulkPollMaxMs: 100, ...options });
}

export const productGid = (id: number) => `gid://shopify/Product/${id}`;
export const collectionGid = (id: number) => `gid://shopify/Collection/${id}`;
