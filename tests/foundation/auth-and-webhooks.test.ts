import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { adminDocumentRequest, anonymousRequest, webhookRequest } from "../helpers/shopify-requests";
import { seedOfflineSession } from "../helpers/sessions";
import { appRequestHandler } from "../helpers/remix-app";
import { updateShopSettings, getProviderCredentials, getShopSettings } from "../../app/persistence/shop-settings.server";

const SHOP = "foundation-shop.myshopify.com";
let handle: (request: Request) => Promise<Response>;

beforeAll(async () => {
  handle = await appRequestHandler();
  await seedOfflineSession(SHOP);
});

describe("embedded admin authentication", () => {
  it("GIVEN no session token WHEN /app is opened THEN the merchant is sent to auth", async () => {
    const response = await handle(anonymousRequest("/app"));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/\/auth\/login/);
  });

  it("GIVEN a valid session token for an installed shop WHEN /app is opened THEN the Dashboard renders server-side", async () => {
    const response = await handle(await adminDocumentRequest("/app", SHOP));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Dashboard");
    expect(html).toContain("Polaris"); // Polaris class names come from server rendering
    expect(html).toMatch(/<link rel="stylesheet" href="\/build\/[^"]+\.css"/); // Polaris styles are linked
  });

  it("GIVEN a session token signed with another secret WHEN /app is opened THEN it is not rendered", async () => {
    const request = await adminDocumentRequest("/app", SHOP);
    const url = new URL(request.url);
    const token = url.searchParams.get("id_token")!;
    url.searchParams.set("id_token", `${token.slice(0, -4)}AAAA`);
    const response = await handle(new Request(url, { headers: request.headers }));
    // Sent back through Shopify's auth (a redirect), never the page.
    expect(response.status).toBe(302);
    expect(response.headers.get("location") ?? "").toMatch(/\/auth\//);
  });
});

describe("webhooks", () => {
  const payload = { id: 987654321 };

  it("GIVEN a webhook with a bad HMAC WHEN delivered THEN it gets 401 and nothing is recorded", async () => {
    const response = await handle(webhookRequest("products/delete", SHOP, payload, { hmac: "bm90LWEtcmVhbC1obWFj" }));
    expect(response.status).toBe(401);
    expect(await prisma.webhookEvent.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("GIVEN the same webhook id delivered twice WHEN processed THEN its effect runs once", async () => {
    const collection = "gid://shopify/Collection/555";
    await prisma.collectionSettings.create({ data: { shop: SHOP, collectionId: collection, viewType: "halfbody" } });
    const first = await handle(webhookRequest("collections/delete", SHOP, { id: 555 }, { webhookId: "wh-dup-1" }));
    expect(first.status).toBe(200);
    expect(await prisma.collectionSettings.count({ where: { shop: SHOP, collectionId: collection } })).toBe(0);

    // The merchant configures the collection again; a redelivery of the old webhook must not wipe it.
    await prisma.collectionSettings.create({ data: { shop: SHOP, collectionId: collection, viewType: "fullbody" } });
    const second = await handle(webhookRequest("collections/delete", SHOP, { id: 555 }, { webhookId: "wh-dup-1" }));
    expect(second.status).toBe(200);
    expect(await prisma.collectionSettings.count({ where: { shop: SHOP, collectionId: collection } })).toBe(1);
    expect(await prisma.webhookEvent.count({ where: { shop: SHOP, id: "wh-dup-1" } })).toBe(1);
  });

  it("GIVEN a webhook body without the fields its topic needs WHEN delivered THEN it gets 400 naming the field", async () => {
    const response = await handle(webhookRequest("products/delete", SHOP, { title: "no id" }));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("id");
  });
});

describe("credentials at rest", () => {
  it("GIVEN a provider secret saved in ShopSettings WHEN the database file is read THEN the secret is not in it", async () => {
    const secret = "AidgeSecret-DoNotLeak-7f3a9c2e";
    await updateShopSettings(SHOP, { providerAppKey: "512345", providerSecret: secret });
    // Force SQLite to write everything to the main file (WAL included) before reading its bytes.
    await prisma.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)").catch(() => undefined);
    const bytes = readFileSync(process.env.TEST_DATABASE_FILE!);
    expect(bytes.includes(Buffer.from(secret))).toBe(false);

    const credentials = await getProviderCredentials(SHOP);
    expect(credentials?.appSecret).toBe(secret);
    const view = await getShopSettings(SHOP);
    expect(JSON.stringify(view)).not.toContain(secret);
    expect(view.providerSecretMasked).toBe("••••••••9c2e");
  });
});
