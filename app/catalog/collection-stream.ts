/**
 * A collection's products one at a time: pages for small collections, a bulk operation (its JSONL
 * spooled to disk and joined one product at a time) above the threshold.
 */
import type {
  CatalogBulkOperationQuery,
  CatalogBulkOperationQueryVariables,
  CatalogBulkRunQueryMutation,
  CatalogBulkRunQueryMutationVariables,
  CatalogCollectionProductsQuery,
  CatalogCollectionProductsQueryVariables,
} from "../types/admin.generated";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { productsFromBulkDownload, type JoinStats } from "./bulk-jsonl";
import type { CatalogContext } from "./catalog-context";
import { CatalogBulkOperationError, CatalogNotFoundError } from "./errors";
import { mapProductFields } from "./map";
import { BULK_OPERATION_QUERY, BULK_RUN_QUERY_MUTATION, bulkCollectionProductsQuery, COLLECTION_PRODUCTS_QUERY } from "./operations/collection-stream";
import type { CatalogCollection, CatalogProduct, StreamProgress } from "./types";

export interface StreamOptions {
  /** Override the catalog's bulk threshold for this read. */
  bulkThreshold?: number;
  /** Called after each product yielded. */
  onProgress?: (progress: StreamProgress) => void;
}

/** How long a bulk read is polled at its first, steady pace before backing off. */
export const BULK_STEADY_POLL_MS = 10_000;

export function collectionStream(ctx: CatalogContext, getCollection: (id: string) => Promise<CatalogCollection | null>) {
  const { request, userErrors, options, sleep, fetchImpl, pageSize, mediaFirst } = ctx;

  /**
   * Every product of a collection, one at a time, never the whole collection in memory: pages of
   * `pageSize` for small collections, a bulk operation (JSONL streamed line by line) above the threshold.
   */
  async function* streamCollectionProducts(collectionId: string, opts: StreamOptions = {}): AsyncGenerator<CatalogProduct> {
    const collection = await getCollection(collectionId);
    if (!collection) throw new CatalogNotFoundError("collection", collectionId);
    const threshold = opts.bulkThreshold ?? options.bulkThreshold ?? 250;
    const small = collection.productsCountExact && collection.productsCount !== null && collection.productsCount <= threshold;
    if (small) {
      yield* streamPages(collectionId, opts);
    } else {
      yield* streamBulk(collectionId, opts);
    }
  }

  /** One page of a collection's products; a collection that is gone is CatalogNotFoundError. */
  async function readPage(collectionId: string, after: string | null) {
    const data: CatalogCollectionProductsQuery = await request<CatalogCollectionProductsQuery, CatalogCollectionProductsQueryVariables>(
      "Reading a collection's products",
      COLLECTION_PRODUCTS_QUERY,
      { id: collectionId, first: pageSize, after, mediaFirst },
    );
    if (!data.collection) throw new CatalogNotFoundError("collection", collectionId);
    return data.collection.products;
  }

  async function* streamPages(collectionId: string, opts: StreamOptions): AsyncGenerator<CatalogProduct> {
    const progress: StreamProgress = { mode: "pages", productsYielded: 0, bytesRead: 0, totalBytes: null, maxBufferedProducts: 0 };
    let after: string | null = null;
    for (;;) {
      const page = await readPage(collectionId, after);
      progress.maxBufferedProducts = Math.max(progress.maxBufferedProducts, page.nodes.length);
      for (const node of page.nodes) {
        progress.productsYielded++;
        yield mapProductFields(node);
        opts.onProgress?.({ ...progress });
      }
      if (!page.pageInfo.hasNextPage) return;
      after = page.pageInfo.endCursor ?? null;
    }
  }

  async function runBulkQuery(query: string): Promise<string> {
    const deadline = Date.now() + (options.bulkTimeoutMs ?? 30 * 60_000);
    let wait = options.bulkPollMs ?? 500;
    for (;;) {
      const data = await request<CatalogBulkRunQueryMutation, CatalogBulkRunQueryMutationVariables>(
        "Starting a bulk read",
        BULK_RUN_QUERY_MUTATION,
        { query },
      );
      const payload = data.bulkOperationRunQuery;
      const busy = payload?.userErrors.find((e) => e.code === "OPERATION_IN_PROGRESS" || e.code === "LIMIT_REACHED");
      if (busy && Date.now() < deadline) {
        // Another bulk query of this app is running on the shop: wait for a free slot.
        await sleep(wait);
        wait = Math.min(wait * 1.5, options.bulkPollMaxMs ?? 5000);
        continue;
      }
      userErrors("Starting a bulk read", payload?.userErrors);
      if (!payload?.bulkOperation) throw new CatalogBulkOperationError("Shopify did not start the bulk read.", "UNKNOWN");
      return payload.bulkOperation.id;
    }
  }

  /** Polls a bulk operation (sleeping, with a deadline) until it ends; returns its result URL (null: no results). */
  async function awaitBulkOperation(id: string): Promise<{ url: string | null; fileSize: number | null }> {
    const started = Date.now();
    const deadline = started + (options.bulkTimeoutMs ?? 30 * 60_000);
    let wait = options.bulkPollMs ?? 250;
    for (;;) {
      const data = await request<CatalogBulkOperationQuery, CatalogBulkOperationQueryVariables>("Checking a bulk read", BULK_OPERATION_QUERY, { id });
      const op = data.bulkOperation;
      if (!op) throw new CatalogBulkOperationError(`The bulk operation ${id} no longer exists.`, "UNKNOWN");
      switch (op.status) {
        case "COMPLETED":
          return { url: op.url ?? null, fileSize: op.fileSize ? Number(op.fileSize) : null };
        case "CREATED":
        case "RUNNING":
        case "CANCELING":
          break;
        case "FAILED":
        case "CANCELED":
        case "EXPIRED":
          throw new CatalogBulkOperationError(
            `Shopify's bulk read ended ${op.status}${op.errorCode ? ` (${op.errorCode})` : ""}; try the run again.`,
            op.status,
            op.errorCode,
          );
        default:
          throw new CatalogBulkOperationError(`The bulk operation has an unknown status ${String(op.status)}.`, String(op.status));
      }
      if (Date.now() > deadline) {
        throw new CatalogBulkOperationError(`Shopify's bulk read did not finish within ${Math.round((options.bulkTimeoutMs ?? 1_800_000) / 60_000)} minutes.`, op.status);
      }
      await sleep(wait);
      // A merchant may be waiting on this read (a collection's estimate): a poll costs one point, so the
      // first seconds, where a collection's read usually ends, are polled at a steady pace; a long read
      // backs off.
      if (Date.now() - started >= BULK_STEADY_POLL_MS) wait = Math.min(wait * 1.5, options.bulkPollMaxMs ?? 5000);
    }
  }

  /**
   * A large collection: its first page while Shopify runs the bulk read (seconds on a quiet shop,
   * minutes on a large or busy one), so planning — and the first submits — start at once; then the bulk
   * result, without the products the first page already gave.
   */
  async function* streamBulk(collectionId: string, opts: StreamOptions): AsyncGenerator<CatalogProduct> {
    const id = await runBulkQuery(bulkCollectionProductsQuery(collectionId));
    const progress: StreamProgress = { mode: "bulk", productsYielded: 0, bytesRead: 0, totalBytes: null, maxBufferedProducts: 1 };
    const fromFirstPage = new Set<string>();
    const firstNodes = (await readPage(collectionId, null)).nodes;
    progress.maxBufferedProducts = Math.max(1, firstNodes.length);
    for (const node of firstNodes) {
      fromFirstPage.add(node.id);
      progress.productsYielded++;
      yield mapProductFields(node);
      opts.onProgress?.({ ...progress });
    }
    const { url, fileSize } = await awaitBulkOperation(id);
    progress.totalBytes = fileSize;
    if (!url) return; // Shopify gives no file when the query matched nothing.
    const response = await fetchImpl(url);
    if (!response.ok || !response.body) {
      throw new CatalogBulkOperationError(`Downloading the bulk result failed (HTTP ${response.status}); try the run again.`, "COMPLETED");
    }
    progress.totalBytes ??= Number(response.headers.get("content-length")) || null;
    const body = response.body as unknown as AsyncIterable<Uint8Array>;
    const dir = await mkdtemp(path.join(options.bulkSpoolDir ?? os.tmpdir(), "fitting-room-bulk-"));
    const stats: JoinStats = { rootsRead: 0, maxBuffered: 0 };
    try {
      const products = productsFromBulkDownload(body, path.join(dir, "result.jsonl"), { onBytes: (n) => (progress.bytesRead += n), stats });
      for await (const product of products) {
        if (fromFirstPage.has(product.id)) continue;
        progress.productsYielded++;
        progress.maxBufferedProducts = Math.max(progress.maxBufferedProducts, stats.maxBuffered);
        yield product;
        opts.onProgress?.({ ...progress });
      }
    } finally {
      // A consumer that stops early must not leave the download open nor the spool on disk.
      await response.body.cancel().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    }
  }

  return { streamCollectionProducts };
}
