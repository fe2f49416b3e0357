/**
 * The production wiring of the pipeline's dependencies (used by the web app's in-process runner, the
 * worker and the operator CLI). The runner works outside any request, so:
 * - the Admin API is reached with the shop's OFFLINE session from the Session table
 *   (`id = offline_<shop>`), through a transport that renews the expiring offline token ahead of expiry
 *   and after a 401, once per shop under a database lock (app/catalog/offline-token.server.ts; needs
 *   SHOPIFY_API_KEY / SHOPIFY_API_SECRET), redirected to the local Admin API when LOCAL_ADMIN_API_URL is
 *   set — refused in production by the redirect itself;
 * - provider credentials come from the shop's settings (getProviderCredentials); AIDGE_APP_KEY /
 *   AIDGE_APP_SECRET from the environment are a fallback for local development only;
 * - AIDGE_BASE_URL, when set, replaces the provider's host (e.g. the local try-on service).
 */
import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import { createCatalog, createRedirectingFetch, pacerForShop, type AdminTransport } from "../catalog";
import { createFiles } from "../catalog/files";
import { createOfflineTokens, createRefreshingTransport, DEFAULT_REFRESH_MARGIN_MS } from "../catalog/offline-token.server";
import { resultDownloadPolicy, type DownloadPolicy } from "../security/download-policy";
import { safeDownload } from "../security/safe-download";
import { createTryOnClient } from "../tryon/client";
import { systemClock, type Clock } from "./clock";
import { colourCheckConfig } from "./colour-check.server";
import type { PipelineDeps, PipelineHooks } from "./context.server";
import { consoleLogger, MissingCredentialsError, type CatalogPort, type Logger, type LogLevel, type TryOnPort } from "./ports";

/** Collection ids of products (first 50 collections each), for the multi-collection settings rule. */

/** How long a read of a shop's settings version is reused by the steps asking for its provider client, ms. */
export const SETTINGS_VERSION_FRESH_MS = 250;
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
    productVariants: catalog.productVariants,
    appendVariantMedia: catalog.appendVariantMedia,
    detachVariantMedia: catalog.detachVariantMedia,
    getCollection: catalog.getCollection,
    streamCollectionProducts: catalog.streamCollectionProducts,
    listProductMedia: catalog.listProductMedia,
    attachImage: catalog.attachImage,
    deleteMedia: catalog.deleteMedia,
    files: createFiles({ send, fetch: fetchImpl }),
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
  /** Reads a shop's stored provider credentials (default: app/persistence/shop-settings getProviderCredentials). */
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
      const { getProviderCredentials } = await import("../persistence/shop-settings.server");
      return getProviderCredentials(shop);
    });

  const adminFetch = env.LOCAL_ADMIN_API_URL ? createRedirectingFetch(env.LOCAL_ADMIN_API_URL) : globalThis.fetch;
  const policy = resultDownloadPolicy({
    aidgeBaseUrl: baseUrl,
    production: env.NODE_ENV === "production",
    extraHosts: (env.AIDGE_RESULT_HOSTS ?? "").split(",").map((h) => h.trim()).filter(Boolean),
  });

  // Garment photos for the colour check: Shopify's CDN only (plus the local Admin API's CDN in development).
  const garmentPolicy: DownloadPolicy = {
    allowedHosts: ["cdn.shopify.com"],
    trustedOrigins: env.LOCAL_ADMIN_API_URL && env.NODE_ENV !== "production" ? [new URL(env.LOCAL_ADMIN_API_URL).origin] : [],
    maxBytes: 5 * 1024 * 1024,
    timeoutMs: 15_000,
  };
  const colourCheck = colourCheckConfig(env);

  const tokens = createOfflineTokens({
    db: o.db,
    apiKey: env.SHOPIFY_API_KEY || undefined,
    apiSecret: env.SHOPIFY_API_SECRET || undefined,
    fetch: adminFetch,
    now: () => clock.now(),
    marginMs: z.coerce.number().int().min(0).max(3_600_000).default(DEFAULT_REFRESH_MARGIN_MS).parse(env.ADMIN_TOKEN_REFRESH_MARGIN_MS || undefined),
    log,
  });

  const tryOnCache = new Map<string, { at: number; version: number; port: TryOnPort }>();
  /**
   * When the shop's settings row last changed: a key, secret, region or trial mode the merchant saves
   * applies from the next step on, in every process (a retry right after fixing the credentials must
   * not reuse the old client for up to `cacheMs`).
   */
  const readSettingsVersion = async (shop: string): Promise<number> =>
    (await o.db.shopSettings.findUnique({ where: { shop }, select: { updatedAt: true } }))?.updatedAt.getTime() ?? 0;
  /**
   * One read per shop per {@link SETTINGS_VERSION_FRESH_MS}, shared by the steps asking meanwhile: at the
   * provider's rate every submit and poll asked, two database reads per task for a value that changes
   * when a merchant saves Settings — far less often than a quarter of a second.
   */
  const versionReads = new Map<string, { at: number; version: Promise<number> }>();
  const settingsVersion = (shop: string): Promise<number> => {
    const hit = versionReads.get(shop);
    if (hit && clock.now() - hit.at < SETTINGS_VERSION_FRESH_MS) return hit.version;
    const version = readSettingsVersion(shop);
    versionReads.set(shop, { at: clock.now(), version });
    // A failed read is not remembered.
    version.catch(() => versionReads.get(shop)?.version === version && versionReads.delete(shop));
    if (versionReads.size > 10_000) versionReads.delete(versionReads.keys().next().value!);
    return version;
  };
  const catalogCache = new Map<string, { at: number; port: CatalogPort }>();

  return {
    db: o.db,
    clock,
    log,
    hooks: o.hooks,
    async tryOnFor(shop) {
      const hit = tryOnCache.get(shop);
      const version = await settingsVersion(shop);
      if (hit && hit.version === version && clock.now() - hit.at < cacheMs) return hit.port;
      let creds = await credentials(shop);
      // Never in production (app/env.server.ts refuses these variables there at boot; this holds even
      // for a caller that skipped it).
      if (!creds && env.NODE_ENV !== "production" && env.AIDGE_APP_KEY && env.AIDGE_APP_SECRET) {
        creds = { appKey: env.AIDGE_APP_KEY, appSecret: env.AIDGE_APP_SECRET, region: "global", trial: env.AIDGE_TRIAL === "true" };
      }
      if (!creds) throw new MissingCredentialsError(shop);
      // No hot retries of submits here: the runner's job-level policy decides (and counts attempts).
      const port = createTryOnClient({ ...creds, baseUrl, retry: { maxRetries: 0 } });
      tryOnCache.set(shop, { at: clock.now(), version, port });
      return port;
    },
    async catalogFor(shop) {
      const hit = catalogCache.get(shop);
      if (hit && clock.now() - hit.at < cacheMs) return hit.port;
      // Fails early (MissingSessionError) for a shop without an offline session; renews a stale token.
      await tokens.accessToken(shop);
      const transport = createRefreshingTransport({ shop, tokens, fetch: adminFetch });
      const port = catalogPortFor(shop, transport);
      catalogCache.set(shop, { at: clock.now(), port });
      return port;
    },
    async downloadResult(url) {
      const r = await safeDownload(url, policy);
      return { bytes: r.bytes, contentType: r.contentType };
    },
    async downloadGarment(url) {
      const r = await safeDownload(url, garmentPolicy);
      return { bytes: r.bytes, contentType: r.contentType };
    },
    colourCheck,
  };
}
