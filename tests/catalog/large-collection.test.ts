/**
 * Reading a 2,000-product collection never holds the whole collection in memory: the catalog runs a
 * bulk operation and streams the JSONL result, yielding each product as soon as it is complete.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StreamProgress } from "../../app/catalog/types";
import type { LocalAdminApi } from "../../local/admin-api/server";
import { catalogFor, collectionGid, startAdmin } from "./helpers";

const SIZE = 2000;
const LARGE = 900;

let api: LocalAdminApi;
beforeAll(async () => {
  api = await startAdmin({ seed: { base: "demo", generate: { collectionSize: SIZE, collectionId: LARGE, mediaPerProduct: 2 } } });
});
afterAll(() => api?.close());

describe("streamCollectionProducts on a large collection", () => {
  it("GIVEN a 2,000-product collection WHEN it is streamed THEN products arrive one at a time from a bulk JSONL file read incrementally", async () => {
    const catalog = catalogFor(api);
    let firstYield: StreamProgress | null = null;
    let last: StreamProgress | null = null;
    const seen = new Set<string>();
    let mediaCount = 0;
    for await (const product of catalog.streamCollectionProducts(collectionGid(LARGE), {
      onProgress: (p) => {
        firstYield ??= p;
        last = p;
      },
    })) {
      seen.add(product.id);
      mediaCount += product.media.length;
      expect(product.media.every((m) => m.url && m.width === 800)).toBe(true);
    }

    expect(seen.size).toBe(SIZE);
    expect(mediaCount).toBe(SIZE * 2);
    expect(firstYield).not.toBeNull();
    const first = firstYield as unknown as StreamProgress;
    const end = last as unknown as StreamProgress;
    expect(first.mode).toBe("bulk");
    // The first product came out after reading a small part of the file, not the whole of it…
    expect(end.totalBytes).toBeGreaterThan(500_000);
    expect(first.bytesRead).toBeLessThan(end.totalBytes! / 4);
    // …and the reader never held more than the product it was assembling.
    expect(end.maxBufferedProducts).toBe(1);
    expect(end.bytesRead).toBe(end.totalBytes);

    // The server saw one bulk operation, grouped, and served its file once.
    const ops = [...api.bulkOperations.values()];
    expect(ops).toHaveLength(1);
    expect(ops[0].groupObjects).toBe(true);
    expect(ops[0].rootObjectCount).toBe(SIZE);
    expect(ops[0].bytesServed).toBe(ops[0].result!.length);
  });

  it("GIVEN a consumer that stops after 5 products WHEN it breaks out of the loop THEN the download is abandoned, not read to the end", async () => {
    const catalog = catalogFor(api);
    const before = api.store.metrics.bulkBytesServed;
    let taken = 0;
    let progress: StreamProgress | null = null;
    for await (const _product of catalog.streamCollectionProducts(collectionGid(LARGE), { onProgress: (p) => (progress = p) })) {
      if (++taken === 5) break;
    }
    expect(taken).toBe(5);
    const p = progress as unknown as StreamProgress;
    expect(p.bytesRead).toBeLessThan(p.totalBytes!);
    expect(api.store.metrics.bulkBytesServed - before).toBeGreaterThan(0);
  });

  it("GIVEN a small collection WHEN it is streamed THEN it is read page by page without a bulk operation", async () => {
    const catalog = catalogFor(api, { pageSize: 5 });
    const opsBefore = api.bulkOperations.size;
    const modes = new Set<string>();
    const titles: string[] = [];
    for await (const product of catalog.streamCollectionProducts(collectionGid(503), { onProgress: (p) => modes.add(p.mode) })) {
      titles.push(product.title);
    }
    expect(titles).toHaveLength(7);
    expect(titles[0]).toBe("Long Wool Coat");
    expect([...modes]).toEqual(["pages"]);
    expect(api.bulkOperations.size).toBe(opsBefore);
  });

  it("GIVEN a bulk threshold below the collection size WHEN streamed THEN the bulk path gives the same products as paging", async () => {
    const catalog = catalogFor(api);
    const paged: string[] = [];
    for await (const p of catalog.streamCollectionProducts(collectionGid(502))) paged.push(`${p.id}:${p.media.map((m) => m.id).join(",")}`);
    const bulk: string[] = [];
    for await (const p of catalog.streamCollectionProducts(collectionGid(502), { bulkThreshold: 3 })) bulk.push(`${p.id}:${p.media.map((m) => m.id).join(",")}`);
    expect(bulk.sort()).toEqual(paged.sort());
    expect(paged).toHaveLength(19);
  });
});
