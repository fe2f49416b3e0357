import { describe, expect, it } from "vitest";
import { productsFromJsonl, readLines } from "./bulk-jsonl";
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

describe("bulk JSONL reading", () => {
  it("GIVEN grouped lines split at arbitrary byte boundaries (multi-byte text included) WHEN read THEN each product comes with its media", async () => {
    const text = [product(1, "Thé Shirt ✓"), media(11, 1), media(12, 1), product(2, "Dress"), product(3, "Coat"), media(31, 3)].join("\n") + "\n";
    const products = await collect(productsFromJsonl(readLines(chunks(text, 7))));
    expect(products.map((p) => [p.title, p.media.map((m) => m.id)])).toEqual([
      ["Thé Shirt ✓", ["gid://shopify/MediaImage/11", "gid://shopify/MediaImage/12"]],
      ["Dress", []],
      ["Coat", ["gid://shopify/MediaImage/31"]],
    ]);
    expect(products[0].media[0]).toMatchObject({ url: "https://cdn/x11.jpg", previewUrl: "https://cdn/x11.jpg?width=512", width: 800 });
  });

  it("GIVEN ungrouped lines (children after all parents) WHEN read THEN it refuses rather than misattributing images", async () => {
    const text = [product(1, "A"), product(2, "B"), media(11, 1)].join("\n");
    await expect(collect(productsFromJsonl(readLines(chunks(text, 64))))).rejects.toBeInstanceOf(CatalogBulkOperationError);
  });

  it("GIVEN a consumer WHEN the first product is taken THEN later input has not been read", async () => {
    let pulled = 0;
    async function* source() {
      for (const line of [product(1, "A"), media(11, 1), product(2, "B"), product(3, "C"), product(4, "D")]) {
        pulled++;
        yield new TextEncoder().encode(line + "\n");
      }
    }
    const iterator = productsFromJsonl(readLines(source()))[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value?.title).toBe("A");
    expect(pulled).toBe(3);
  });
});
