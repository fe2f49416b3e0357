/**
 * Reading a 2,000-product collection never holds the whole collection in memory: the catalog runs an
 * ungrouped bulk operation, spools the JSONL result to disk as it streams and joins each product with
 * its media by `__parentId`, one product at a time.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCatalog } from "../../app/catalog/catalog";
import { CatalogNotFoundError } from "../../app/catalog/errors";
import { createRedirectingFetch } from "../../app/catalog/local-admin-redirect";
import { CostPacer } from "../../app/catalog/pacer";
import { createTokenTransport } from "../../app/catalog/transport";
import type { CatalogProduct, StreamProgress } from "../../app/catalog/types";
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
  let spoolDir: string;
  beforeEach(async () => {
    spoolDir = await mkdtemp(path.join(os.tmpdir(), "large-collection-spool-"));
  });
  afterEach(async () => {
    await rm(spoolDir, { recursive: true, force: true });
  });

  it("GIVEN a 2,000-product collection WHEN it is streamed THEN one ungrouped bulk operation is run and products come one at a time, each with its own media", async () => {
    const catalog = catalogFor(api, { bulkSpoolDir: spoolDir });
    let firstYield: StreamProgress | null = null;
    let firstFromFile: StreamProgress | null = null;
    let last: StreamProgress | null = null;
    const seen = new Set<string>();
    let yielded = 0;
    let mediaCount = 0;
    for await (const product of catalog.streamCollectionProducts(collectionGid(LARGE), {
      onProgress: (p) => {
        firstYield ??= p;
        if (p.bytesRead > 0) firstFromFile ??= p;
        last = p;
      },
    })) {
      yielded++;
      seen.add(product.id);
      mediaCount += product.media.length;
      expect(product.media.every((m) => m.url && m.width === 800)).toBe(true);
    }

    // Every product once: those of the first page are not given again from the bulk result.
    expect(seen.size).toBe(SIZE);
    expect(yielded).toBe(SIZE);
    expect(mediaCount).toBe(SIZE * 2);
    const first = firstYield as unknown as StreamProgress;
    const fromFile = firstFromFile as unknown as StreamProgress;
    const end = last as unknown as StreamProgress;
    expect(first.mode).toBe("bulk");
    // The first page (25 products) comes while the bulk read runs, before any of its file is read…
    expect(fromFile.productsYielded).toBe(26);
    // …ungrouped, a product is complete only at the end of the file: the whole file is spooled first…
    expect(end.totalBytes).toBeGreaterThan(500_000);
    expect(fromFile.bytesRead).toBe(end.totalBytes);
    // …and read back one product at a time: at most the first page is ever held.
    expect(end.maxBufferedProducts).toBe(25);

    // The server saw one bulk operation, ungrouped (all products before any media), served once.
    const ops = [...api.bulkOperations.values()];
    expect(ops).toHaveLength(1);
    expect(ops[0].groupObjects).toBe(false);
    expect(ops[0].rootObjectCount).toBe(SIZE);
    expect(ops[0].bytesServed).toBe(ops[0].result!.length);
    // The spool is removed once the stream ends.
    expect(await readdir(spoolDir)).toEqual([]);
  });

  it("GIVEN a consumer that stops after 30 products WHEN it breaks out of the loop THEN the spooled result is removed", async () => {
    const catalog = catalogFor(api, { bulkSpoolDir: spoolDir });
    let taken = 0;
    for await (const _product of catalog.streamCollectionProducts(collectionGid(LARGE))) {
      // The first page (25) is read while the bulk read runs; the 26th product comes from the spool.
      if (taken === 25) expect(await readdir(spoolDir)).toHaveLength(1);
      if (++taken === 30) break;
    }
    expect(taken).toBe(30);
    expect(await readdir(spoolDir)).toEqual([]);
  });

  it("GIVEN a large collection deleted once its run starts WHEN its first page is read THEN the stream says the collection is gone", async () => {
    const shop = api.store.shop.myshopifyDomain;
    const redirect = createRedirectingFetch(api.url);
    const saved = api.store.collections.get(LARGE)!;
    // The collection is found (it decides the bulk path), then deleted before the first page is read.
    const deleteAfterBulkStart: typeof fetch = async (input, init) => {
      const response = await redirect(input, init);
      if (String(init?.body ?? "").includes("bulkOperationRunQuery")) api.store.collections.delete(LARGE);
      return response;
    };
    const transport = createTokenTransport({ shop, accessToken: api.accessToken, fetch: deleteAfterBulkStart });
    const catalog = createCatalog({ shop, transport, pacer: new CostPacer(), bulkPollMs: 20, bulkPollMaxMs: 100, bulkSpoolDir: spoolDir });
    try {
      const stream = catalog.streamCollectionProducts(collectionGid(LARGE));
      await expect(stream.next()).rejects.toBeInstanceOf(CatalogNotFoundError);
    } finally {
      api.store.collections.set(LARGE, saved);
    }
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

  it("GIVEN a bulk threshold below the collection size WHEN streamed THEN the ungrouped bulk path gives the same products, media included, as paging", async () => {
    const catalog = catalogFor(api);
    const paged: CatalogProduct[] = [];
    for await (const p of catalog.streamCollectionProducts(collectionGid(502))) paged.push(p);
    const opsBefore = api.bulkOperations.size;
    const bulk: CatalogProduct[] = [];
    for await (const p of catalog.streamCollectionProducts(collectionGid(502), { bulkThreshold: 3 })) bulk.push(p);
    const ops = [...api.bulkOperations.values()].slice(opsBefore);
    expect(ops.map((op) => op.groupObjects)).toEqual([false]);
    const byId = (a: CatalogProduct, b: CatalogProduct) => a.id.localeCompare(b.id);
    expect(paged).toHaveLength(19);
    expect(paged.some((p) => p.media.length > 1)).toBe(true);
    expect(bulk.sort(byId)).toEqual(paged.sort(byId));
  });
});
