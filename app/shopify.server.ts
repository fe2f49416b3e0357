import "@shopify/shopify-app-remix/adapters/node";
import {
  ApiVersion,
  AppDistribution,
  LogSeverity,
  shopifyApp,
} from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import prisma from "./db.server";
import { env } from "./env.server";
import { createRedirectingFetch } from "./catalog/local-admin-redirect";

/**
 * The Shopify app object: one of the app's two singletons. Embedded auth by token exchange
 * (Shopify-managed installation), Admin API 2026-07, sessions in Prisma.
 */
const config = env();

export const API_VERSION = ApiVersion.July26;

const LOG_SEVERITY = {
  debug: LogSeverity.Debug,
  info: LogSeverity.Info,
  warn: LogSeverity.Warning,
  error: LogSeverity.Error,
} as const;

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  // Only what the product needs: read products and their media, attach media, upload files.
  scopes: config.SCOPES.split(",").map((s) => s.trim()).filter(Boolean),
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(prisma),
  distribution: AppDistribution.AppStore,
  // LOG_LEVEL applies to the library's own logs too (its Info level logs every request).
  logger: { level: LOG_SEVERITY[config.LOG_LEVEL] },
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  ...(config.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [config.SHOP_CUSTOM_DOMAIN] } : {}),
});

// Development and tests only: send Admin API calls to the local Admin API (refused in production by
// env.server.ts and again inside createRedirectingFetch).
if (config.LOCAL_ADMIN_API_URL) {
  setAbstractFetchFunc(createRedirectingFetch(config.LOCAL_ADMIN_API_URL, globalThis.fetch));
}

export default shopify;
export const apiVersion = API_VERSION;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
