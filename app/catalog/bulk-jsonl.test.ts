import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { indexLines, joinIndexed, productFromJoined, productsFromBulkDownload, readLineRecords, readLines, type JoinStats, type SpoolReader } from "./bulk-jsonl";
import { CatalogBulkOperationError } from "./errors";

const product = (id: number, title: string) =>
  JSON.stringify({ id: `gid://shopify/Product/${id}`, title, handle: title.toLowerCase(), productType: "", vendor: "V", status: "ACTIVE", tags: [], updatedAt: "2026-01-01T00:00:00Z", category: null });
const media = (id: number, parent: number) =>
  JSON.stringify({ id: `gid://shopify/MediaImage/${id}`, alt: null, status: "READY", mediaContentType: "IMAGE", image: { url: `https://cdn/x${id}.jpg`, width: 800, height: 1000, previewUrl: `https://cdn/x${id}.jpg?width=512` }, __parentId: `gid://shopify/Product/${parent}` });

async function* chunks(text: string, size: number) {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** An in-memory spool that records which byte ranges were read back. */
function memorySpool(text: string): SpoolReader & { reads: Array<[number, number]> } {
  const bytes = Buffer.from(text);
  const reads: Array<[number, number]> = [];
  return {
    reads,
    async readAt(offset, length) {
      reads.push([offset, length]);
      return bytes.subarray(offset, offset + length);
    },
  };
}

async function join(text: string, chunkSize = 7, stats?: JoinStats) {
  const index = await indexLines(readLineRecords(chunks(text, chunkSize)));
  return collect(joinIndexed(index, memorySpool(text), stats));
}

const summary = (products: Awaited<ReturnType<typeof productsOf>>) => products.map((p) => [p.title, p.media.map((m) => m.id.replace("gid://shopify/MediaImage/", ""))]);
const productsOf = async (text: string, chunkSize = 7) => (await join(text, chunkSize)).map(productFromJoined);

describe("bulk JSONL reading (ungrouped)", () => {
  it("GIVEN lines split at arbitrary byte boundaries (multi-byte text included) WHEN read THEN each line comes whole with its byte range", async () => {
    const text = [product(1, "Thé Shirt ✓"), media(11, 1)].join("\n") + "\n";
    const records = await collect(readLineRecords(chunks(text, 5)));
    expect(records.map((r) => JSON.parse(r.text).id)).toEqual(["gid://shopify/Product/1", "gid://shopify/MediaImage/11"]);
    const bytes = Buffer.from(text);
    for (const r of records) expect(bytes.subarray(r.offset, r.offset + r.bytes).toString()).toBe(r.text);
    expect(await collect(readLines(chunks(text, 3)))).toEqual([product(1, "Thé Shirt ✓"), media(11, 1)]);
  });

  it("GIVEN each product's media directly after it WHEN joined THEN each product comes with its media, in file order", async () => {
    const text = [product(1, "Thé Shirt ✓"), media(11, 1), media(12, 1), product(2, "Dress"), product(3, "Coat"), media(31, 3)].join("\n") + "\n";
    const products = await productsOf(text);
    expect(summary(products)).toEqual([
      ["Thé Shirt ✓", ["11", "12"]],
      ["Dress", []],
      ["Coat", ["31"]],
    ]);
    expect(products[0].media[0]).toMatchObject({ url: "https://cdn/x11.jpg", previewUrl: "https://cdn/x11.jpg?width=512", width: 800 });
  });

  it("GIVEN several products whose media come after all of them, interleaved WHEN joined THEN every image goes to its own product", async () => {
    const text = [product(1, "A"), product(2, "B"), product(3, "C"), media(31, 3), media(11, 1), media(21, 2), media(12, 1), media(32, 3)].join("\n");
    expect(summary(await productsOf(text, 64))).toEqual([
      ["A", ["11", "12"]],
      ["B", ["21"]],
      ["C", ["31", "32"]],
    ]);
  });

  it("GIVEN a product with no media anywhere in the file WHEN joined THEN it comes with an empty media list", async () => {
    const text = [product(1, "Lonely"), product(2, "Pictured"), media(21, 2)].join("\n");
    expect(summary(await productsOf(text))).toEqual([
      ["Lonely", []],
      ["Pictured", ["21"]],
    ]);
  });

  it("GIVEN a nested connection (children with children of their own) WHEN joined THEN grandchildren hang under their own child", async () => {
    const variant = (id: number, parent: number) => JSON.stringify({ id: `gid://shopify/ProductVariant/${id}`, __parentId: `gid://shopify/Product/${parent}` });
    const level = (id: number, variant: number) => JSON.stringify({ id: `gid://shopify/InventoryLevel/${id}`, __parentId: `gid://shopify/ProductVariant/${variant}` });
    const text = [product(1, "A"), product(2, "B"), variant(101, 1), variant(201, 2), level(9201, 201), level(9101, 101), level(9102, 101)].join("\n");
    const joined = await join(text);
    expect(joined.map((p) => ({ id: p.node.id, variants: p.children.map((v) => ({ id: v.node.id, levels: v.children.map((l) => l.node.id) })) }))).toEqual([
      { id: "gid://shopify/Product/1", variants: [{ id: "gid://shopify/ProductVariant/101", levels: ["gid://shopify/InventoryLevel/9101", "gid://shopify/InventoryLevel/9102"] }] },
      { id: "gid://shopify/Product/2", variants: [{ id: "gid://shopify/ProductVariant/201", levels: ["gid://shopify/InventoryLevel/9201"] }] },
    ]);
    // The join strips the bookkeeping field: what comes out is the node as the query asked for it.
    expect(joined[0].children[0].node).not.toHaveProperty("__parentId");
  });

  it("GIVEN a consumer pulling one product at a time WHEN the first product is taken THEN only that product's lines were read back and one product is held", async () => {
    const lines = [product(1, "A"), product(2, "B"), product(3, "C"), media(21, 2), media(11, 1), media(31, 3)];
    const text = lines.join("\n");
    const spool = memorySpool(text);
    const stats: JoinStats = { rootsRead: 0, maxBuffered: 0 };
    const index = await indexLines(readLineRecords(chunks(text, 9)));
    const iterator = joinIndexed(index, spool, stats)[Symbol.asyncIterator]();

    const first = await iterator.next();
    expect(first.value?.node.title).toBe("A");
    const readBack = spool.reads.map(([offset, length]) => JSON.parse(text.slice(offset, offset + length)).id);
    expect(readBack).toEqual(["gid://shopify/Product/1", "gid://shopify/MediaImage/11"]);

    while (!(await iterator.next()).done);
    expect(stats).toEqual({ rootsRead: 3, maxBuffered: 1 });
  });

  it("GIVEN a media line whose product is not in the file WHEN joined THEN it refuses rather than dropping or misattributing the image", async () => {
    const text = [product(1, "A"), media(11, 1), media(99, 9)].join("\n");
    await expect(join(text)).rejects.toBeInstanceOf(CatalogBulkOperationError);
  });

  it("GIVEN a line that is not JSON WHEN read THEN it fails with a bulk error", async () => {
    await expect(join([product(1, "A"), "{not json"].join("\n"))).rejects.toBeInstanceOf(CatalogBulkOperationError);
    await expect(join(['{"id":"x","__parentId": oops', product(1, "A")].join("\n"))).rejects.toBeInstanceOf(CatalogBulkOperationError);
  });
});

describe("productsFromBulkDownload (spooled to disk)", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "bulk-jsonl-test-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("GIVEN an ungrouped download WHEN streamed THEN the products come joined from the spool file, which holds exactly the downloaded bytes", async () => {
    const text = [product(1, "A"), product(2, "B"), media(21, 2), media(11, 1)].join("\n") + "\n";
    let downloaded = 0;
    const spool = path.join(dir, "result.jsonl");
    const products = await collect(productsFromBulkDownload(chunks(text, 11), spool, { onBytes: (n) => (downloaded += n) }));
    expect(summary(products)).toEqual([
      ["A", ["11"]],
      ["B", ["21"]],
    ]);
    expect(downloaded).toBe(Buffer.byteLength(text));
    expect(await readFile(spool, "utf8")).toBe(text);
    expect(await readdir(dir)).toEqual(["result.jsonl"]);
  });
});
