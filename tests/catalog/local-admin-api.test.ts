/**
 * The local Admin API behaves like Shopify where the app can tell: authentication, validation on the
 * real schema, unimplemented fields failing loudly, query cost and throttling, bulk JSONL, staged
 * uploads, token exchange, image downscaling and persistence.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderGarmentImage } from "../../local/admin-api/images";
import type { LocalAdminApi } from "../../local/admin-api/server";
import { startAdmin } from "./helpers";

let api: LocalAdminApi;
beforeAll(async () => {
  api = await startAdmin({ seed: "demo" });
});
afterAll(() => api?.close());

/** Response data is navigated freely in these tests; the shapes are asserted, not typed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

interface Body {
  data?: Record<string, Loose> | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }> | string;
  extensions?: { cost?: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number } }; search?: unknown[] };
}

async function gql(target: LocalAdminApi, query: string, variables: Record<string, unknown> = {}, token: string | null = target.accessToken): Promise<{ status: number; body: Body }> {
  const response = await fetch(target.graphqlUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { "X-Shopify-Access-Token": token } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Body };
}

async function waitForBulk(id: string): Promise<Record<string, Loose>> {
  for (let i = 0; i < 200; i++) {
    const { body } = await gql(api, `query($id: ID!) { bulkOperation(id: $id) { id status url objectCount rootObjectCount fileSize errorCode } }`, { id });
    const op = body.data!.bulkOperation;
    if (op.status !== "CREATED" && op.status !== "RUNNING") return op;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("bulk operation did not finish");
}

describe("authentication", () => {
  it("GIVEN no or a wrong access token WHEN calling GraphQL THEN it answers 401 with Shopify's body", async () => {
    for (const token of [null, "shpat_wrong"]) {
      const { status, body } = await gql(api, "{ shop { name } }", {}, token);
      expect(status).toBe(401);
      expect(body.errors).toBe("[API] Invalid API key or access token (unrecognized login or wrong password)");
    }
  });

  it("GIVEN a token exchange request WHEN posted to /admin/oauth/access_token THEN an offline token that works comes back", async () => {
    const response = await fetch(`${api.url}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ client_id: "k", client_secret: "s", grant_type: "urn:ietf:params:oauth:grant-type:token-exchange", subject_token: "jwt", subject_token_type: "urn:ietf:params:oauth:token-type:id_token", requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token" }),
    });
    const token = (await response.json()) as { access_token: string; scope: string };
    expect(token.scope).toContain("write_products");
    expect((await gql(api, "{ shop { name } }", {}, token.access_token)).status).toBe(200);
  });
});

describe("execution on Shopify's schema", () => {
  it("GIVEN a field Shopify does not have WHEN queried THEN it is rejected by validation, nothing charged", async () => {
    const { body } = await gql(api, "{ shop { nam } }");
    expect((body.errors as Array<{ message: string }>)[0].message).toMatch(/Cannot query field "nam" on type "Shop"/);
    expect(body.extensions?.cost).toMatchObject({ requestedQueryCost: 0, actualQueryCost: 0, throttleStatus: { maximumAvailable: 2000 } });
  });

  it("GIVEN a real field the stand-in does not implement WHEN queried THEN it fails with an error, never a silent null", async () => {
    const { body } = await gql(api, "{ shop { name ianaTimezone } }");
    const errors = body.errors as Array<{ message: string; extensions: { code: string } }>;
    expect(errors[0].message).toMatch(/'ianaTimezone' on type 'Shop' is not implemented by the local Admin API/);
    expect(errors[0].extensions.code).toBe("NOT_IMPLEMENTED_BY_LOCAL_ADMIN_API");
    expect(body.data).toBeNull();
  });

  it("GIVEN a search query WHEN listing products THEN filters apply and unknown fields warn like Shopify", async () => {
    const { body } = await gql(api, `{ products(first: 50, query: "tag:denim collection_id:503") { nodes { title } } }`);
    expect(body.data!.products.nodes.map((n: { title: string }) => n.title)).toEqual(["Denim Jacket"]);
    const warned = await gql(api, `{ products(first: 5, query: "colour:red") { nodes { id } } }`);
    expect(warned.body.extensions?.search).toEqual([{ path: ["products"], query: "colour:red", warnings: [{ field: "colour", message: "Invalid search field for this query." }] }]);
  });

  it("GIVEN pages of products WHEN following endCursor THEN every product is listed once", async () => {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { body } = await gql(api, `query($after: String) { products(first: 15, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`, { after });
      ids.push(...body.data!.products.nodes.map((n: { id: string }) => n.id));
      if (!body.data!.products.pageInfo.hasNextPage) break;
      after = body.data!.products.pageInfo.endCursor;
    }
    expect(ids).toHaveLength(api.store.products.size);
    expect(new Set(ids).size).toBe(api.store.products.size);
    expect(ids.length).toBeGreaterThan(15);
  });
});

describe("query cost", () => {
  it.each([
    ["{ shop { name } }", 1, 1],
    ["{ shop { name plan { publicDisplayName } } }", 2, 2],
    ["{ products(first: 10) { nodes { id title } } }", 12, 12],
    ["{ products(first: 10, query: \"collection_id:503\") { edges { node { id } } pageInfo { hasNextPage } } }", 12, 9],
    ["{ products(first: 5) { nodes { id media(first: 4) { nodes { id ... on MediaImage { image { url } } } } } } }", 2 + 5 * (1 + 2 + 4 * 2), 2 + 5 * (1 + 2 + 1 * 2)],
    ["mutation { fileDelete(fileIds: []) { deletedFileIds } }", 10, 10],
  ])("GIVEN %s WHEN run THEN requested cost is %i and actual cost %i", async (query, requested, actual) => {
    const { body } = await gql(api, query);
    expect(body.extensions?.cost).toMatchObject({ requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: { maximumAvailable: 2000, restoreRate: 100 } });
  });

  it("GIVEN a connection without first or last WHEN run THEN Shopify's error is returned", async () => {
    const { body } = await gql(api, "{ products { nodes { id } } }");
    expect((body.errors as Array<{ message: string }>)[0].message).toBe("you must provide one of first or last");
  });

  it("GIVEN a query over the single-query limit WHEN run THEN it fails with MAX_COST_EXCEEDED", async () => {
    const { body } = await gql(api, "{ products(first: 250) { nodes { media(first: 250) { nodes { id } } } } }");
    expect((body.errors as Array<{ extensions: { code: string } }>)[0].extensions.code).toBe("MAX_COST_EXCEEDED");
    expect(body.extensions?.cost?.requestedQueryCost).toBeGreaterThan(1000);
  });

  it("GIVEN a small bucket WHEN a query needs more than is left THEN it answers THROTTLED with the cost report", async () => {
    const small = await startAdmin({ seed: "empty", bucketSize: 30, restoreRate: 1 });
    try {
      // Requests 2 points and spends 2: 28 of 30 left (restoring 1 point/s).
      expect((await gql(small, "{ shop { name plan { shopifyPlus } } }")).body.extensions?.cost?.throttleStatus.currentlyAvailable).toBe(28);
      // Requests 2 + 28 = 30 points: more than is left.
      const { status, body } = await gql(small, "{ products(first: 28) { nodes { id } } }");
      expect(status).toBe(200);
      expect(body.errors).toEqual([{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }]);
      expect(body.extensions?.cost).toMatchObject({ requestedQueryCost: 30, actualQueryCost: null, throttleStatus: { maximumAvailable: 30, currentlyAvailable: 28, restoreRate: 1 } });
      expect(small.store.metrics.throttled).toBe(1);
    } finally {
      await small.close();
    }
  });
});

describe("points per operation", () => {
  it("GIVEN a named and an anonymous operation WHEN they run THEN /__local/metrics charges each its actualQueryCost under its own name", async () => {
    await fetch(`${api.url}/__local/metrics/reset`, { method: "POST" });
    const named = await gql(api, `query ShopName { shop { name } }`);
    const anonymous = await gql(api, `{ products(first: 2) { nodes { id } } }`);
    const metrics = (await (await fetch(`${api.url}/__local/metrics`)).json()) as { pointsSpent: number; pointsByOperation: Record<string, number> };
    expect(metrics.pointsByOperation).toEqual({
      ShopName: named.body.extensions!.cost!.actualQueryCost,
      "query products": anonymous.body.extensions!.cost!.actualQueryCost,
    });
    expect(metrics.pointsSpent).toBe(Object.values(metrics.pointsByOperation).reduce((a, b) => a + b, 0));
  });
});

describe("bulk operations", () => {
  const bulkQuery = `{ products(query: "collection_id:504") { edges { node { id title media { edges { node { id } } } } } } }`;

  it("GIVEN groupObjects true WHEN the bulk query completes THEN the JSONL lists each product followed by its media with __parentId", async () => {
    const { body } = await gql(api, `mutation($q: String!) { bulkOperationRunQuery(query: $q, groupObjects: true) { bulkOperation { id status } userErrors { message code } } }`, { q: bulkQuery });
    expect(body.data!.bulkOperationRunQuery.userErrors).toEqual([]);
    const op = await waitForBulk(body.data!.bulkOperationRunQuery.bulkOperation.id);
    expect(op).toMatchObject({ status: "COMPLETED", rootObjectCount: "5" });
    const lines = (await (await fetch(op.url)).text()).trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(String(lines.length)).toBe(op.objectCount);
    expect(lines[0]).toEqual({ id: "gid://shopify/Product/1002", title: "Floral Wrap Dress" });
    expect(lines[1]).toEqual({ id: "gid://shopify/MediaImage/3002", __parentId: "gid://shopify/Product/1002" });
    let current = "";
    for (const line of lines) {
      if (!line.__parentId) current = line.id as string;
      else expect(line.__parentId).toBe(current);
    }
  });

  it("GIVEN groupObjects false WHEN the bulk query completes THEN children may come after all parents (as Shopify allows)", async () => {
    const { body } = await gql(api, `mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id } userErrors { message } } }`, { q: bulkQuery });
    const op = await waitForBulk(body.data!.bulkOperationRunQuery.bulkOperation.id);
    const lines = (await (await fetch(op.url)).text()).trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.slice(0, 5).every((l) => !l.__parentId)).toBe(true);
    expect(lines.slice(5).every((l) => l.__parentId)).toBe(true);
    // Shopify's one promise without grouping: a child comes somewhere after its parent.
    const seen = new Set<string>();
    for (const line of lines) {
      if (line.__parentId) expect(seen.has(line.__parentId as string)).toBe(true);
      seen.add(line.id as string);
    }
  });

  it("GIVEN a bulk query without a connection WHEN started THEN Shopify's INVALID user error comes back", async () => {
    const { body } = await gql(api, `mutation { bulkOperationRunQuery(query: "{ shop { name } }") { bulkOperation { id } userErrors { message code } } }`);
    expect(body.data!.bulkOperationRunQuery).toEqual({ bulkOperation: null, userErrors: [{ message: "Bulk queries must contain at least one connection.", code: "INVALID" }] });
  });
});

describe("uploads and images", () => {
  it("GIVEN a PUT staged upload WHEN its resourceUrl is attached THEN the product gets a MediaImage with the alt text", async () => {
    const staged = await gql(api, `mutation { stagedUploadsCreate(input: [{ resource: IMAGE, filename: "put.jpg", mimeType: "image/jpeg", httpMethod: PUT }]) { stagedTargets { url resourceUrl parameters { name value } } userErrors { message } } }`);
    const target = staged.body.data!.stagedUploadsCreate.stagedTargets[0];
    const bytes = await renderGarmentImage({ kind: "dresses", colour: "#123456", width: 600, height: 800 });
    expect((await fetch(target.url, { method: "PUT", body: new Uint8Array(bytes), headers: { "Content-Type": "image/jpeg" } })).status).toBe(200);
    const attached = await gql(
      api,
      `mutation($p: ProductUpdateInput!, $m: [CreateMediaInput!]!) { productUpdate(product: $p, media: $m) { product { media(last: 1) { nodes { id alt status } } } userErrors { message } } }`,
      { p: { id: "gid://shopify/Product/1005" }, m: [{ originalSource: target.resourceUrl, alt: "AI try-on: put test", mediaContentType: "IMAGE" }] },
    );
    const media = attached.body.data!.productUpdate.product.media.nodes[0];
    // As on Shopify, the medium is created UPLOADED and its source fetched afterwards.
    expect(media).toMatchObject({ alt: "AI try-on: put test", status: "UPLOADED" });
    await gql(api, `mutation($ids: [ID!]!) { fileDelete(fileIds: $ids) { deletedFileIds } }`, { ids: [media.id] });
  });

  it("GIVEN an uploaded image WHEN fileCreate adds it to Files THEN it is listed, processed and attached to no product", async () => {
    const staged = await gql(api, `mutation { stagedUploadsCreate(input: [{ resource: IMAGE, filename: "model.jpg", mimeType: "image/jpeg", httpMethod: PUT }]) { stagedTargets { url resourceUrl } } }`);
    const target = staged.body.data!.stagedUploadsCreate.stagedTargets[0];
    await fetch(target.url, { method: "PUT", body: new Uint8Array(await renderGarmentImage({ kind: "tops", colour: "#333333", width: 640, height: 960 })) });
    const created = await gql(api, `mutation($f: [FileCreateInput!]!) { fileCreate(files: $f) { files { id fileStatus alt } userErrors { message code } } }`, {
      f: [{ originalSource: target.resourceUrl, alt: "Own model photo", contentType: "IMAGE" }],
    });
    expect(created.body.data!.fileCreate.userErrors).toEqual([]);
    const file = created.body.data!.fileCreate.files[0];
    expect(file).toMatchObject({ alt: "Own model photo", fileStatus: "UPLOADED" });
    const listed = await gql(api, `query($q: String) { files(first: 5, query: $q) { nodes { id } } }`, { q: 'alt:"Own model photo"' });
    expect(listed.body.data!.files.nodes).toEqual([{ id: file.id }]);
    // Poll (bounded) until processing ends, as the app does, instead of sleeping a fixed time.
    let status = await gql(api, `query($id: ID!) { node(id: $id) { ... on MediaImage { fileStatus image { width height } } } }`, { id: file.id });
    for (let i = 0; i < 100 && status.body.data!.node.fileStatus !== "READY"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = await gql(api, `query($id: ID!) { node(id: $id) { ... on MediaImage { fileStatus image { width height } } } }`, { id: file.id });
    }
    expect(status.body.data!.node).toEqual({ fileStatus: "READY", image: { width: 640, height: 960 } });
    const inProducts = [...api.store.products.values()].some((p) => p.mediaIds.includes(Number(file.id.split("/").pop())));
    expect(inProducts).toBe(false);
  });

  it("GIVEN an image URL with ?width= WHEN fetched THEN a downscaled image is served", async () => {
    const { body } = await gql(api, `{ product(id: "gid://shopify/Product/1001") { media(first: 1) { nodes { ... on MediaImage { image { url small: url(transform: { maxWidth: 256, maxHeight: 256 }) } } } } } }`);
    const image = body.data!.product.media.nodes[0].image;
    const full = await sharp(Buffer.from(await (await fetch(image.url)).arrayBuffer())).metadata();
    const small = await sharp(Buffer.from(await (await fetch(image.small)).arrayBuffer())).metadata();
    expect([full.width, full.height]).toEqual([800, 1000]);
    expect([small.width, small.height]).toEqual([205, 256]);
  });
});

describe("persistence", () => {
  it("GIVEN a persist path WHEN the server restarts from it THEN changes made through the API are still there", async () => {
    const dir = mkdtempSync(join(tmpdir(), "local-admin-"));
    const path = join(dir, "store.json");
    try {
      const first = await startAdmin({ seed: { products: [{ id: 7, title: "Kept Tee", images: [{ kind: "tops", colour: "#222222" }] }] }, persistPath: path });
      await gql(first, `mutation { fileUpdate(files: [{ id: "gid://shopify/MediaImage/10000", alt: "renamed" }]) { userErrors { message } } }`);
      await first.close();
      const second = await startAdmin({ persistPath: path });
      try {
        const { body } = await gql(second, `{ product(id: "gid://shopify/Product/7") { title media(first: 5) { nodes { alt ... on MediaImage { image { url } } } } } }`);
        expect(body.data!.product.title).toBe("Kept Tee");
        expect(body.data!.product.media.nodes[0].alt).toBe("renamed");
        expect((await fetch(body.data!.product.media.nodes[0].image.url)).status).toBe(200);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
