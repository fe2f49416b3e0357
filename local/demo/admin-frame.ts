/**
 * The local "Shopify admin" for the offline demo and the browser tests: a page that embeds the app in
 * an iframe the way admin.shopify.com does (`/app?embedded=1&shop=…&host=…&id_token=…`), hands it
 * session tokens over postMessage, renders the app's navigation, title bar, save bar, toasts and
 * resource picker, and serves the App Bridge stand-in script. DEMO AND TESTS ONLY: production apps are
 * embedded by Shopify admin and load Shopify's App Bridge.
 */
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import { adminHostParam, mintSessionToken } from "./session-token";
import { adminGraphql, type AdminApiTarget } from "./admin-client";

const ASSETS = path.join(path.dirname(fileURLToPath(import.meta.url)), "assets");
const ASSET_TYPES: Record<string, string> = {
  "app-bridge.js": "text/javascript; charset=utf-8",
  "admin-frame.js": "text/javascript; charset=utf-8",
  "admin-frame.css": "text/css; charset=utf-8",
};

/** The app's handle in admin URLs (admin.shopify.com/store/<store>/apps/<handle>/…). */
export const APP_HANDLE = "fitting-room";

export interface AdminFrameOptions {
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Interface to bind; default 127.0.0.1 (the demo never listens on the network). */
  host?: string;
  /** Name used in URLs (http://localhost:<port>/…); default "localhost". */
  publicHostname?: string;
  shop: string;
  apiKey: string;
  apiSecret: string;
  /** The app's origin, e.g. http://localhost:3001 (known once the app server listens). */
  appUrl: () => string;
  /** Where the resource picker and the admin product page read the catalog. */
  adminApi: () => AdminApiTarget;
  appName?: string;
}

export interface AdminFrame {
  /** Origin of the admin frame, e.g. http://localhost:3000. */
  origin: string;
  /** The URL to open: the app's home inside the admin frame. */
  url: string;
  /** The App Bridge stand-in's URL (the app's APP_BRIDGE_URL). */
  appBridgeUrl: string;
  close(): Promise<void>;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function send(res: ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}) {
  res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", ...extra });
  res.end(body);
}

function store(shop: string) {
  return shop.replace(/\.myshopify\.com$/, "");
}

export async function startAdminFrame(o: AdminFrameOptions): Promise<AdminFrame> {
  const appName = o.appName ?? "Fitting Room";
  const storeName = store(o.shop);
  // One admin "login session" per frame server: the sid claim of every token it mints.
  const adminSessionId = randomUUID();
  let origin = "";

  const token = () => mintSessionToken({ shop: o.shop, apiKey: o.apiKey, apiSecret: o.apiSecret, sid: adminSessionId });

  function iframeSrc(appPath: string, search: URLSearchParams): string {
    const url = new URL(appPath || "/app", o.appUrl());
    search.forEach((value, key) => url.searchParams.set(key, value));
    url.searchParams.set("embedded", "1");
    url.searchParams.set("host", adminHostParam(o.shop));
    url.searchParams.set("id_token", token());
    url.searchParams.set("locale", "en");
    url.searchParams.set("session", adminSessionId.replace(/-/g, ""));
    url.searchParams.set("shop", o.shop);
    url.searchParams.set("timestamp", String(Math.floor(Date.now() / 1000)));
    return url.toString();
  }

  function framePage(appPath: string, search: URLSearchParams): string {
    const config = {
      shop: o.shop,
      store: storeName,
      appOrigin: new URL(o.appUrl()).origin,
      appBase: `/store/${storeName}/apps/${APP_HANDLE}`,
      appName,
    };
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(appName)} · ${escapeHtml(storeName)} · Local admin</title>
<link rel="stylesheet" href="/assets/admin-frame.css">
<link rel="icon" href="data:,">
</head>
<body>
<div id="admin" class="admin">
  <header class="topbar" id="topbar">
    <div class="topbar-brand"><span class="logo" aria-hidden="true">◆</span><span>Local admin</span><span class="demo-pill">offline demo</span></div>
    <div class="topbar-search" aria-hidden="true"><span>⌕</span> Search</div>
    <div class="topbar-shop"><span class="avatar">${escapeHtml(storeName.slice(0, 2).toUpperCase())}</span>${escapeHtml(storeName)}</div>
  </header>
  <div class="savebar" id="savebar" hidden role="region" aria-label="Unsaved changes">
    <div class="savebar-title"><span class="warn" aria-hidden="true">!</span> Unsaved changes</div>
    <div class="savebar-actions" id="savebar-actions"></div>
  </div>
  <nav class="sidebar" aria-label="Admin">
    <ul class="admin-nav">
      <li><span class="muted-link">⌂ Home</span></li>
      <li><span class="muted-link">▤ Orders</span></li>
      <li><a class="admin-link" href="/store/${escapeHtml(storeName)}/products">▣ Products</a></li>
      <li><span class="muted-link">☺ Customers</span></li>
      <li><span class="muted-link">◷ Analytics</span></li>
    </ul>
    <div class="nav-section">Apps</div>
    <ul class="app-nav" id="app-nav">
      <li><a class="app-home" id="app-home" href="${config.appBase}/app"><span class="app-icon" aria-hidden="true">FR</span>${escapeHtml(appName)}</a>
        <ul class="app-subnav" id="app-subnav"></ul>
      </li>
    </ul>
  </nav>
  <main class="main">
    <div class="loading-bar" id="loading-bar" hidden></div>
    <div class="titlebar" id="titlebar">
      <div class="titlebar-title"><span class="app-icon small" aria-hidden="true">FR</span><span id="titlebar-text">${escapeHtml(appName)}</span></div>
      <div class="titlebar-actions" id="titlebar-actions"></div>
    </div>
    <iframe id="app-frame" name="app-iframe" title="${escapeHtml(appName)}" src="${escapeHtml(iframeSrc(appPath, search))}"></iframe>
  </main>
  <div class="toasts" id="toasts" aria-live="polite"></div>
  <div class="picker" id="picker" hidden></div>
</div>
<script>window.__ADMIN_FRAME__ = ${JSON.stringify(config).replace(/</g, "\\u003c")};</script>
<script src="/assets/admin-frame.js"></script>
</body>
</html>`;
  }

  async function productPage(productId: string): Promise<string> {
    const gid = productId.startsWith("gid://") ? productId : `gid://shopify/Product/${productId}`;
    const data = await adminGraphql<{
      product: null | {
        id: string;
        title: string;
        media: { nodes: Array<{ id: string; alt: string | null; status: string; image?: { url: string; width: number; height: number } | null }> };
      };
    }>(
      o.adminApi(),
      `#graphql
      query DemoAdminProduct($id: ID!) {
        product(id: $id) {
          id
          title
          media(first: 50) { nodes { id alt status ... on MediaImage { image { url width height } } } }
        }
      }`,
      { id: gid },
    );
    const p = data.product;
    const body = !p
      ? `<p class="empty">No product ${escapeHtml(gid)} in the local Admin API.</p>`
      : `<h1>${escapeHtml(p.title)}</h1>
<p class="sub">${p.media.nodes.length} media · ${escapeHtml(p.id)} · from the local Admin API</p>
<ul class="media-grid" data-testid="admin-product-media">
${p.media.nodes
  .map(
    (m) => `<li data-media-id="${escapeHtml(m.id)}"><img src="${escapeHtml(m.image?.url ?? "")}" alt="${escapeHtml(m.alt ?? "")}"><span class="alt">${escapeHtml(m.alt || "(no alt text)")}</span><span class="status">${escapeHtml(m.status)}${m.image ? ` · ${m.image.width}×${m.image.height}` : ""}</span></li>`,
  )
  .join("\n")}
</ul>`;
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(p?.title ?? "Product")} · Local admin</title>
<link rel="stylesheet" href="/assets/admin-frame.css"></head>
<body class="admin-page"><header class="topbar"><div class="topbar-brand"><span class="logo">◆</span><span>Local admin</span><span class="demo-pill">offline demo</span></div></header>
<main class="admin-content"><p><a href="/store/${escapeHtml(storeName)}/apps/${APP_HANDLE}/app/products/${escapeHtml(gid.split("/").pop() ?? "")}">← Back to this product in ${escapeHtml(appName)}</a></p>${body}</main></body></html>`;
  }

  async function productsPage(): Promise<string> {
    const data = await adminGraphql<{ products: { nodes: Array<{ id: string; title: string; mediaCount: { count: number } | null }> } }>(
      o.adminApi(),
      `#graphql
      query DemoAdminProducts { products(first: 100) { nodes { id title mediaCount { count } } } }`,
      {},
    );
    const rows = data.products.nodes
      .map((p) => `<li><a href="/store/${escapeHtml(storeName)}/products/${escapeHtml(p.id.split("/").pop()!)}">${escapeHtml(p.title)}</a> <span class="sub">${p.mediaCount?.count ?? 0} media</span></li>`)
      .join("\n");
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Products · Local admin</title>
<link rel="stylesheet" href="/assets/admin-frame.css"></head>
<body class="admin-page"><header class="topbar"><div class="topbar-brand"><span class="logo">◆</span><span>Local admin</span><span class="demo-pill">offline demo</span></div></header>
<main class="admin-content"><p><a href="/store/${escapeHtml(storeName)}/apps/${APP_HANDLE}/app">← Back to ${escapeHtml(appName)}</a></p><h1>Products</h1><ul class="product-list">${rows}</ul></main></body></html>`;
  }

  async function resources(type: string, query: string) {
    if (type === "collection") {
      const data = await adminGraphql<{ collections: { nodes: Array<{ id: string; title: string; handle: string; productsCount: { count: number } | null }> } }>(
        o.adminApi(),
        `#graphql
        query DemoPickerCollections($query: String) { collections(first: 50, query: $query) { nodes { id title handle productsCount { count } } } }`,
        { query: query || null },
      );
      return data.collections.nodes.map((c) => ({ id: c.id, title: c.title, handle: c.handle, productsCount: c.productsCount?.count ?? 0, image: null }));
    }
    const data = await adminGraphql<{
      products: { nodes: Array<{ id: string; title: string; handle: string; media: { nodes: Array<{ image?: { url: string } | null; alt: string | null }> } }> };
    }>(
      o.adminApi(),
      `#graphql
      query DemoPickerProducts($query: String) {
        products(first: 50, query: $query) { nodes { id title handle media(first: 1) { nodes { alt ... on MediaImage { image { url } } } } } }
      }`,
      { query: query ? `title:*${query}*` : null },
    );
    return data.products.nodes.map((p) => ({
      id: p.id,
      title: p.title,
      handle: p.handle,
      images: p.media.nodes.filter((m) => m.image).map((m) => ({ originalSrc: m.image!.url, altText: m.alt })),
    }));
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", origin || "http://localhost");
    const p = url.pathname;
    const appBase = `/store/${storeName}/apps/${APP_HANDLE}`;
    if (p === "/" || p === `/store/${storeName}` || p === appBase) {
      res.writeHead(302, { Location: `${appBase}/app` }).end();
      return;
    }
    if (p.startsWith(`/apps/${APP_HANDLE}`)) {
      // Where the App Bridge stand-in sends an app opened outside the frame.
      res.writeHead(302, { Location: `/store/${storeName}${p}${url.search}` }).end();
      return;
    }
    if (p.startsWith(`${appBase}/`)) {
      const appPath = p.slice(appBase.length);
      return send(res, 200, framePage(appPath, url.searchParams), "text/html; charset=utf-8");
    }
    if (p.startsWith("/assets/")) {
      const name = p.slice("/assets/".length);
      const type = ASSET_TYPES[name];
      if (!type) return send(res, 404, "not found", "text/plain");
      return send(res, 200, await readFile(path.join(ASSETS, name)), type);
    }
    if (p === "/api/session-token" && req.method === "POST") {
      // Only the admin page itself asks (same origin); the app gets tokens through postMessage.
      if (req.headers.origin && req.headers.origin !== origin) return send(res, 403, "forbidden", "text/plain");
      return send(res, 200, JSON.stringify({ token: token() }), "application/json");
    }
    if (p === "/api/resources") {
      const list = await resources(url.searchParams.get("type") ?? "product", url.searchParams.get("query") ?? "");
      return send(res, 200, JSON.stringify(list), "application/json");
    }
    const product = p.match(new RegExp(`^/store/${storeName}/products/([^/]+)$`));
    if (product) return send(res, 200, await productPage(decodeURIComponent(product[1])), "text/html; charset=utf-8");
    if (p === `/store/${storeName}/products`) return send(res, 200, await productsPage(), "text/html; charset=utf-8");
    return send(res, 404, "Not part of the local admin", "text/plain");
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error("[admin-frame]", error);
      if (!res.headersSent) send(res, 500, `Local admin error: ${(error as Error).message}`, "text/plain; charset=utf-8");
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${o.publicHostname ?? "localhost"}:${port}`;
  return {
    origin,
    url: `${origin}/store/${storeName}/apps/${APP_HANDLE}/app`,
    appBridgeUrl: `${origin}/assets/app-bridge.js`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
