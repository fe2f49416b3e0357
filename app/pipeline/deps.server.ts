/**
 * The production wiring of the pipeline's dependencies (used by the web app's in-process runner, the
 * worker and the operator CLI). The runner works outside any request, so:
 * - the Admin API is reached with the shop's OFFLINE session from the Session table
 *   (`id = offline_<shop>`), through the catalog's token transport (redirected to the local Admin API
 *   when LOCAL_ADMIN_API_URL is set — refused in production by the redirect itself);
 * - provider credentials come from the shop's settings (getProviderCredentials); AIDGE_APP_KEY /
 *   AIDGE_APP_SECRET from the environment are a fallback for local development only;
 * - AIDGE_BASE_URL, when set, replaces the provider's host (e.g. the local try-on service).
 */
import type { PrismaClient } from "@prisma/client";
import { createCatalog, createRedirectingFetch, createTokenTransport, pacerForShop, type AdminTransport } from "../catalog";
import { resultDownloadPolicy, safeDownload } from "../security/safe-download";
import { createTryOnClient } from "../tryon/client";
import { systemClock, type Clock } from "./clock";
import type { PipelineDeps, PipelineHooks } from "./context.server";
import { consoleLogger, MissingCredentialsError, MissingSessionError, type CatalogPort, type Logger, type LogLevel, type TryOnPort } from "./ports";

/** Collection ids of products (first 50 collections each), for the multi-collection settings rule. */
export const PRODUCT_COLLECTIONS_QUERY = `#graphql
  query PipelineProductCollections($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Product {
        id
        collections(first: 50) {
          nodes {
            id
          }
        }
      }
    }
  }
`;

/** The catalog port over an Admin transport (pacing shared per shop). */
export function catalogPortFor(shop: string, transport: AdminTransport, fetchImpl: typeof fetch = globalThis.fetch): CatalogPort {
  const catalog = createCatalog({ shop, transport, fetch: fetchImpl });
  const send = pacerForShop(shop).wrap(transport);
  return {
    getProduct: catalog.getProduct,
    getCollection: catalog.getCollection,
    streamCollectionProducts: catalog.streamCollectionProducts,
    listProductMedia: catalog.listProductMedia,
    attachImage: catalog.attachImage,
    deleteMedia: catalog.deleteMedia,
    async productCollectionIds(productIds) {
      const out = new Map<string, string[]>();
      for (let i = 0; i < productIds.length; i += 25) {
        const ids = productIds.slice(i, i + 25);
        const res = await send<{ nodes: Array<{ id?: string; collections?: { nodes: Array<{ id: string }> } } | null> }>(PRODUCT_COLLECTIONS_QUERY, { ids });
        if (res.errors?.length) throw new Error(`Reading the products' collections failed: ${res.errors.map((e) => e.message).join("; ")}`);
        for (const node of res.data?.nodes ?? []) {
          if (node?.id) out.set(node.id, node.collections?.nodes.map((c) => c.id) ?? []);
        }
      }
      return out;
    },
  };
}

export interface DefaultDepsOptions {
  db: PrismaClient;
  clock?: Clock;
  log?: Logger;
  /** Environment to read (default process.env). */
  env?: Record<string, string | undefined>;
  /** Reads a shop's stored provider credentials (default: app/models/shop-settings getProviderCredentials). */
  credentials?: (shop: string) => Promise<{ appKey: string; appSecret: string; region: "global" | "cn"; trial: boolean } | null>;
  hooks?: PipelineHooks;
  /** How long a shop's clients are reused before credentials/session are read again, ms; default 60000. */
  cacheMs?: number;
}

/** Builds the production dependencies. */
export function createDefaultDeps(o: DefaultDepsOptions): PipelineDeps {
  const env = o.env ?? process.env;
  const clock = o.clock ?? systemClock;
  const log = o.log ?? consoleLogger((env.LOG_LEVEL as LogLevel) ?? "info", { component: "pipeline" });
  const cacheMs = o.cacheMs ?? 60_000;
  const baseUrl = env.AIDGE_BASE_URL || undefined;
  const credentials =
    o.credentials ??
    (async (shop: string) => {
      const { getProviderCredentials } = await import("../models/shop-settings.server");
      return getProviderCredentials(shop);
    });

  const adminFetch = env.LOCAL_ADMIN_API_URL ? createRedirectingFetch(env.LOCAL_ADMIN_API_URL) : globalThis.fetch;
  const policy = resultDownloadPolicy({
    aidgeBaseUrl: baseUrl,
    production: env.NODE_ENV === "production",
    extraHosts: (env.AIDGE_RESULT_HOSTS ?? "").split(",").map((h) => h.trim()).filter(Boolean),
  });

  const tryOnCache = new Map<string, { at: number; port: TryOnPort }>();
  const catalogCache = new Map<string, { at: number; port: CatalogPort }>();

  return {
    db: o.db,
    clock,
    log,
    hooks: o.hooks,
    async tryOnFor(shop) {
      const hit = tryOnCache.get(shop);
      if (hit && clock.now() - hit.at < cacheMs) return hit.port;
      let creds = await credentials(shop);
      // Never in production (app/env.server.ts refuses these variables there at boot; this holds even
      // for a caller that skipped it).
      if (!creds && env.NODE_ENV !== "production" && env.AIDGE_APP_KEY && env.AIDGE_APP_SECRET) {
        creds = { appKey: env.AIDGE_APP_KEY, appSecret: env.AIDGE_APP_SECRET, region: "global", trial: env.AIDGE_TRIAL === "true" };
      }
      if (!creds) throw new MissingCredentialsError(shop);
      // No hot retries of submits here: the runner's job-level policy decides (and counts attempts).
      const port = createTryOnClient({ ...creds, baseUrl, retry: { maxRetries: 0 } });
      tryOnCache.set(shop, { at: clock.now(), port });
      return port;
    },
    async catalogFor(shop) {
      const hit = catalogCache.get(shop);
      if (hit && clock.now() - hit.at < cacheMs) return hit.port;
      const session = await o.db.session.findUnique({ where: { id: `offline_${shop}` } });
      if (!session?.accessToken) throw new MissingSessionError(shop);
      if (session.expires && session.expires.getTime() < clock.now()) throw new MissingSessionError(shop, "its offline token expired");
      const transport = createTokenTransport({ shop, accessToken: session.accessToken, fetch: adminFetch });
      const port = catalogPortFor(shop, transport);
      catalogCache.set(shop, { at: clock.now(), port });
      return port;
    },
    async downloadResult(url) {
      const r = await safeDownload(url, policy);
      return { bytes: r.bytes, contentType: r.contentType };
    },
  };
}
