import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { appRequestHandler } from "../helpers/remix-app";
import { seedOfflineSession } from "../helpers/sessions";
import { seedShop, shopRowCounts, type SeededShop } from "../helpers/seed-shop";
import { webhookRequest } from "../helpers/shopify-requests";

/**
 * Issue 14.5 and 14.6: a webhook is recorded as processed only once its handler finished. A
 * redelivery while a first attempt may still be running gets a 5xx (so Shopify retries later, when it
 * is known whether that attempt worked); an attempt killed mid-handler leaves the delivery retryable,
 * and compliance payloads naming another shop than the one that signed them are refused.
 */
let handle: (request: Request) => Promise<Response>;
let seq = 0;
let a: SeededShop;
let b: SeededShop;

beforeAll(async () => {
  handle = await appRequestHandler();
});

beforeEach(async () => {
  seq += 1;
  const shopA = `deliver-a-${seq}.myshopify.com`;
  const shopB = `deliver-b-${seq}.myshopify.com`;
  await seedOfflineSession(shopA);
  await seedOfflineSession(shopB);
  a = await seedShop(shopA, `A${seq}`);
  b = await seedShop(shopB, `B${seq}`);
});

const numeric = (gid: string) => Number(gid.split("/").pop());
const redactBody = (shop: string) => ({ shop_id: 954889, shop_domain: shop });

describe("processing → done with a lease (issue 14.5)", () => {
  it("GIVEN a delivery handled WHEN it succeeds THEN its record says done, and a redelivery is answered 200 without running again", async () => {
    const id = `done-${seq}`;
    expect((await handle(webhookRequest("products/delete", a.shop, { id: numeric(a.productIds[0]) }, { webhookId: id }))).status).toBe(200);
    const row = await prisma.webhookEvent.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("done");
    expect(row.attempts).toBe(1);
    expect(row.processedAt).not.toBeNull();
    // The merchant configures the product again; the redelivery must not delete it.
    await prisma.productSettings.create({ data: { shop: a.shop, productId: a.productIds[0], viewType: "mixed" } });
    expect((await handle(webhookRequest("products/delete", a.shop, { id: numeric(a.productIds[0]) }, { webhookId: id }))).status).toBe(200);
    expect(await prisma.productSettings.count({ where: { shop: a.shop, productId: a.productIds[0] } })).toBe(1);
  });

  it("GIVEN a first attempt still running (its lease is live) WHEN Shopify redelivers THEN 503 with Retry-After and nothing runs twice", async () => {
    const id = `busy-${seq}`;
    await prisma.webhookEvent.create({ data: { id, shop: a.shop, topic: "shop/redact", status: "processing", attempts: 1, leaseExpiresAt: new Date(Date.now() + 60_000) } });
    const before = await shopRowCounts(a.shop);
    const response = await handle(webhookRequest("shop/redact", a.shop, redactBody(a.shop), { webhookId: id }));
    expect(response.status).toBe(503);
    expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await shopRowCounts(a.shop)).toEqual(before);
    expect((await prisma.webhookEvent.findUniqueOrThrow({ where: { id } })).attempts).toBe(1);
  });

  it("GIVEN a process killed mid-handler (processing, lease expired) WHEN Shopify redelivers THEN the redelivery does the work: the shop's data is deleted", async () => {
    const id = `killed-${seq}`;
    await prisma.webhookEvent.create({ data: { id, shop: a.shop, topic: "shop/redact", status: "processing", attempts: 1, leaseExpiresAt: new Date(Date.now() - 1_000) } });
    const response = await handle(webhookRequest("shop/redact", a.shop, redactBody(a.shop), { webhookId: id }));
    expect(response.status).toBe(200);
    expect(Object.values(await shopRowCounts(a.shop))).toEqual([0, 0, 0, 0, 0, 0, 0]);
    const row = await prisma.webhookEvent.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "done", attempts: 2 });
  });

  it("GIVEN a delivery whose earlier attempt failed WHEN Shopify retries THEN it is processed", async () => {
    const id = `failed-${seq}`;
    await prisma.webhookEvent.create({ data: { id, shop: a.shop, topic: "products/delete", status: "failed", attempts: 1, lastError: "database is locked" } });
    const response = await handle(webhookRequest("products/delete", a.shop, { id: numeric(a.productIds[0]) }, { webhookId: id }));
    expect(response.status).toBe(200);
    expect(await prisma.productSettings.count({ where: { shop: a.shop, productId: a.productIds[0] } })).toBe(0);
    expect(await prisma.webhookEvent.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "done", attempts: 2, lastError: null });
  });
});

describe("compliance webhooks name the shop that signed them (issue 14.6)", () => {
  it.each(["customers/data_request", "customers/redact", "shop/redact"])(
    "GIVEN %s signed for shop A whose payload names shop B WHEN delivered THEN 400 naming shop_domain, nothing recorded, neither shop touched",
    async (topic) => {
      const beforeA = await shopRowCounts(a.shop);
      const beforeB = await shopRowCounts(b.shop);
      const payload = { ...redactBody(b.shop), customer: { id: 191167 }, orders_to_redact: [], orders_requested: [] };
      const response = await handle(webhookRequest(topic, a.shop, payload, { webhookId: `mismatch-${topic}-${seq}` }));
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("shop_domain");
      expect(await prisma.webhookEvent.count({ where: { id: `mismatch-${topic}-${seq}` } })).toBe(0);
      expect(await shopRowCounts(a.shop)).toEqual(beforeA);
      expect(await shopRowCounts(b.shop)).toEqual(beforeB);
    },
  );

  it("GIVEN shop/redact whose payload names the signing shop in other letter case WHEN delivered THEN it is processed (domains compare case-insensitively)", async () => {
    const response = await handle(webhookRequest("shop/redact", a.shop, redactBody(a.shop.toUpperCase()), { webhookId: `case-${seq}` }));
    expect(response.status).toBe(200);
    expect(Object.values(await shopRowCounts(a.shop))).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
});
