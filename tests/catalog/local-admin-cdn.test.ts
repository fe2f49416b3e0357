/**
 * The local Admin API's CDN behaves like Shopify's where planning depends on it: `Image.width/height`
 * are the original's real size, `url(transform:)` serves bytes really resized within the limits, and
 * every download is counted per path as a full-size original or a rendition, so tests can prove that
 * planning downloads no originals.
 */
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../local/admin-api/seed";
import type { LocalAdminApi } from "../../local/admin-api/server";
import { startAdmin } from "./helpers";

let api: LocalAdminApi;
beforeAll(async () => {
  api = await startAdmin({ seed: "demo" });
});
afterAll(() => api?.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

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

const IMAGE = `query($id: ID!, $t: ImageTransformInput) {
  product(id: $id) { media(first: 5) { nodes { alt ... on MediaImage { image { width height url transformed: url(transform: $t) } } } } }
}`;

async function firstImage(productId: number, transform: Record<string, unknown>) {
  const data = await gql(IMAGE, { id: `gid://shopify/Product/${productId}`, t: transform });
  return data.product.media.nodes[0].image as { width: number; height: number; url: string; transformed: string };
}

async function decode(url: string) {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  const bytes = Buffer.from(await response.arrayBuffer());
  return { ...(await sharp(bytes).metadata()), contentType: response.headers.get("content-type") };
}

async function cdn(): Promise<{ originalDownloads: number; renditionDownloads: number; byPath: Record<string, { originals: number; renditions: number }> }> {
  return (await (await fetch(`${api.url}/__local/cdn`)).json()) as Loose;
}

describe("url(transform:) renders real renditions", () => {
  it("GIVEN a 4000×5000 photo WHEN asked for maxWidth/maxHeight 3000 THEN width/height report the original and the rendition decodes to 2400×3000", async () => {
    const image = await firstImage(DEMO_IDS.products.maxiShirtDress4000x5000, { maxWidth: 3000, maxHeight: 3000 });
    expect([image.width, image.height]).toEqual([4000, 5000]);
    const rendition = await decode(image.transformed);
    expect([rendition.width, rendition.height]).toEqual([2400, 3000]);
  });

  it("GIVEN a 5000×5000 photo (Shopify's maximum) WHEN asked for a 256 px rendition THEN it decodes within 256×256", async () => {
    const image = await firstImage(DEMO_IDS.products.studioTee5000, { maxWidth: 256, maxHeight: 256 });
    expect([image.width, image.height]).toEqual([5000, 5000]);
    const rendition = await decode(image.transformed);
    expect([rendition.width, rendition.height]).toEqual([256, 256]);
  });

  it("GIVEN crop CENTER with 200×100 and preferredContentType WEBP WHEN fetched THEN the bytes are a 200×100 WebP", async () => {
    const image = await firstImage(DEMO_IDS.products.linenMidiDress, { maxWidth: 200, maxHeight: 100, crop: "CENTER", preferredContentType: "WEBP" });
    const rendition = await decode(image.transformed);
    expect([rendition.width, rendition.height, rendition.format, rendition.contentType]).toEqual([200, 100, "webp", "image/webp"]);
  });

  it("GIVEN scale 2 WHEN asked for maxWidth 100 THEN the rendition is 200 px wide (never enlarged beyond the original)", async () => {
    const image = await firstImage(DEMO_IDS.products.linenMidiDress, { maxWidth: 100, scale: 2 });
    expect((await decode(image.transformed)).width).toBe(200);
    const huge = await firstImage(DEMO_IDS.products.linenMidiDress, { maxWidth: 2000 });
    expect((await decode(huge.transformed)).width).toBe(800);
  });

  it("GIVEN an out-of-range transform WHEN queried THEN the error names the field", async () => {
    await expect(firstImage(DEMO_IDS.products.linenMidiDress, { maxWidth: 0 })).rejects.toThrow(/transform\.maxWidth must be between 1 and/);
  });
});

describe("CDN download counting", () => {
  it("GIVEN renditions and originals fetched WHEN reading /__local/cdn THEN each path counts them apart, and reset zeroes them", async () => {
    expect((await fetch(`${api.url}/__local/metrics/reset`, { method: "POST" })).status).toBe(200);
    const image = await firstImage(DEMO_IDS.products.floralWrapDress, { maxWidth: 256 });
    await decode(image.transformed);
    await decode(image.transformed);
    let stats = await cdn();
    const path = new URL(image.url).pathname;
    expect(stats).toMatchObject({ originalDownloads: 0, renditionDownloads: 2 });
    expect(stats.byPath).toEqual({ [path]: { originals: 0, renditions: 2 } });

    await decode(image.url);
    await fetch(image.url, { method: "HEAD" });
    stats = await cdn();
    expect(stats).toMatchObject({ originalDownloads: 1, renditionDownloads: 2 });
    expect(stats.byPath[path]).toEqual({ originals: 1, renditions: 2 });
    expect(api.store.metrics.cdnOriginalDownloads).toBe(1);

    await fetch(`${api.url}/__local/metrics/reset`, { method: "POST" });
    expect(await cdn()).toMatchObject({ originalDownloads: 0, renditionDownloads: 0, byPath: {} });
  });
});

describe("demo seed", () => {
  it("GIVEN the Resort Linen Dress WHEN its media are listed THEN the flat lay is the third image, after a lifestyle photo and a close-up", async () => {
    const data = await gql(IMAGE, { id: `gid://shopify/Product/${DEMO_IDS.products.resortLinenDress}`, t: null });
    const nodes = data.product.media.nodes as Array<{ alt: string; image: { width: number; height: number } }>;
    expect(nodes.map((n) => n.alt)).toEqual(["Resort Linen Dress on a terrace", "Resort Linen Dress, fabric close-up", "Resort Linen Dress"]);
    expect(nodes[2].image).toMatchObject({ width: 1600, height: 2000 });
  });
});
