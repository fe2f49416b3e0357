/**
 * Reading a bulk operation's JSONL result (products with their media as child lines), one product at
 * a time, from an UNGROUPED file.
 *
 * Shopify writes one object per line; a nested connection's nodes are their own lines carrying
 * `__parentId`. We run bulk queries with `groupObjects: false` (Shopify: grouping slows bulk
 * operations and makes timeouts more likely), and then Shopify promises only that a child comes
 * somewhere after its parent — not directly after it. So no product is known to be complete before
 * the end of the file, and joining in memory would hold the whole collection.
 *
 * Instead the download is spooled to a local file while it streams, and an index is built on the way:
 * the byte range of every top-level line, and per parent id the byte ranges of its children. Then the
 * products are read back from the spool one at a time (their line, their children's lines, their
 * grandchildren's lines), so at most one product is in memory; the index holds only numbers and the
 * parent ids, never product data.
 */
import { open, type FileHandle } from "node:fs/promises";
import { CatalogBulkOperationError } from "./errors";
import { mapProduct, type MediaNode, type ProductNode } from "./map";
import type { CatalogProduct } from "./types";

/** A line of the stream: its text and where its bytes are (the newline excluded). */
export interface LineRecord {
  text: string;
  offset: number;
  bytes: number;
}

const NEWLINE = 0x0a;

/**
 * Splits a byte stream into lines, with each line's byte offset and length, never holding more than
 * one partial line.
 */
export async function* readLineRecords(body: AsyncIterable<Uint8Array>, onBytes?: (bytes: number) => void): AsyncGenerator<LineRecord> {
  const decoder = new TextDecoder();
  let pending = Buffer.alloc(0);
  let pendingOffset = 0;
  for await (const chunk of body) {
    onBytes?.(chunk.byteLength);
    let buffer = pending.length ? Buffer.concat([pending, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let newline = buffer.indexOf(NEWLINE);
    while (newline >= 0) {
      const text = decoder.decode(buffer.subarray(0, newline)).trim();
      if (text) yield { text, offset: pendingOffset, bytes: newline };
      pendingOffset += newline + 1;
      buffer = buffer.subarray(newline + 1);
      newline = buffer.indexOf(NEWLINE);
    }
    // Copy: the chunk's memory may be reused by the stream.
    pending = Buffer.from(buffer);
  }
  const text = decoder.decode(pending).trim();
  if (text) yield { text, offset: pendingOffset, bytes: pending.length };
}

/** Splits a byte stream into lines without ever holding more than one partial line. */
export async function* readLines(body: AsyncIterable<Uint8Array>, onBytes?: (bytes: number) => void): AsyncGenerator<string> {
  for await (const line of readLineRecords(body, onBytes)) yield line.text;
}

/**
 * Where each line of an ungrouped file is: top-level lines in file order, and child lines per parent
 * id (in file order). Ranges are flat [offset, length, offset, length, …] number arrays.
 */
export interface JsonlIndex {
  roots: number[];
  children: Map<string, number[]>;
  lines: number;
}

/** Random access to the spooled bytes. */
export interface SpoolReader {
  readAt(offset: number, length: number): Promise<Uint8Array>;
}

/** The `__parentId` of a line, or null for a top-level line (parses only lines that name one). */
function parentIdOf(text: string): string | null {
  if (!text.includes('"__parentId"')) return null;
  let line: unknown;
  try {
    line = JSON.parse(text);
  } catch {
    throw notJson(text);
  }
  const parent = (line as { __parentId?: unknown }).__parentId;
  return typeof parent === "string" ? parent : null;
}

const notJson = (text: string) => new CatalogBulkOperationError(`The bulk result has a line that is not JSON: ${text.slice(0, 120)}`, "COMPLETED");

/** Indexes lines as they stream past (the caller spools the bytes they came from). */
export async function indexLines(lines: AsyncIterable<LineRecord>): Promise<JsonlIndex> {
  const index: JsonlIndex = { roots: [], children: new Map(), lines: 0 };
  for await (const line of lines) {
    index.lines++;
    const parent = parentIdOf(line.text);
    if (parent === null) {
      index.roots.push(line.offset, line.bytes);
    } else {
      let list = index.children.get(parent);
      if (!list) index.children.set(parent, (list = []));
      list.push(line.offset, line.bytes);
    }
  }
  return index;
}

/** An object of the file with its nested connections' nodes (children in file order). */
export interface JoinedObject {
  node: Record<string, unknown>;
  children: JoinedObject[];
}

/** Largest number of top-level objects the join held at once (1 while a consumer pulls one at a time). */
export interface JoinStats {
  rootsRead: number;
  maxBuffered: number;
}

/**
 * The top-level objects of an indexed file, in file order, each with its descendants, read back one
 * at a time. Children handed out are removed from the index; lines whose parent never appeared are
 * an error at the end (Shopify always writes the parent: such a file is damaged).
 */
export async function* joinIndexed(index: JsonlIndex, reader: SpoolReader, stats: JoinStats = { rootsRead: 0, maxBuffered: 0 }): AsyncGenerator<JoinedObject> {
  const decoder = new TextDecoder();
  const readObject = async (offset: number, bytes: number, depth: number): Promise<JoinedObject> => {
    const text = decoder.decode(await reader.readAt(offset, bytes)).trim();
    let node: Record<string, unknown>;
    try {
      node = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw notJson(text);
    }
    delete node.__parentId;
    const children: JoinedObject[] = [];
    const id = typeof node.id === "string" ? node.id : null;
    const ranges = id !== null ? index.children.get(id) : undefined;
    if (ranges && depth < 3) {
      index.children.delete(id!);
      for (let i = 0; i < ranges.length; i += 2) children.push(await readObject(ranges[i], ranges[i + 1], depth + 1));
    }
    return { node, children };
  };
  let buffered = 0;
  for (let i = 0; i < index.roots.length; i += 2) {
    const object = await readObject(index.roots[i], index.roots[i + 1], 0);
    stats.rootsRead++;
    buffered++;
    stats.maxBuffered = Math.max(stats.maxBuffered, buffered);
    yield object;
    buffered--;
  }
  if (index.children.size) {
    let orphans = 0;
    for (const list of index.children.values()) orphans += list.length / 2;
    throw new CatalogBulkOperationError(
      `The bulk result lists ${orphans} line${orphans === 1 ? "" : "s"} whose parent (${[...index.children.keys()][0]}) is not in it; try the run again.`,
      "COMPLETED",
    );
  }
}

/** A product line joined with its media lines (the bulk query's only connection under a product). */
export function productFromJoined(joined: JoinedObject): CatalogProduct {
  return mapProduct(joined.node as unknown as ProductNode, joined.children.map((c) => c.node as unknown as MediaNode));
}

/** Spools a byte stream into `file` while indexing its lines; returns the index once the stream ends. */
export async function spoolAndIndex(body: AsyncIterable<Uint8Array>, file: FileHandle, onBytes?: (bytes: number) => void): Promise<JsonlIndex> {
  let position = 0;
  async function* spooled(): AsyncGenerator<Uint8Array> {
    for await (const chunk of body) {
      // Written before it is indexed, so every indexed range is on disk.
      await file.write(chunk, 0, chunk.byteLength, position);
      position += chunk.byteLength;
      yield chunk;
    }
  }
  return indexLines(readLineRecords(spooled(), onBytes));
}

/** A SpoolReader over a file handle. */
export function fileReader(file: FileHandle): SpoolReader {
  return {
    async readAt(offset, length) {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await file.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    },
  };
}

/**
 * Products from an ungrouped bulk JSONL download, one at a time: spooled to `spoolPath` (created,
 * and removed when the consumer finishes or stops), then joined by `__parentId`.
 */
export async function* productsFromBulkDownload(
  body: AsyncIterable<Uint8Array>,
  spoolPath: string,
  options: { onBytes?: (bytes: number) => void; stats?: JoinStats; onIndexed?: (index: JsonlIndex) => void } = {},
): AsyncGenerator<CatalogProduct> {
  const file = await open(spoolPath, "w+");
  try {
    const index = await spoolAndIndex(body, file, options.onBytes);
    options.onIndexed?.(index);
    for await (const joined of joinIndexed(index, fileReader(file), options.stats)) yield productFromJoined(joined);
  } finally {
    await file.close();
  }
}
