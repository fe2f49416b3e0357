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
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import sharp from "sharp";
import { loadAdminSchema } from "../../scripts/schema/admin-schema";
import { AdminApiExecutor, type GraphQLRequestBody } from "./executor";
import { filesByStatus, MediaProcessor } from "./files";
import { blobUrl, type BulkOperationRecord, type ResolverEnv, type StagedTarget } from "./resolvers/index";
import { buildStore, type SeedOption } from "./seed";
import { Store } from "./store";
import { DEFAULT_TOKEN_TTL_S, TokenRegistry } from "./tokens";
import { WebhookDispatcher } from "./webhooks";

/** The access token the stand-in accepts unless told otherwise. */
export const DEFAULT_ACCESS_TOKEN = "shpat_local_fitting_room_demo";
export const API_VERSION = "2026-07";

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

const UNAUTHORIZED = JSON.stringify({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });

function send(res: ServerResponse, status: number, body: string | Buffer, type = "application/json; charset=utf-8") {
  res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

async function readBody(req: IncomingMessage, limit = 50 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error(`Request body larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Transform parameters of a CDN URL (what url(transform:) writes); null when there are none. */
export interface CdnTransform {
  width?: number;
  height?: number;
  crop?: "center" | "top" | "bottom" | "left" | "right";
  format?: "jpg" | "png" | "webp";
}

const CROPS = new Set(["center", "top", "bottom", "left", "right"]);
const FORMATS = new Set(["jpg", "png", "webp"]);
/** Shopify's CDN serves renditions up to 5760 px on a side. */
const MAX_RENDITION_SIDE = 5760;

/** Parses a CDN URL's transform parameters; a string is the reason they are invalid. */
export function parseTransform(query: URLSearchParams): CdnTransform | null | string {
  const t: CdnTransform = {};
  for (const name of ["width", "height"] as const) {
    const raw = query.get(name);
    if (raw === null) continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > MAX_RENDITION_SIDE) return `${name} must be a whole number of pixels from 1 to ${MAX_RENDITION_SIDE} (got "${raw}").`;
    t[name] = n;
  }
  const crop = query.get("crop");
  if (crop !== null) {
    if (!CROPS.has(crop)) return `crop must be one of ${[...CROPS].join(", ")} (got "${crop}").`;
    t.crop = crop as CdnTransform["crop"];
  }
  const format = query.get("format");
  if (format !== null) {
    if (!FORMATS.has(format)) return `format must be one of ${[...FORMATS].join(", ")} (got "${format}").`;
    t.format = format as CdnTransform["format"];
  }
  return Object.keys(t).length ? t : null;
}

const CROP_POSITION = { center: "centre", top: "top", bottom: "bottom", left: "left", right: "right" } as const;

/** Resizes (and converts) an original with sharp, the way Shopify's CDN answers a transform URL. */
async function renderRendition(original: Buffer, t: CdnTransform): Promise<{ bytes: Buffer; mimeType: string }> {
  let image = sharp(original);
  if (t.width || t.height) {
    image =
      t.crop && t.width && t.height
        ? image.resize(t.width, t.height, { fit: "cover", position: CROP_POSITION[t.crop], withoutEnlargement: true })
        : image.resize(t.width, t.height, { fit: "inside", withoutEnlargement: true });
  }
  if (t.format === "jpg") image = image.jpeg({ quality: 85 });
  else if (t.format === "png") image = image.png();
  else if (t.format === "webp") image = image.webp({ quality: 80 });
  const { data, info } = await image.toBuffer({ resolveWithObject: true });
  return { bytes: data, mimeType: `image/${info.format}` };
}

/** What GET /__local/cdn answers: totals and per-path counts of originals and renditions served. */
export function cdnStats(store: Store) {
  const m = store.metrics;
  return {
    originalDownloads: m.cdnOriginalDownloads,
    renditionDownloads: m.cdnRenditionDownloads,
    originalBytes: m.cdnOriginalBytes,
    renditionBytes: m.cdnRenditionBytes,
    byPath: Object.fromEntries(store.cdnByPath),
  };
}

/** An App Bridge session token (HS256 JWT) signed with the app's secret, for this app, not expired. */
export function verifySessionToken(jwt: string, secret: string, apiKey: string, now = Date.now()): boolean {
  const parts = jwt.split(".");
  if (parts.length !== 3) return false;
  const expected = createHmac("sha256", secret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  try {
    const payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as { aud?: unknown; exp?: unknown };
    // Shopify allows a few seconds of clock skew; so does the library.
    return payload.aud === apiKey && typeof payload.exp === "number" && payload.exp * 1000 + 10_000 > now;
  } catch {
    return false;
  }
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
  const renditions = new Map<string, Promise<{ bytes: Buffer; mimeType: string }>>();

  async function graphql(req: IncomingMessage, res: ServerResponse, version: string) {
    store.metrics.graphqlRequests++;
    const token = req.headers["x-shopify-access-token"];
    const check = typeof token === "string" ? tokens.check(token) : ({ ok: false, reason: "unknown" } as const);
    if (!check.ok) {
      store.metrics.unauthorized++;
      if (check.reason === "expired") store.metrics.expiredTokenRefusals++;
      // Shopify answers an expired token exactly like an unknown one.
      return send(res, 401, UNAUTHORIZED);
    }
    if (version !== API_VERSION) {
      return send(res, 404, JSON.stringify({ errors: `The local Admin API serves version ${API_VERSION} only (asked for ${version}).` }));
    }
    const raw = (await readBody(req)).toString("utf8");
    let body: GraphQLRequestBody;
    if (String(req.headers["content-type"] ?? "").startsWith("application/graphql")) {
      body = { query: raw };
    } else {
      try {
        body = JSON.parse(raw) as GraphQLRequestBody;
      } catch {
        return send(res, 400, JSON.stringify({ errors: "Bad Request: the body is not JSON." }));
      }
    }
    const result = await executor.run(body, check.bucketKey);
    send(res, 200, JSON.stringify(result));
  }

  const oauthError = (res: ServerResponse, status: number, error: string, description: string) =>
    send(res, status, JSON.stringify({ error, error_description: description }));

  /**
   * POST /admin/oauth/access_token: token exchange (embedded apps), client credentials and the
   * refresh-token grant, with the bodies @shopify/shopify-api sends (JSON; form-encoded also accepted).
   * With `apiKey`/`apiSecret` configured the client credentials and the session token's signature are
   * checked, as Shopify does; without, any non-empty client id and secret are accepted.
   */
  async function tokenEndpoint(req: IncomingMessage, res: ServerResponse) {
    const raw = (await readBody(req, 64 * 1024)).toString("utf8");
    let body: Record<string, unknown>;
    try {
      body = String(req.headers["content-type"] ?? "").includes("json") ? (JSON.parse(raw) as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(raw));
    } catch {
      return oauthError(res, 400, "invalid_request", "The body is not JSON.");
    }
    const field = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
    const clientId = field("client_id");
    const clientSecret = field("client_secret");
    if (!clientId || !clientSecret) return oauthError(res, 400, "invalid_request", "client_id and client_secret are required (the app's API key and secret).");
    if ((options.apiKey && clientId !== options.apiKey) || (options.apiSecret && clientSecret !== options.apiSecret)) {
      return oauthError(res, 401, "invalid_client", "client_id or client_secret is wrong for this app.");
    }
    const scope = options.scopes ?? "read_products,write_products,read_files,write_files";
    const grant = field("grant_type");
    if (grant === "refresh_token") {
      const refreshToken = field("refresh_token");
      if (!refreshToken) return oauthError(res, 400, "invalid_request", "refresh_token is required for grant_type refresh_token.");
      const result = tokens.refresh(clientId, refreshToken);
      if ("error" in result) {
        store.metrics.refreshRefused++;
        return oauthError(res, result.error === "invalid_client" ? 401 : 400, result.error, result.description);
      }
      store.metrics.refreshGrants++;
      log(`refresh grant for ${clientId}: new access token expires in ${result.expires_in} s`);
      return send(res, 200, JSON.stringify(result));
    }
    if (grant === "client_credentials") {
      store.metrics.tokenGrants++;
      return send(res, 200, JSON.stringify({ access_token: tokens.primary, scope, expires_in: 86_399 }));
    }
    if (grant !== "urn:ietf:params:oauth:grant-type:token-exchange") {
      return oauthError(res, 400, "unsupported_grant_type", `The local Admin API does not support grant_type "${grant}".`);
    }
    const subject = field("subject_token");
    if (!subject) return oauthError(res, 400, "invalid_request", "subject_token (the session token) is required for token exchange.");
    if (options.apiSecret && !verifySessionToken(subject, options.apiSecret, clientId)) {
      return oauthError(res, 400, "invalid_subject_token", "The session token is not signed with this app's secret, is for another app, or has expired.");
    }
    store.metrics.tokenGrants++;
    if (field("requested_token_type") === "urn:shopify:params:oauth:token-type:online-access-token") {
      return send(
        res,
        200,
        JSON.stringify({
          access_token: tokens.primary,
          scope,
          expires_in: 86_400,
          associated_user_scope: scope,
          associated_user: { id: 1, first_name: "Demo", last_name: "Merchant", email: store.shop.email, email_verified: true, account_owner: true, locale: "en", collaborator: false },
        }),
      );
    }
    // An offline token: expiring (with a refresh token) when the app asks, as the library does with
    // future.expiringOfflineAccessTokens; else the non-expiring configured token (legacy apps).
    if (field("expiring") === "1") return send(res, 200, JSON.stringify(tokens.issue(clientId, scope)));
    send(res, 200, JSON.stringify({ access_token: tokens.primary, scope }));
  }

  /**
   * The CDN: a URL without transform parameters serves the original's bytes; with `width`/`height`
   * (fit inside, never enlarged), `crop` (cover both, cut at the region) or `format` it serves a
   * rendition really resized by sharp, as Shopify's CDN does for url(transform:). Renditions are
   * cached (by promise, so concurrent requests share one resize). Every GET is counted per path.
   */
  async function image(res: ServerResponse, path: string, key: string, query: URLSearchParams, head: boolean) {
    store.metrics.imageRequests++;
    const transform = parseTransform(query);
    if (typeof transform === "string") return send(res, 400, JSON.stringify({ errors: transform }));
    const blob = await store.blobBytes(key);
    if (!blob) return send(res, 404, JSON.stringify({ errors: "Not Found" }));
    let body = { bytes: blob.bytes, mimeType: blob.mimeType };
    if (transform) {
      const cacheKey = `${key}:${transform.width ?? ""}:${transform.height ?? ""}:${transform.crop ?? ""}:${transform.format ?? ""}`;
      let pending = renditions.get(cacheKey);
      if (!pending) {
        pending = renderRendition(blob.bytes, transform);
        pending.catch(() => renditions.delete(cacheKey));
        if (renditions.size >= 500) renditions.clear();
        renditions.set(cacheKey, pending);
      }
      body = await pending;
    }
    if (!head) store.countCdnDownload(path, transform !== null, body.bytes.length);
    res.writeHead(200, { "Content-Type": body.mimeType, "Content-Length": body.bytes.length, "Cache-Control": "public, max-age=31536000" });
    res.end(head ? undefined : body.bytes);
  }

  async function stagedPost(req: IncomingMessage, res: ServerResponse) {
    // Parse the multipart form with the platform's own parser (undici), not by hand.
    const request = new Request(`${base}/staged-uploads/upload`, {
      method: "POST",
      headers: req.headers as Record<string, string>,
      body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
      duplex: "half",
    } as RequestInit);
    let form: FormData;
    try {
      form = await request.formData();
    } catch (error) {
      return send(res, 400, `<Error><Code>InvalidArgument</Code><Message>${(error as Error).message}</Message></Error>`, "application/xml");
    }
    const key = String(form.get("key") ?? "");
    const token = /^tmp\/([^/]+)\//.exec(key)?.[1];
    const target = token ? staged.get(token) : undefined;
    const file = form.get("file");
    if (!target || !(file instanceof Blob)) {
      return send(res, 400, "<Error><Code>InvalidArgument</Code><Message>Unknown key or missing file field (it must be last).</Message></Error>", "application/xml");
    }
    target.blob = store.putBlob(Buffer.from(await file.arrayBuffer()), target.mimeType);
    store.metrics.uploads++;
    const status = Number(form.get("success_action_status")) || 204;
    send(res, status, status === 201 ? `<PostResponse><Key>${key}</Key></PostResponse>` : "", "application/xml");
  }

  async function stagedPut(req: IncomingMessage, res: ServerResponse, token: string) {
    const target = staged.get(token);
    if (!target) return send(res, 404, "<Error><Code>NoSuchUpload</Code></Error>", "application/xml");
    target.blob = store.putBlob(await readBody(req), target.mimeType);
    store.metrics.uploads++;
    send(res, 200, "");
  }

  function bulkResult(res: ServerResponse, id: number) {
    const op = bulkOperations.get(id);
    if (!op?.result) return send(res, 404, JSON.stringify({ errors: "Not Found" }));
    const result = op.result;
    // Connection: close — a reader that parses slowly (a run planning a large collection) may still be
    // reading when Node's 5 s keep-alive timer, started once the last byte is handed to the socket,
    // destroys the connection ("terminated" / "other side closed"). Closing instead ends it gracefully.
    res.writeHead(200, { "Content-Type": "application/jsonl", "Content-Length": result.length, Connection: "close" });
    // Stream in chunks with backpressure, like a file download from storage.
    let offset = 0;
    const pump = () => {
      while (offset < result.length) {
        const chunk = result.subarray(offset, offset + chunkBytes);
        offset += chunk.length;
        op.bytesServed += chunk.length;
        store.metrics.bulkBytesServed += chunk.length;
        if (!res.write(chunk)) {
          res.once("drain", pump);
          return;
        }
      }
      res.end();
    };
    res.on("close", () => res.removeAllListeners("drain"));
    pump();
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://local");
    const path = url.pathname;
    const route = async () => {
      let m: RegExpExecArray | null;
      if (req.method === "POST" && (m = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(path))) return graphql(req, res, m[1]);
      if (req.method === "POST" && path === "/admin/oauth/access_token") return tokenEndpoint(req, res);
      if ((req.method === "GET" || req.method === "HEAD") && (m = /^\/cdn\/files\/([a-f0-9]+)\/[^/]+$/.exec(path))) return image(res, path, m[1], url.searchParams, req.method === "HEAD");
      if (req.method === "POST" && path === "/staged-uploads/upload") return stagedPost(req, res);
      if (req.method === "PUT" && (m = /^\/staged-uploads\/put\/tmp\/([^/]+)\/[^/]+$/.exec(path))) return stagedPut(req, res, m[1]);
      if (req.method === "GET" && (m = /^\/staged-uploads\/tmp\/([^/]+)\/[^/]+$/.exec(path))) {
        const blob = staged.get(m[1])?.blob;
        const bytes = blob ? await store.blobBytes(blob) : null;
        return bytes ? send(res, 200, bytes.bytes, bytes.mimeType) : send(res, 404, JSON.stringify({ errors: "Not Found" }));
      }
      if (req.method === "GET" && (m = /^\/bulk-results\/(\d+)\.jsonl$/.exec(path))) return bulkResult(res, Number(m[1]));
      if (req.method === "GET" && path === "/health") return send(res, 200, JSON.stringify({ ok: true, shop: store.shop.myshopifyDomain }));
      if (req.method === "GET" && path === "/__local/metrics") return send(res, 200, JSON.stringify({ ...store.metrics, filesByStatus: filesByStatus(store) }));
      if (req.method === "GET" && path === "/__local/webhooks") return send(res, 200, JSON.stringify({ target: webhooks.target?.url ?? null, deliveries: webhooks.deliveries }));
      if (req.method === "GET" && path === "/__local/cdn") return send(res, 200, JSON.stringify(cdnStats(store)));
      if (req.method === "POST" && path === "/__local/metrics/reset") {
        store.resetMetrics();
        return send(res, 200, JSON.stringify(store.metrics));
      }
      if (path.startsWith("/admin/")) return send(res, 404, JSON.stringify({ errors: "Not Found" }));
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
