/**
 * The local Admin API sends product webhooks as Shopify does (issue 15.2 depends on them):
 * products/create when a product is created, products/update when it is updated or added to a
 * collection — a POST of the REST product JSON, signed with the app's API secret
 * (X-Shopify-Hmac-Sha256), with the topic, shop, webhook id and API version headers. Also covers
 * productCreate, collectionAddProducts and productReorderMedia (an asynchronous job, like Shopify's).
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { start, type LocalAdminApi } from "../../local/admin-api/server";
import { collectionGid, productGid, startAdmin } from "./helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const SECRET = "shpss_webhook_test_secret";

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: Loose;
}

let api: LocalAdminApi;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
const waiters: Array<() => void> = [];
/** Paths answered 500 (to see retries and failures). */
const failing = new Set<string>();

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      received.push({ path: req.url ?? "", headers: req.headers, raw, body: JSON.parse(raw) });
      for (const wake of waiters.splice(0)) wake();
      res.writeHead(failing.has(req.url ?? "") ? 500 : 200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  api = await startAdmin({ seed: "demo", apiSecret: SECRET, webhookUrl: `${receiverUrl}/webhooks`, webhookRetryDelaysMs: [10, 10] });
});

afterAll(async () => {
  await api?.close();
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
});

async function gql(query: string, variables: Record<string, unknown> = {}): Promise<Loose> {
  const response = await fetch(api.graphqlUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": api.accessToken },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Loose; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** Waits (bounded) for a delivery matching `match`. */
async function delivery(match: (r: Received) => boolean): Promise<Received> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = received.find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no matching webhook; got ${received.map((r) => `${r.path} ${r.body.id}`).join(", ")}`);
    await new Promise<void>((resolve) => {
      waiters.push(resolve);
      setTimeout(resolve, 200);
    });
  }
}

const PRODUCT_CREATE = `mutation($product: ProductCreateInput!, $media: [CreateMediaInput!]) {
  productCreate(product: $product, media: $media) {
    product { id title handle productType tags category { name } options { name values } variants(first: 5) { nodes { id title } } collections(first: 5) { nodes { id } } }
    userErrors { field message }
  }
}`;

describe("product webhooks", () => {
  it("GIVEN productCreate WHEN it succeeds THEN products/create arrives signed with the app's secret, with Shopify's headers and REST payload", async () => {
    const created = await gql(PRODUCT_CREATE, {
      product: {
        title: "Harbour Stripe Tee",
        productType: "T-Shirts",
        tags: ["new", "stripes"],
        category: "gid://shopify/TaxonomyCategory/aa-1-13-8",
        collectionsToJoin: [collectionGid(504)],
        productOptions: [{ name: "Color", values: [{ name: "Navy" }, { name: "Ecru" }] }],
      },
    });
    expect(created.productCreate.userErrors).toEqual([]);
    const product = created.productCreate.product;
    expect(product).toMatchObject({ title: "Harbour Stripe Tee", handle: "harbour-stripe-tee", category: { name: "T-Shirts" }, options: [{ name: "Color", values: ["Navy", "Ecru"] }] });
    // Shopify creates one variant, for the first value of each option.
    expect(product.variants.nodes).toMatchObject([{ title: "Navy" }]);
    expect(product.collections.nodes).toEqual([{ id: collectionGid(504) }]);

    const id = Number(product.id.split("/").pop());
    const hook = await delivery((r) => r.path === "/webhooks/products/create" && r.body.id === id);
    expect(hook.headers["x-shopify-topic"]).toBe("products/create");
    expect(hook.headers["x-shopify-shop-domain"]).toBe(api.store.shop.myshopifyDomain);
    expect(hook.headers["x-shopify-api-version"]).toBe("2026-07");
    expect(hook.headers["x-shopify-webhook-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(hook.headers["content-type"]).toBe("application/json");
    expect(hook.headers["x-shopify-hmac-sha256"]).toBe(createHmac("sha256", SECRET).update(hook.raw, "utf8").digest("base64"));
    expect(hook.body).toMatchObject({
      id,
      admin_graphql_api_id: product.id,
      title: "Harbour Stripe Tee",
      product_type: "T-Shirts",
      tags: "new, stripes",
      status: "active",
      options: [{ name: "Color", values: ["Navy", "Ecru"] }],
      variants: [{ title: "Navy", option1: "Navy", product_id: id }],
      images: [],
    });
  });

  it("GIVEN a product updated, and products added to a collection WHEN done THEN products/update arrives for each with the current state", async () => {
    await gql(`mutation($p: ProductUpdateInput!) { productUpdate(product: $p) { userErrors { message } } }`, { p: { id: productGid(1005), title: "Silk Slip Dress – Champagne" } });
    const updated = await delivery((r) => r.path === "/webhooks/products/update" && r.body.id === 1005);
    expect(updated.body).toMatchObject({ title: "Silk Slip Dress – Champagne", product_type: "Dresses", admin_graphql_api_id: productGid(1005) });
    expect(updated.body.images).toHaveLength(1);
    expect(updated.body.images[0]).toMatchObject({ position: 1, width: 800, height: 1000, product_id: 1005 });
    expect(updated.body.images[0].src).toContain("/cdn/files/");

    const added = await gql(`mutation($id: ID!, $ids: [ID!]!) { collectionAddProducts(id: $id, productIds: $ids) { collection { products(first: 50) { nodes { id } } } userErrors { field message } } }`, {
      id: collectionGid(505),
      ids: [productGid(1044), productGid(1046)],
    });
    expect(added.collectionAddProducts.userErrors).toEqual([]);
    expect(added.collectionAddProducts.collection.products.nodes.map((n: Loose) => n.id)).toEqual(expect.arrayContaining([productGid(1044), productGid(1046)]));
    const tee = await delivery((r) => r.path === "/webhooks/products/update" && r.body.id === 1044);
    await delivery((r) => r.path === "/webhooks/products/update" && r.body.id === 1046);
    // The colour variants come with their images (image_id) as Shopify's REST payload shows them.
    expect(tee.body.variants).toHaveLength(3);
    for (const v of tee.body.variants) expect(tee.body.images.map((i: Loose) => i.id)).toContain(v.image_id);

    const again = await gql(`mutation($id: ID!, $ids: [ID!]!) { collectionAddProducts(id: $id, productIds: $ids) { collection { id } userErrors { field message } } }`, {
      id: collectionGid(505),
      ids: [productGid(1001), productGid(1044)],
    });
    expect(again.collectionAddProducts.collection).toBeNull();
    expect(again.collectionAddProducts.userErrors).toMatchObject([{ field: ["productIds", "1"] }]);
  });

  it("GIVEN the app's endpoint answers 500 WHEN a webhook is sent THEN it is retried and counted as failed; deliveries are counted in /__local/metrics", async () => {
    failing.add("/webhooks/products/update");
    try {
      const before = received.length;
      await gql(`mutation($p: ProductUpdateInput!) { productUpdate(product: $p) { userErrors { message } } }`, { p: { id: productGid(1006), tags: ["retry"] } });
      await delivery((r) => received.indexOf(r) >= before && r.body.id === 1006 && r.body.tags === "retry");
      await api.webhooks.idle();
      const attempts = received.slice(before).filter((r) => r.body.id === 1006);
      expect(attempts).toHaveLength(3);
      // A retry is the same webhook (same id and body).
      expect(new Set(attempts.map((a) => a.headers["x-shopify-webhook-id"])).size).toBe(1);
    } finally {
      failing.delete("/webhooks/products/update");
    }
    const metrics = (await (await fetch(`${api.url}/__local/metrics`)).json()) as Loose;
    expect(metrics.webhooksFailed).toBeGreaterThanOrEqual(1);
    expect(metrics.webhooksDelivered).toBeGreaterThanOrEqual(4);
    const log = (await (await fetch(`${api.url}/__local/webhooks`)).json()) as Loose;
    expect(log.deliveries.find((d: Loose) => d.productId === 1006)).toMatchObject({ topic: "products/update", attempts: 3, status: 500, delivered: false });
  });

  it("GIVEN a webhook URL but no API secret WHEN starting THEN it refuses (webhooks must be signed)", async () => {
    await expect(start({ seed: "empty", webhookUrl: `${receiverUrl}/webhooks` })).rejects.toThrow(/secret/);
  });
});

describe("productReorderMedia", () => {
  it("GIVEN a product with three images WHEN the flat lay is moved first THEN a job is returned and, once done, the media are in the new order", async () => {
    const id = productGid(1043);
    const before = (await gql(`query($id: ID!) { product(id: $id) { media(first: 5) { nodes { id } } } }`, { id })).product.media.nodes.map((n: Loose) => n.id);
    const result = await gql(`mutation($id: ID!, $moves: [MoveInput!]!) { productReorderMedia(id: $id, moves: $moves) { job { id done } mediaUserErrors { code field } } }`, {
      id,
      moves: [{ id: before[2], newPosition: "0" }],
    });
    expect(result.productReorderMedia.mediaUserErrors).toEqual([]);
    const jobId = result.productReorderMedia.job.id;
    let done = false;
    for (let i = 0; i < 200 && !done; i++) {
      done = (await gql(`query($id: ID!) { job(id: $id) { done } }`, { id: jobId })).job.done;
      if (!done) await new Promise((r) => setTimeout(r, 20));
    }
    expect(done).toBe(true);
    const after = (await gql(`query($id: ID!) { product(id: $id) { media(first: 5) { nodes { id } } } }`, { id })).product.media.nodes.map((n: Loose) => n.id);
    expect(after).toEqual([before[2], before[0], before[1]]);

    const bad = await gql(`mutation($id: ID!, $moves: [MoveInput!]!) { productReorderMedia(id: $id, moves: $moves) { job { id } mediaUserErrors { code } } }`, {
      id,
      moves: [{ id: "gid://shopify/MediaImage/3001", newPosition: "0" }],
    });
    expect(bad.productReorderMedia).toEqual({ job: null, mediaUserErrors: [{ code: "MEDIA_DOES_NOT_EXIST_ON_PRODUCT" }] });
  });
});
