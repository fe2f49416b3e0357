/**
 * Streaming reader for a bulk operation's JSONL result (products with their media as child lines).
 *
 * Shopify writes one object per line; a nested connection's nodes are their own lines carrying
 * `__parentId`. We run the bulk query with `groupObjects: true`, so a product's media lines follow
 * the product directly: a product is complete as soon as the next product line (or the end) arrives.
 * The reader therefore holds at most one product and one partial line in memory, whatever the size
 * of the collection.
 */
import { CatalogBulkOperationError } from "./errors";
import { mapProduct, type MediaNode, type ProductNode } from "./map";
import type { CatalogProduct } from "./types";

/** Splits a byte stream into lines without ever holding more than one partial line. */
export async function* readLines(
  body: AsyncIterable<Uint8Array>,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let partial = "";
  for await (const chunk of body) {
    onBytes?.(chunk.byteLength);
    partial += decoder.decode(chunk, { stream: true });
    let newline = partial.indexOf("\n");
    while (newline >= 0) {
      const line = partial.slice(0, newline).trim();
      partial = partial.slice(newline + 1);
      if (line) yield line;
      newline = partial.indexOf("\n");
    }
  }
  partial += decoder.decode();
  if (partial.trim()) yield partial.trim();
}

type Line = Record<string, unknown> & { id?: string; __parentId?: string };

/**
 * Products (with their media) from grouped JSONL lines, one at a time.
 * Throws CatalogBulkOperationError if a media line refers to a product that is not the current one
 * (the file was not grouped): guessing would attach the wrong images to a product.
 */
export async function* productsFromJsonl(lines: AsyncIterable<string>): AsyncGenerator<CatalogProduct> {
  let current: { node: ProductNode; media: MediaNode[] } | null = null;
  for await (const text of lines) {
    let line: Line;
    try {
      line = JSON.parse(text) as Line;
    } catch {
      throw new CatalogBulkOperationError(`The bulk result has a line that is not JSON: ${text.slice(0, 120)}`, "COMPLETED");
    }
    if (line.__parentId === undefined) {
      if (current) yield mapProduct(current.node, current.media);
      current = { node: line as unknown as ProductNode, media: [] };
      continue;
    }
    if (!current || current.node.id !== line.__parentId) {
      throw new CatalogBulkOperationError(
        `The bulk result lists media of ${line.__parentId} away from its product; the query must run with groupObjects: true.`,
        "COMPLETED",
      );
    }
    const { __parentId: _parent, ...media } = line;
    current.media.push(media as unknown as MediaNode);
  }
  if (current) yield mapProduct(current.node, current.media);
}
