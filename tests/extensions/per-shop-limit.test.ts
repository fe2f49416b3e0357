import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { start as startAdminApi, type LocalAdminApi } from "../../local/admin-api";
import { EXPENSIVE_REQUESTS_PER_SHOP, RETRY_AFTER_SECONDS, SHOP_BUSY_MESSAGE } from "../../app/extension-api/shop-limiter.server";
import { appRequestHandler } from "../helpers/remix-app";
import { seedOfflineSession } from "../helpers/sessions";
import { adminFetchRequest } from "../helpers/shopify-requests";

/**
 * Issue 14.8: expensive requests (estimates, product status and the product page's image checks, run
 * starts, quota refresh, Test connection) are limited per shop — the extension endpoints and the pages. Shop A's
 * Admin API calls are held at a gate in front of the local Admin API, so its estimates stay in flight
 * for as long as the test wants — no timing: the test waits until the gate has seen one held call per
 * estimate, then sends one more.
 */
const SHOP_A = "limit-a.myshopify.com";
const SHOP_B = "limit-b.myshopify.com";
let adminApi: LocalAdminApi;
let gate: http.Server;
let handle: (request: Request) => Promise<Response>;

/** Calls from SHOP_A wait here until `open()`; `waitForHeld(n)` resolves once n are waiting. */
const held: Array<() => void> = [];
let opened = false;
let heldWaiters: Array<{ n: number; resolve: () => void }> = [];
function open() {
  opened = true;
  for (const release of held.splice(0)) release();
}
/** Holds shop A's Admin API calls again (after an `open()`). */
function closeGate() {
  opened = false;
}
function waitForHeld(n: number): Promise<void> {
  if (held.length >= n) return Promise.resolve();
  return new Promise((resolve) => heldWaiters.push({ n, resolve }));
}

beforeAll(async () => {
  adminApi = await startAdminApi({ seed: "demo", accessTokens: [`shpat_test_${SHOP_A}`, `shpat_test_${SHOP_B}`], mediaProcessingMs: 1 });
  gate = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.headers["x-shopify-shop-domain"] === SHOP_A && !opened) {
      await new Promise<void>((release) => {
        held.push(release);
        const ready = heldWaiters.filter((w) => held.length >= w.n);
        heldWaiters = heldWaiters.filter((w) => held.length < w.n);
        for (const w of ready) w.resolve();
      });
    }
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && k !== "host" && k !== "content-length") headers.set(k, v);
    const upstream = await fetch(new URL(req.url ?? "/", adminApi.url), { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
    res.writeHead(upstream.status, { "Content-Type": upstream.headers.get("content-type") ?? "application/json" });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => gate.listen(0, "127.0.0.1", resolve));
  process.env.LOCAL_ADMIN_API_URL = `http://127.0.0.1:${(gate.address() as AddressInfo).port}`;
  handle = await appRequestHandler();
  await seedOfflineSession(SHOP_A);
  await seedOfflineSession(SHOP_B);
});

afterAll(async () => {
  open();
  await new Promise((resolve) => gate?.close(resolve));
  await adminApi?.close();
});

const estimate = async (shop: string) =>
  handle(await adminFetchRequest("/api/estimate", shop, { method: "POST", json: { scope: { type: "product", productId: "gid://shopify/Product/1001" } } }));

describe("per-shop limit on expensive requests (issue 14.8)", () => {
  it(`GIVEN ${EXPENSIVE_REQUESTS_PER_SHOP} estimates of shop A in flight WHEN one more comes THEN 429 with Retry-After, while shop B gets 200 and A's running ones finish`, async () => {
    const inFlight = Array.from({ length: EXPENSIVE_REQUESTS_PER_SHOP }, () => estimate(SHOP_A));
    await waitForHeld(EXPENSIVE_REQUESTS_PER_SHOP);

    const refused = await estimate(SHOP_A);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    const body = (await refused.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/still working on your store's previous requests.*try again/);

    // Another shop is not slowed by A's full slots (its Admin API calls pass the gate).
    const other = await estimate(SHOP_B);
    expect(other.status, await other.clone().text()).toBe(200);

    open();
    const finished = await Promise.all(inFlight);
    expect(finished.map((r) => r.status)).toEqual(Array(EXPENSIVE_REQUESTS_PER_SHOP).fill(200));

    // Slots are given back: A is served again.
    expect((await estimate(SHOP_A)).status).toBe(200);
  });
});

/** A Remix data request for a page route (what a fetcher or a client navigation sends). */
const data = (path: string, routeId: string, index = false) => `${path}?${index ? "index&" : ""}_data=${encodeURIComponent(routeId)}`;
const PRODUCT_PAGE = data("/app/products/1001", "routes/app.products.$id");
const PRODUCTS_PAGE = data("/app/products", "routes/app.products._index", true);
const COLLECTION_PAGE = data("/app/collections/501", "routes/app.collections.$id");

/**
 * Every request that starts expensive work, and the status it answers when the shop has a free slot.
 * A page's Start/Generate answers a data request's redirect (204 + X-Remix-Redirect).
 */
const EXPENSIVE: Array<{ name: string; ok: number; request: (shop: string) => Promise<Request> }> = [
  { name: "POST /api/estimate", ok: 200, request: (shop) => adminFetchRequest("/api/estimate", shop, { method: "POST", json: { scope: { type: "selection", productIds: ["gid://shopify/Product/1002"] } } }) },
  { name: "GET /api/products/:id/tryon (status with image checks)", ok: 200, request: (shop) => adminFetchRequest("/api/products/1003/tryon", shop, { method: "GET" }) },
  { name: "POST /api/products/:id/tryon (start)", ok: 202, request: (shop) => adminFetchRequest("/api/products/1004/tryon", shop, { method: "POST", json: {} }) },
  { name: "POST /api/runs", ok: 202, request: (shop) => adminFetchRequest("/api/runs", shop, { method: "POST", json: { scope: { type: "product", productId: "gid://shopify/Product/1005" } } }) },
  { name: "product page loader (image checks)", ok: 200, request: (shop) => adminFetchRequest(PRODUCT_PAGE, shop, { method: "GET" }) },
  { name: "product page Estimate", ok: 200, request: (shop) => adminFetchRequest(PRODUCT_PAGE, shop, { form: { intent: "estimate" } }) },
  { name: "product page Generate", ok: 204, request: (shop) => adminFetchRequest(PRODUCT_PAGE, shop, { form: { intent: "generate" } }) },
  { name: "Products page Estimate", ok: 200, request: (shop) => adminFetchRequest(PRODUCTS_PAGE, shop, { form: { intent: "estimate", productIds: "gid://shopify/Product/1006" } }) },
  { name: "Products page Start", ok: 204, request: (shop) => adminFetchRequest(PRODUCTS_PAGE, shop, { form: { intent: "start", productIds: "gid://shopify/Product/1007" } }) },
  { name: "collection page Estimate", ok: 200, request: (shop) => adminFetchRequest(COLLECTION_PAGE, shop, { form: { intent: "estimate" } }) },
  { name: "quota refresh", ok: 200, request: (shop) => adminFetchRequest(`${data("/app/quota", "routes/app.quota")}&refresh=1`, shop, { method: "GET" }) },
  { name: "Settings Test connection", ok: 200, request: (shop) => adminFetchRequest(data("/app/settings", "routes/app.settings"), shop, { form: { intent: "test", providerAppKey: "512345", providerSecret: "a-secret", region: "global" } }) },
];

describe("every expensive page and endpoint is in the shop's limit (issue 14.8)", () => {
  it("GIVEN shop A's slots all taken WHEN A calls each expensive page action, loader or endpoint THEN 429 with Retry-After and the sentence, while shop B's same request is answered normally", async () => {
    closeGate();
    const inFlight = Array.from({ length: EXPENSIVE_REQUESTS_PER_SHOP }, () => estimate(SHOP_A));
    await waitForHeld(EXPENSIVE_REQUESTS_PER_SHOP);

    for (const e of EXPENSIVE) {
      const refused = await handle(await e.request(SHOP_A));
      expect(refused.status, `${e.name} for the saturated shop`).toBe(429);
      expect(refused.headers.get("Retry-After"), e.name).toBe(String(RETRY_AFTER_SECONDS));
      expect(await refused.text(), e.name).toContain(SHOP_BUSY_MESSAGE);

      const served = await handle(await e.request(SHOP_B));
      expect(served.status, `${e.name} for the other shop: ${await served.clone().text()}`).toBe(e.ok);
    }

    open();
    expect((await Promise.all(inFlight)).map((r) => r.status)).toEqual(Array(EXPENSIVE_REQUESTS_PER_SHOP).fill(200));
    // Slots given back: the page with the image checks is served to A again.
    expect((await handle(await adminFetchRequest(PRODUCT_PAGE, SHOP_A, { method: "GET" }))).status).toBe(200);
  });
});
