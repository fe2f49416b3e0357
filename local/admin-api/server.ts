/**
 * The local Admin API: an HTTP server speaking the part of Shopify's Admin GraphQL API Fitting Room
 * uses, on Shopify's real 2026-07 schema, with Shopify-like cost throttling. A development, test and
 * benchmark stand-in — never used in production (the app refuses LOCAL_ADMIN_API_URL there).
 *
 * Routes:
 *   POST /admin/api/2026-07/graphql.json    GraphQL (X-Shopify-Access-Token required)
 *   POST /admin/oauth/access_token          token exchange (expiring=1: a token refused after
 *                                           tokenTtlS + a refresh token), refresh-token grant, client credentials
 *   GET  /cdn/files/{key}/{name}?width=&height=&crop=&format=   image bytes: the original, or a
 *                                           rendition really resized by sharp (url(transform:))
 *   POST /staged-uploads/upload             staged upload, multipart form (POST targets)
 *   PUT  /staged-uploads/put/tmp/{token}/{name}   staged upload, raw body (PUT targets)
 *   GET  /staged-uploads/tmp/{token}/{name} an uploaded file (the resourceUrl)
 *   GET  /bulk-results/{id}.jsonl           a bulk operation's JSONL result (streamed)
 *   GET  /health
 *   GET  /__local/metrics                   counters (StoreMetrics): requests, points, CDN downloads,
 *                                           token grants and refreshes, files created/failed/deleted,
 *                                           references added/removed, webhooks; plus filesByStatus
 *                                           ({ UPLOADED, PROCESSING, READY, FAILED }: files now)
 *   GET  /__local/cdn                       CDN downloads per path: { originalDownloads,
 *                                           renditionDownloads, originalBytes, renditionBytes,
 *                                           byPath: { "/cdn/files/…": { originals, renditions } } }
 *   GET  /__local/webhooks                  { target, deliveries: [{ id, topic, productId, url, attempts,
 *                                           status, delivered }] } (the latest 500)
 *   POST /__local/metrics/reset             zeroes both (tests measure one phase at a time)
 *
 * This file wires the pieces and holds the route table; each route's handler is in http/ (the
 * GraphQL door, OAuth, the CDN, staged uploads, bulk results), the request pipeline in executor.ts.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadAdminSchema } from "../../scripts/schema/admin-schema";
import { AdminApiExecutor } from "./executor";
import { filesByStatus, MediaProcessor } from "./files";
import { bulkResults } from "./http/bulk-results";
import { cdnEndpoint } from "./http/cdn";
import { API_VERSION, graphqlEndpoint } from "./http/graphql-endpoint";
import { NOT_FOUND, send } from "./http/io";
import { tokenEndpoint } from "./http/oauth";
import { stagedUploads } from "./http/staged-uploads";
import { cdnStats } from "./metrics";
import { blobUrl, type BulkOperationRecord, type ResolverEnv, type StagedTarget } from "./resolvers/index";
import { buildStore, type SeedOption } from "./seed";
import { Store } from "./store";
import { DEFAULT_TOKEN_TTL_S, TokenRegistry } from "./tokens";
import { WebhookDispatcher } from "./webhooks";

export { API_VERSION } from "./http/graphql-endpoint";
export { parseTransform, type CdnTransform } from "./http/cdn";
export { verifySessionToken } from "./http/oauth";
export { cdnStats } from "./metrics";

/** The access token the stand-in accepts unless told otherwise. */
export const DEFAULT_ACCESS_TOKEN = "shpat_local_fitting_room_demo";

export interface StartOptions {
  /** Default 0 (a free port). The CLI defaults to 4020. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** "demo", "empty" (default), a JSON file (seed spec or store snapshot), or a spec/snapshot object. */
  seed?: SeedOption;
  /** Points restored per second; default 100 (Shopify's Standard plan). */
  restoreRate?: number;
  /** Bucket size in points; default 2000. Single queries are limited to min(1000, bucketSize). */
  bucketSize?: number;
  /** Persist the store to this JSON file (loaded from it when it exists, instead of the seed). */
  persistPath?: string;
  /** Accepted X-Shopify-Access-Token values; default [DEFAULT_ACCESS_TOKEN]. The first is handed out by token exchange. */
  accessTokens?: string[];
  /** Simulated media processing time, ms; default 150. */
  mediaProcessingMs?: number;
  /** Delay before a bulk operation runs, ms; default 100. */
  bulkDelayMs?: number;
  /** Chunk size when streaming bulk results, bytes; default 16 KiB. */
  bulkChunkBytes?: number;
  /** Base URL put into image, upload and bulk URLs; default http://{host}:{port}. */
  publicUrl?: string;
  /**
   * Lifetime of the expiring offline access tokens token exchange and refresh grants issue, seconds;
   * default 3600 (Shopify's). Configured `accessTokens` never expire. Changeable later: `tokens.ttlS`.
   */
  tokenTtlS?: number;
  /** The app's API key (client_id): when set, token grants with another client id are refused. */
  apiKey?: string;
  /** The app's API secret: when set, token grants must present it, session tokens must be signed with it, and webhooks are signed with it. */
  apiSecret?: string;
  /**
   * Send products/create and products/update webhooks here, signed with `apiSecret` (required then).
   * `{topic}` in the URL is replaced by the topic; otherwise `/{topic}` is appended (the app's
   * subscriptions are /webhooks/products/create …). Settable later: `webhooks.setTarget(…)`.
   */
  webhookUrl?: string;
  /** Delays before webhook retries, ms; default [500, 2000]. */
  webhookRetryDelaysMs?: number[];
  /** Scopes reported by token exchange; default "read_products,write_products,read_files,write_files". */
  scopes?: string;
  /** Log lines (default: silent). */
  log?: (line: string) => void;
}

export interface LocalAdminApi {
  /** e.g. http://127.0.0.1:4020 */
  url: string;
  /** The GraphQL endpoint. */
  graphqlUrl: string;
  /** A token the server accepts (configured: never expires). */
  accessToken: string;
  /** Issued tokens: `ttlS` (settable), `issue(clientId, scope)`, `expireAccessTokens()` for tests. */
  tokens: TokenRegistry;
  store: Store;
  bulkOperations: Map<number, BulkOperationRecord>;
  /** Product webhooks: `setTarget({ url, secret })`, `deliveries`, `idle()`. */
  webhooks: WebhookDispatcher;
  /** Resolves once no file source is queued or being fetched (tests). */
  filesIdle: () => Promise<void>;
  close: () => Promise<void>;
}

/** Starts the stand-in. Resolves once it listens. */
export async function start(options: StartOptions = {}): Promise<LocalAdminApi> {
  const log = options.log ?? (() => {});
  const schema = await loadAdminSchema();
  const persisted = options.persistPath ? Store.load(options.persistPath) : null;
  const store = persisted ?? (await buildStore(options.seed));
  if (options.persistPath) store.persistTo(options.persistPath);
  const tokens = new TokenRegistry(options.accessTokens?.length ? options.accessTokens : [DEFAULT_ACCESS_TOKEN], options.tokenTtlS ?? DEFAULT_TOKEN_TTL_S);
  const primaryToken = tokens.primary;
  const host = options.host ?? "127.0.0.1";
  let base = options.publicUrl?.replace(/\/+$/, "") ?? "";

  const staged = new Map<string, StagedTarget>();
  const bulkOperations = new Map<number, BulkOperationRecord>();
  const mediaProcessingMs = options.mediaProcessingMs ?? 150;
  const webhooks = new WebhookDispatcher({
    store,
    apiVersion: API_VERSION,
    imageUrl: (media) => blobUrl(env, media),
    log,
    retryDelaysMs: options.webhookRetryDelaysMs,
  });
  if (options.webhookUrl) {
    if (!options.apiSecret) throw new Error("--webhook-url needs the app's API secret to sign webhooks (--api-secret or LOCAL_ADMIN_API_SECRET).");
    webhooks.setTarget({ url: options.webhookUrl, secret: options.apiSecret });
  }
  const processor = new MediaProcessor({ store, base: () => base, staged, mediaProcessingMs, fetch: globalThis.fetch });
  const env: ResolverEnv = {
    store,
    base: () => base,
    staged,
    bulkOperations,
    startBulkQuery: (query, groupObjects) => executor.startBulkQuery(query, groupObjects),
    mediaProcessingMs,
    fetch: globalThis.fetch,
    processor,
    webhooks,
    jobs: new Map(),
  };
  const executor = new AdminApiExecutor({
    schema,
    env,
    bucketSize: options.bucketSize ?? 2000,
    restoreRate: options.restoreRate ?? 100,
    bulkDelayMs: options.bulkDelayMs ?? 100,
    log,
  });
  const chunkBytes = options.bulkChunkBytes ?? 16 * 1024;
  const graphql = graphqlEndpoint({ store, tokens, executor });
  const token = tokenEndpoint({ store, tokens, apiKey: options.apiKey, apiSecret: options.apiSecret, scopes: options.scopes, log });
  const image = cdnEndpoint(store);
  const upload = stagedUploads({ store, staged, base: () => base });
  const bulkResult = bulkResults({ store, bulkOperations, chunkBytes });

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://local");
    const path = url.pathname;
    const route = async () => {
      let m: RegExpExecArray | null;
      if (req.method === "POST" && (m = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(path))) return graphql(req, res, m[1]);
      if (req.method === "POST" && path === "/admin/oauth/access_token") return token(req, res);
      if ((req.method === "GET" || req.method === "HEAD") && (m = /^\/cdn\/files\/([a-f0-9]+)\/[^/]+$/.exec(path))) return image(res, path, m[1], url.searchParams, req.method === "HEAD");
      if (req.method === "POST" && path === "/staged-uploads/upload") return upload.post(req, res);
      if (req.method === "PUT" && (m = /^\/staged-uploads\/put\/tmp\/([^/]+)\/[^/]+$/.exec(path))) return upload.put(req, res, m[1]);
      if (req.method === "GET" && (m = /^\/staged-uploads\/tmp\/([^/]+)\/[^/]+$/.exec(path))) return upload.get(res, m[1]);
      if (req.method === "GET" && (m = /^\/bulk-results\/(\d+)\.jsonl$/.exec(path))) return bulkResult(res, Number(m[1]));
      if (req.method === "GET" && path === "/health") return send(res, 200, JSON.stringify({ ok: true, shop: store.shop.myshopifyDomain }));
      if (req.method === "GET" && path === "/__local/metrics") return send(res, 200, JSON.stringify({ ...store.metrics, filesByStatus: filesByStatus(store) }));
      if (req.method === "GET" && path === "/__local/webhooks") return send(res, 200, JSON.stringify({ target: webhooks.target?.url ?? null, deliveries: webhooks.deliveries }));
      if (req.method === "GET" && path === "/__local/cdn") return send(res, 200, JSON.stringify(cdnStats(store)));
      if (req.method === "POST" && path === "/__local/metrics/reset") {
        store.resetMetrics();
        return send(res, 200, JSON.stringify(store.metrics));
      }
      if (path.startsWith("/admin/")) return send(res, 404, NOT_FOUND);
      send(res, 404, JSON.stringify({ errors: `No route for ${req.method} ${path} on the local Admin API.` }));
    };
    route().catch((error: unknown) => {
      log(`error on ${req.method} ${path}: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) send(res, 500, JSON.stringify({ errors: "Internal Server Error" }));
      else res.destroy();
    });
  });

  // Node's default keep-alive timeout (5 s) destroys a socket once the response sits in the kernel's
  // buffers, even while a slow reader (a run planning a bulk JSONL file as it streams) has not read it
  // yet: the client then loses the tail ("other side closed"). Storage servers wait far longer.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  base ||= url;
  // Files whose source was still being fetched when a persisted store was saved: fetch them again.
  for (const media of store.media.values()) if (media.stage && media.source) processor.schedule(media);
  log(`local Admin API listening on ${url} (${store.products.size} products, ${store.collections.size} collections)`);

  return {
    url,
    graphqlUrl: `${url}/admin/api/${API_VERSION}/graphql.json`,
    accessToken: primaryToken,
    tokens,
    store,
    bulkOperations,
    filesIdle: () => processor.idle(),
    webhooks,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await store.flush();
    },
  };
}
