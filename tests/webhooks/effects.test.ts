import { readdirSync, readFileSync } from "node:fs";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { ACTIVE_STATES, CANCELLABLE_STATES } from "../../app/jobs/job-state";
import { appRequestHandler } from "../helpers/remix-app";
import { seedOfflineSession } from "../helpers/sessions";
import { seedShop, shopRowCounts, shopSnapshot, type SeededShop } from "../helpers/seed-shop";
import { webhookRequest } from "../helpers/shopify-requests";

/**
 * Every webhook topic's effect, through the real Remix build with real HMACs: what changes for the
 * shop, what stays, that another shop is never touched, and that a redelivered id is processed once.
 */
let handle: (request: Request) => Promise<Response>;
let seq = 0;
let a: SeededShop;
let b: SeededShop;

beforeAll(async () => {
  handle = await appRequestHandler();
});

beforeEach(async () => {
  // Fresh shops per test (the database is per file): distinct domains keep tests independent.
  seq += 1;
  const shopA = `hooks-a-${seq}.myshopify.com`;
  const shopB = `hooks-b-${seq}.myshopify.com`;
  await seedOfflineSession(shopA);
  await seedOfflineSession(shopB);
  a = await seedShop(shopA, `A${seq}`);
  // Shop B uses the SAME product and collection numbers: only the shop tells them apart.
  b = await seedShop(shopB, `B${seq}`);
});

const numeric = (gid: string) => Number(gid.split("/").pop());

describe("products/delete", () => {
  it("GIVEN a product with jobs, images and settings WHEN deleted THEN its jobs stop and its settings and records go; others stay", async () => {
    const before = await shopSnapshot(a.shop);
    const bBefore = await shopSnapshot(b.shop);
    const response = await handle(webhookRequest("products/delete", a.shop, { id: numeric(a.productIds[0]) }));
    expect(response.status).toBe(200);

    const after = await shopSnapshot(a.shop);
    const ofProduct = <T extends { productId: string }>(rows: T[]) => rows.filter((r) => r.productId === a.productIds[0]);
    expect(ofProduct(after.products)).toEqual([]);
    expect(ofProduct(after.images)).toEqual([]);
    // Its jobs are gone or stopped; none is left for the runner to work on.
    expect(ofProduct(after.jobs).filter((j) => (ACTIVE_STATES as readonly string[]).includes(j.state))).toEqual([]);
    expect(ofProduct(after.jobs).filter((j) => (CANCELLABLE_STATES as readonly string[]).includes(j.state))).toEqual([]);
    // The other product of the shop is untouched.
    const other = (rows: Array<{ productId: string }>) => rows.filter((r) => r.productId === a.productIds[1]);
    expect(other(after.jobs)).toEqual(other(before.jobs));
    expect(other(after.products)).toEqual(other(before.products));
    // The same product number in shop B is untouched.
    expect(await shopSnapshot(b.shop)).toEqual(bBefore);
  });
});

describe("collections/delete", () => {
  it("GIVEN a collection with defaults WHEN deleted THEN its defaults go and nothing else changes", async () => {
    const before = await shopSnapshot(a.shop);
    const response = await handle(webhookRequest("collections/delete", a.shop, { id: numeric(a.collectionId) }));
    expect(response.status).toBe(200);
    const after = await shopSnapshot(a.shop);
    expect(after.collections).toEqual([]);
    expect({ ...after, collections: [] }).toEqual({ ...before, collections: [] });
    expect((await shopSnapshot(b.shop)).collections).toHaveLength(1);
  });
});

describe("app/uninstalled", () => {
  it("GIVEN an installed shop with work in progress WHEN uninstalled THEN its jobs stop and its sessions go, its data waits for shop/redact", async () => {
    const response = await handle(webhookRequest("app/uninstalled", a.shop, { id: 1, domain: a.shop }));
    expect(response.status).toBe(200);
    const after = await shopSnapshot(a.shop);
    expect(after.sessions).toEqual([]);
    expect(after.jobs.filter((j) => (CANCELLABLE_STATES as readonly string[]).includes(j.state))).toEqual([]);
    expect(after.jobs.length).toBeGreaterThan(0);
    expect(after.settings).toHaveLength(1);
    const bAfter = await shopSnapshot(b.shop);
    expect(bAfter.sessions).toHaveLength(1);
    expect(bAfter.jobs.map((j) => j.state).sort()).toEqual(["awaiting_review", "polling", "queued"]);
  });
});

describe("app/scopes_update", () => {
  it("GIVEN a scope change WHEN delivered THEN the stored session carries the new scopes", async () => {
    const current = ["read_products", "write_products"];
    const response = await handle(webhookRequest("app/scopes_update", a.shop, { id: 1, previous: ["read_products"], current }));
    expect(response.status).toBe(200);
    const [session] = (await shopSnapshot(a.shop)).sessions;
    expect(session.scope).toBe("read_products,write_products");
    expect((await shopSnapshot(b.shop)).sessions[0].scope).not.toBe("read_products,write_products");
  });
});

describe("customers/data_request and customers/redact", () => {
  it.each(["customers/data_request", "customers/redact"])(
    "GIVEN %s WHEN delivered THEN it is recorded and answered 200, and no data changes (none is about customers)",
    async (topic) => {
      const before = await shopSnapshot(a.shop);
      const payload = {
        shop_id: 954889,
        shop_domain: a.shop,
        customer: { id: 191167, email: "john@example.com", phone: "555-625-1199" },
        orders_requested: [299938],
        orders_to_redact: [299938],
        data_request: { id: 9999 },
      };
      const response = await handle(webhookRequest(topic, a.shop, payload, { webhookId: `${topic}-${seq}` }));
      expect(response.status).toBe(200);
      expect(await shopSnapshot(a.shop)).toEqual(before);
      const [event] = await prisma.webhookEvent.findMany({ where: { shop: a.shop, id: `${topic}-${seq}` } });
      expect(event.topic.toLowerCase().replace("_", "/")).toBe(topic);
    },
  );
});

describe("shop/redact", () => {
  it("GIVEN a shop with data in every table WHEN redacted THEN all of it is deleted, only this delivery's record stays, and shop B is untouched", async () => {
    const bBefore = await shopSnapshot(b.shop);
    await prisma.webhookEvent.create({ data: { id: `old-${seq}`, shop: a.shop, topic: "collections/delete" } });
    const id = `redact-${seq}`;
    const response = await handle(webhookRequest("shop/redact", a.shop, { shop_id: 954889, shop_domain: a.shop }, { webhookId: id }));
    expect(response.status).toBe(200);
    expect(Object.values(await shopRowCounts(a.shop))).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(await prisma.webhookEvent.findMany({ where: { shop: a.shop }, select: { id: true } })).toEqual([{ id }]);
    expect(await shopSnapshot(b.shop)).toEqual(bBefore);

    // The redelivery is recognised (200, nothing to do).
    const again = await handle(webhookRequest("shop/redact", a.shop, { shop_id: 954889, shop_domain: a.shop }, { webhookId: id }));
    expect(again.status).toBe(200);
  });
});

describe("idempotency by webhook id", () => {
  it("GIVEN products/delete delivered twice with one id WHEN the merchant re-created settings in between THEN the second delivery changes nothing", async () => {
    const id = `dup-product-${seq}`;
    expect((await handle(webhookRequest("products/delete", a.shop, { id: numeric(a.productIds[1]) }, { webhookId: id }))).status).toBe(200);
    await prisma.productSettings.create({ data: { shop: a.shop, productId: a.productIds[1], viewType: "mixed" } });
    const before = await shopSnapshot(a.shop);
    expect((await handle(webhookRequest("products/delete", a.shop, { id: numeric(a.productIds[1]) }, { webhookId: id }))).status).toBe(200);
    expect(await shopSnapshot(a.shop)).toEqual(before);
    expect(await prisma.webhookEvent.count({ where: { id } })).toBe(1);
  });

  it("GIVEN app/scopes_update delivered twice with one id WHEN scopes changed again in between THEN the stale redelivery does not roll them back", async () => {
    const id = `dup-scopes-${seq}`;
    const body = { id: 1, previous: [], current: ["read_products"] };
    expect((await handle(webhookRequest("app/scopes_update", a.shop, body, { webhookId: id }))).status).toBe(200);
    await prisma.session.updateMany({ where: { shop: a.shop }, data: { scope: "read_products,write_products,write_files" } });
    expect((await handle(webhookRequest("app/scopes_update", a.shop, body, { webhookId: id }))).status).toBe(200);
    expect((await shopSnapshot(a.shop)).sessions[0].scope).toBe("read_products,write_products,write_files");
  });
});

describe("authenticity", () => {
  const topics = readdirSync("app/routes")
    .filter((f) => /^webhooks\..+\.tsx?$/.test(f) && !f.includes(".test."))
    .map((f) => f.replace(/^webhooks\./, "").replace(/\.tsx?$/, "").replace(".", "/"));

  it("GIVEN the webhook routes WHEN enumerated THEN every topic of shopify.app.toml has one", () => {
    // Read the subscriptions from the toml itself, so a topic added there without a route (or a route
    // without a subscription) fails here.
    const toml = readFileSync("shopify.app.toml", "utf8");
    const subscribed = [...toml.matchAll(/^\s*(?:compliance_)?topics\s*=\s*\[([^\]]*)\]/gm)].flatMap((m) =>
      [...m[1].matchAll(/"([^"]+)"/g)].map((t) => t[1]),
    );
    expect(subscribed).toContain("products/create");
    expect(topics.sort()).toEqual([...new Set(subscribed)].sort());
  });

  it.each(topics)("GIVEN %s with a bad, foreign or missing HMAC WHEN delivered THEN 401 and nothing is recorded or changed", async (topic) => {
    const before = await shopSnapshot(a.shop);
    const payload = { id: numeric(a.productIds[0]), shop_domain: a.shop, current: [] };
    const attempts = [
      webhookRequest(topic, a.shop, payload, { hmac: "bm90LWEtcmVhbC1obWFj" }),
      webhookRequest(topic, a.shop, payload, { secret: "another-apps-secret" }),
      (() => {
        const r = webhookRequest(topic, a.shop, payload);
        const headers = new Headers(r.headers);
        headers.delete("X-Shopify-Hmac-Sha256");
        return new Request(r.url, { method: "POST", headers, body: JSON.stringify(payload) });
      })(),
    ];
    for (const request of attempts) {
      const response = await handle(request);
      expect(response.status).toBe(401);
    }
    expect(await shopSnapshot(a.shop)).toEqual(before);
    expect(await prisma.webhookEvent.count({ where: { shop: a.shop } })).toBe(0);
  });

  it("GIVEN a correctly signed body that is not JSON WHEN delivered THEN 400, not a crash", async () => {
    const request = webhookRequest("products/delete", a.shop, {});
    const body = "{not json";
    const headers = new Headers(request.headers);
    const { webhookHmac } = await import("../helpers/shopify-requests");
    headers.set("X-Shopify-Hmac-Sha256", webhookHmac(body));
    const response = await handle(new Request(request.url, { method: "POST", headers, body }));
    expect(response.status).toBe(400);
  });
});
