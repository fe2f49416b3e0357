/**
 * Serves the built Remix app in this process (what `remix-serve build/index.js` does): static files
 * from public/ and every other request through Remix's request handler. Used by `npm run demo` and
 * the browser tests so the app, the local stand-ins and the admin frame share one process.
 *
 * One demo-only adjustment: the app answers embedded document requests with
 * `Content-Security-Policy: frame-ancestors https://<shop> https://admin.shopify.com …` (correct in
 * production). The local admin frame lives on http://localhost:<port>, so that origin is added to the
 * header here; the app itself is unchanged.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { pipeline } from "node:stream/promises";
import type { ServerBuild } from "@remix-run/node";
import { createRequestHandler } from "@remix-run/node";

const MIME: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".txt": "text/plain; charset=utf-8",
};

export interface AppServerOptions {
  port: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Name used in the app URL; default "localhost". */
  publicHostname?: string;
  /** Directory of static files (public/); /build/* is cached forever (fingerprinted). */
  publicDir: string;
}

export interface AppServer {
  /** e.g. http://localhost:3001 — the app's SHOPIFY_APP_URL. */
  origin: string;
  /** Installs the Remix build once it is imported (requests wait until then). */
  setBuild(build: ServerBuild, mode: string): void;
  /** Origins allowed to frame the app in addition to the app's own CSP list. */
  allowFrameAncestor(origin: string): void;
  close(): Promise<void>;
}

function toRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Request {
  const url = new URL(req.url ?? "/", origin);
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) value.forEach((v) => headers.append(key, v));
    else headers.set(key, value);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, {
    method: req.method,
    headers,
    signal,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
  } as RequestInit);
}

async function writeResponse(res: ServerResponse, response: Response) {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    if (key === "set-cookie") return;
    headers[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  res.writeHead(response.status, response.statusText, headers);
  if (!response.body) {
    res.end();
    return;
  }
  await pipeline(Readable.fromWeb(response.body as NodeReadableStream), res);
}

export async function startAppServer(o: AppServerOptions): Promise<AppServer> {
  let handler: ((request: Request) => Promise<Response>) | null = null;
  let ready!: () => void;
  const buildReady = new Promise<void>((resolve) => (ready = resolve));
  const frameAncestors = new Set<string>();
  let origin = "";
  const publicDir = path.resolve(o.publicDir);

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    if (pathname === "/" || pathname.endsWith("/")) return false;
    const file = path.join(publicDir, decodeURIComponent(pathname));
    if (!file.startsWith(publicDir + path.sep)) return false;
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return false;
    res.writeHead(200, {
      "Content-Type": MIME[path.extname(file).toLowerCase()] ?? "application/octet-stream",
      "Content-Length": info.size,
      "Cache-Control": pathname.startsWith("/build/") ? "public, max-age=31536000, immutable" : "public, max-age=3600",
    });
    if (req.method === "HEAD") {
      res.end();
      return true;
    }
    await pipeline(createReadStream(file), res);
    return true;
  }

  function adjustHeaders(response: Response): Response {
    const csp = response.headers.get("content-security-policy");
    if (csp && /frame-ancestors/.test(csp) && frameAncestors.size) {
      const extra = [...frameAncestors].join(" ");
      response.headers.set("content-security-policy", csp.replace(/frame-ancestors ([^;]*)/, (_m, list: string) => `frame-ancestors ${list.trim()} ${extra}`));
    }
    // Shopify's CDN App Bridge preload hint would point the browser at the network; the stand-in is used.
    const link = response.headers.get("link");
    if (link && link.includes("cdn.shopify.com/shopifycloud/app-bridge.js")) response.headers.delete("link");
    return response;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const pathname = new URL(req.url ?? "/", "http://x").pathname;
    if (await serveStatic(req, res, pathname)) return;
    await buildReady;
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    const response = await handler!(toRequest(req, origin, controller.signal));
    await writeResponse(res, adjustHeaders(response));
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if ((error as { code?: string }).code === "ERR_STREAM_PREMATURE_CLOSE") return;
      console.error("[app]", error);
      if (!res.headersSent) {
        res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
        res.end("Internal error");
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${o.publicHostname ?? "localhost"}:${port}`;

  return {
    origin,
    setBuild(build, mode) {
      handler = createRequestHandler(build, mode);
      ready();
    },
    allowFrameAncestor(o2) {
      frameAncestors.add(o2);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
