import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { start as startAdminApi, type LocalAdminApi } from "../../local/admin-api";
import { EXPENSIVE_REQUESTS_PER_SHOP } from "../../app/api/shop-limiter.server";
import { appRequestHandler } from "../helpers/remix-app";
import { seedOfflineSession } from "../helpers/sessions";
import { adminFetchRequest } from "../helpers/shopify-requests";

/**
 * Issue 14.8: expensive requests (estimate, product status, run start) are limited per shop. Shop A's
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
