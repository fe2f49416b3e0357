/**
 * The catalog: typed Admin GraphQL operations over an {@link AdminTransport}, paced per shop.
 *
 * Create one per shop and unit of work: `createCatalog({ shop, transport })`. All catalogs of a shop
 * in this process share one cost pacer unless you pass your own.
 */
import type {
  CatalogBulkOperationQuery,
  CatalogBulkOperationQueryVariables,
  CatalogBulkRunQueryMutation,
  CatalogBulkRunQueryMutationVariables,
  CatalogCollectionProductsQuery,
  CatalogCollectionProductsQueryVariables,
  CatalogCollectionQuery,
  CatalogCollectionQueryVariables,
  CatalogCollectionsQuery,
  CatalogCollectionsQueryVariables,
  CatalogFileDeleteMutation,
  CatalogFileDeleteMutationVariables,
  CatalogFileDetachMutation,
  CatalogFileDetachMutationVariables,
  CatalogMediaStatusQuery,
  CatalogMediaStatusQueryVariables,
  CatalogProductAttachMediaMutation,
  CatalogProductAttachMediaMutationVariables,
  CatalogProductMediaQuery,
  CatalogProductMediaQueryVariables,
  CatalogProductQuery,
  CatalogProductQueryVariables,
  CatalogProductsQuery,
  CatalogProductsQueryVariables,
  CatalogProductVariantsQuery,
  CatalogProductVariantsQueryVariables,
  CatalogVariantAppendMediaMutation,
  CatalogVariantAppendMediaMutationVariables,
  CatalogVariantDetachMediaMutation,
  CatalogVariantDetachMediaMutationVariables,
  CatalogShopInfoQuery,
  CatalogStagedUploadsCreateMutation,
  CatalogStagedUploadsCreateMutationVariables,
} from "../types/admin.generated";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { productsFromBulkDownload, type JoinStats } from "./bulk-jsonl";
import { hasColourVariants } from "./colour-variants";
import {
  AdminGraphQLError,
  CatalogBulkOperationError,
  CatalogError,
  CatalogNotFoundError,
  CatalogUploadError,
  CatalogUserError,
} from "./errors";
import { mapCollection, mapMedia, mapProductFields, mapVariant, type MediaNode } from "./map";
import {
  BULK_OPERATION_QUERY,
  BULK_RUN_QUERY_MUTATION,
  bulkCollectionProductsQuery,
  COLLECTION_PRODUCTS_QUERY,
  COLLECTION_QUERY,
  COLLECTIONS_QUERY,
  FILE_DELETE_MUTATION,
  FILE_DETACH_MUTATION,
  MEDIA_STATUS_QUERY,
  PRODUCT_ATTACH_MEDIA_MUTATION,
  PRODUCT_MEDIA_QUERY,
  PRODUCT_QUERY,
  PRODUCTS_QUERY,
  PRODUCT_VARIANTS_QUERY,
  SHOP_INFO_QUERY,
  VARIANT_APPEND_MEDIA_MUTATION,
  VARIANT_DETACH_MEDIA_MUTATION,
  STAGED_UPLOADS_CREATE_MUTATION,
} from "./operations";
import { pacerForShop, type CostPacer } from "./pacer";
import type { AdminTransport } from "./transport";
import type {
  AttachedMedia,
  CatalogCollection,
  CatalogMedia,
  CatalogProduct,
  CatalogVariant,
  MediaStatus,
  MediaStatusInfo,
  Page,
  ShopInfo,
  StreamProgress,
} from "./types";

export interface CatalogOptions {
  /** Shop domain (selects the shared pacer). */
  shop: string;
  transport: AdminTransport;
  /** Default: the process-wide pacer of `shop`. */
  pacer?: CostPacer;
  /** fetch for staged-upload targets and bulk result files (not Admin API calls); default global fetch. */
  fetch?: typeof fetch;
  /** Products per page; default 25 (a page with 10 media each requests ~600 points). */
  pageSize?: number;
  /** Media read per product in lists; default 10. */
  mediaPerProduct?: number;
  /** Collections larger than this are read with a bulk operation; default 250. */
  bulkThreshold?: number;
  /** First bulk status poll after this many ms, growing ×1.5 up to bulkPollMaxMs; default 500. */
  bulkPollMs?: number;
  /** Default 5000 ms. */
  bulkPollMaxMs?: number;
  /** A bulk operation not finished after this long fails the read; default 30 min. */
  bulkTimeoutMs?: number;
  /**
   * Folder for the spooled bulk result (an ungrouped file is joined from disk, one product in memory);
   * default the OS temporary folder. Each read makes its own subfolder and removes it when done.
   */
  bulkSpoolDir?: string;
  /** Sleep (tests); default setTimeout-based. */
  sleep?: (ms: number) => Promise<void>;
}

export interface ListProductsOptions {
  first?: number;
  after?: string | null;
  /** Only products in this collection (gid://shopify/Collection/…). */
  collectionId?: string;
  /** Free text matched against title, type, vendor, tags. */
  search?: string;
}

export interface StreamOptions {
  /** Override the catalog's bulk threshold for this read. */
  bulkThreshold?: number;
  /** Called after each product yielded. */
  onProgress?: (progress: StreamProgress) => void;
}

export interface AttachImageInput {
  productId: string;
  bytes: Uint8Array;
  /** e.g. "linen-shirt-tryon-1.jpg" */
  filename: string;
  /** e.g. "image/jpeg" */
  mimeType: string;
  /** Alt text; include the "AI try-on" marker so the image is recognised as ours. Make it unique per image. */
  alt: string;
}

export type Catalog = ReturnType<typeof createCatalog>;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Numeric part of a gid (Shopify search syntax uses it: `collection_id:123`). */
function numericId(gid: string, kind: string): string {
  const match = gid.match(new RegExp(`^gid://shopify/${kind}/(\\d+)$`));
  if (!match) throw new CatalogError(`"${gid}" is not a ${kind} id like gid://shopify/${kind}/123.`);
  return match[1];
}

/** Free text made safe for Shopify's search syntax (no field prefixes, quotes or operators). */
function searchTerms(text: string): string {
  return text
    .split(/\s+/)
    .map((word) => word.replace(/[^\p{L}\p{N}_-]/gu, ""))
    .filter((word) => word && !/^(AND|OR|NOT)$/.test(word))
    .join(" ");
}

export function createCatalog(options: CatalogOptions) {
  const pacer = options.pacer ?? pacerForShop(options.shop);
  const send = pacer.wrap(options.transport);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? defaultSleep;
  const pageSize = options.pageSize ?? 25;
  const mediaFirst = options.mediaPerProduct ?? 10;

  /** Runs one operation; GraphQL errors (other than throttling, which the pacer absorbs) throw. */
  async function request<TData, TVars extends Record<string, unknown> = Record<string, unknown>>(
    name: string,
    query: string,
    variables?: TVars,
  ): Promise<TData> {
    const response = await send<TData>(query, variables);
    if (response.errors?.length) throw new AdminGraphQLError(name, response.errors);
    if (!response.data) throw new AdminGraphQLError(name, [{ message: "The Admin API returned no data." }]);
    return response.data;
  }

  function userErrors(name: string, errors: ReadonlyArray<{ field?: ReadonlyArray<string> | null; message: string; code?: string | null }> | undefined) {
    if (errors?.length) throw new CatalogUserError(name, errors.map((e) => ({ ...e })));
  }

  async function shopInfo(): Promise<ShopInfo> {
    const data = await request<CatalogShopInfoQuery>("Reading the shop", SHOP_INFO_QUERY);
    return {
      id: data.shop.id,
      name: data.shop.name,
      myshopifyDomain: data.shop.myshopifyDomain,
      plan: {
        displayName: data.shop.plan.publicDisplayName,
        partnerDevelopment: data.shop.plan.partnerDevelopment,
        shopifyPlus: data.shop.plan.shopifyPlus,
      },
    };
  }

  async function listProducts(opts: ListProductsOptions = {}): Promise<Page<CatalogProduct>> {
    const filters: string[] = [];
    if (opts.collectionId) filters.push(`collection_id:${numericId(opts.collectionId, "Collection")}`);
    if (opts.search) {
      const terms = searchTerms(opts.search);
      if (terms) filters.push(terms);
    }
    const data = await request<CatalogProductsQuery, CatalogProductsQueryVariables>("Listing products", PRODUCTS_QUERY, {
      first: opts.first ?? pageSize,
      after: opts.after ?? null,
      query: filters.length ? filters.join(" ") : null,
      mediaFirst,
    });
    return {
      items: data.products.nodes.map(mapProductFields),
      hasNextPage: data.products.pageInfo.hasNextPage,
      endCursor: data.products.pageInfo.endCursor ?? null,
    };
  }

  async function getProduct(id: string): Promise<CatalogProduct | null> {
    const data = await request<CatalogProductQuery, CatalogProductQueryVariables>("Reading a product", PRODUCT_QUERY, {
      id,
      mediaFirst,
    });
    if (!data.product) return null;
    const product: CatalogProduct = { ...mapProductFields(data.product), mediaCount: data.product.mediaCount?.count };
    // Variants cost 5 points each: read them only when a colour option makes them matter.
    if (hasColourVariants(product)) product.variants = await productVariants(id);
    return product;
  }

  /** Every variant of a product with the medium it shows (paged, 100 a page). */
  async function productVariants(productId: string): Promise<CatalogVariant[]> {
    const out: CatalogVariant[] = [];
    let after: string | null = null;
    for (;;) {
      const data: CatalogProductVariantsQuery = await request<CatalogProductVariantsQuery, CatalogProductVariantsQueryVariables>(
        "Reading a product's variants",
        PRODUCT_VARIANTS_QUERY,
        { id: productId, first: 100, after },
      );
      if (!data.product) throw new CatalogNotFoundError("product", productId);
      out.push(...data.product.variants.nodes.map(mapVariant));
      if (!data.product.variants.pageInfo.hasNextPage) return out;
      after = data.product.variants.pageInfo.endCursor ?? null;
    }
  }

  /**
   * Shows media on variants (`productVariantAppendMedia`). Shopify allows one medium per variant and
   * refuses (PRODUCT_VARIANT_ALREADY_HAS_MEDIA) when one is shown: detach it first.
   */
  async function appendVariantMedia(productId: string, pairs: Array<{ variantId: string; mediaId: string }>): Promise<void> {
    if (!pairs.length) return;
    const data = await request<CatalogVariantAppendMediaMutation, CatalogVariantAppendMediaMutationVariables>(
      "Showing a try-on on variants",
      VARIANT_APPEND_MEDIA_MUTATION,
      { productId, variantMedia: pairs.map((p) => ({ variantId: p.variantId, mediaIds: [p.mediaId] })) },
    );
    userErrors("Showing a try-on on variants", data.productVariantAppendMedia?.userErrors);
  }

  /** Stops variants showing media (the media stay on the product). */
  async function detachVariantMedia(productId: string, pairs: Array<{ variantId: string; mediaId: string }>): Promise<void> {
    if (!pairs.length) return;
    const data = await request<CatalogVariantDetachMediaMutation, CatalogVariantDetachMediaMutationVariables>(
      "Removing a try-on from variants",
      VARIANT_DETACH_MEDIA_MUTATION,
      { productId, variantMedia: pairs.map((p) => ({ variantId: p.variantId, mediaIds: [p.mediaId] })) },
    );
    userErrors("Removing a try-on from variants", data.productVariantDetachMedia?.userErrors);
  }

  /** Every medium of a product with its alt text (paginated underneath). Used to reconcile before re-attaching. */
  async function listProductMedia(productId: string): Promise<CatalogMedia[]> {
    const media: CatalogMedia[] = [];
    let after: string | null = null;
    for (;;) {
      const data: CatalogProductMediaQuery = await request<CatalogProductMediaQuery, CatalogProductMediaQueryVariables>(
        "Listing a product's media",
        PRODUCT_MEDIA_QUERY,
        { id: productId, first: 50, after },
      );
      if (!data.product) throw new CatalogNotFoundError("product", productId);
      media.push(...(data.product.media.nodes as MediaNode[]).map(mapMedia));
      if (!data.product.media.pageInfo.hasNextPage) return media;
      after = data.product.media.pageInfo.endCursor ?? null;
    }
  }

  async function listCollections(opts: { first?: number; after?: string | null; search?: string } = {}): Promise<Page<CatalogCollection>> {
    const terms = opts.search ? searchTerms(opts.search) : "";
    const data = await request<CatalogCollectionsQuery, CatalogCollectionsQueryVariables>("Listing collections", COLLECTIONS_QUERY, {
      first: opts.first ?? 50,
      after: opts.after ?? null,
      query: terms || null,
    });
    return {
      items: data.collections.nodes.map(mapCollection),
      hasNextPage: data.collections.pageInfo.hasNextPage,
      endCursor: data.collections.pageInfo.endCursor ?? null,
    };
  }

  async function getCollection(id: string): Promise<CatalogCollection | null> {
    const data = await request<CatalogCollectionQuery, CatalogCollectionQueryVariables>("Reading a collection", COLLECTION_QUERY, { id });
    return data.collection ? mapCollection(data.collection) : null;
  }

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

  async function* streamPages(collectionId: string, opts: StreamOptions): AsyncGenerator<CatalogProduct> {
    const progress: StreamProgress = { mode: "pages", productsYielded: 0, bytesRead: 0, totalBytes: null, maxBufferedProducts: 0 };
    let after: string | null = null;
    for (;;) {
      const data: CatalogCollectionProductsQuery = await request<CatalogCollectionProductsQuery, CatalogCollectionProductsQueryVariables>(
        "Reading a collection's products",
        COLLECTION_PRODUCTS_QUERY,
        { id: collectionId, first: pageSize, after, mediaFirst },
      );
      if (!data.collection) throw new CatalogNotFoundError("collection", collectionId);
      const page = data.collection.products;
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
    const deadline = Date.now() + (options.bulkTimeoutMs ?? 30 * 60_000);
    let wait = options.bulkPollMs ?? 500;
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
      wait = Math.min(wait * 1.5, options.bulkPollMaxMs ?? 5000);
    }
  }

  async function* streamBulk(collectionId: string, opts: StreamOptions): AsyncGenerator<CatalogProduct> {
    const id = await runBulkQuery(bulkCollectionProductsQuery(collectionId));
    const { url, fileSize } = await awaitBulkOperation(id);
    const progress: StreamProgress = { mode: "bulk", productsYielded: 0, bytesRead: 0, totalBytes: fileSize, maxBufferedProducts: 1 };
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
        progress.productsYielded++;
        progress.maxBufferedProducts = Math.max(1, stats.maxBuffered);
        yield product;
        opts.onProgress?.({ ...progress });
      }
    } finally {
      // A consumer that stops early must not leave the download open nor the spool on disk.
      await response.body.cancel().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * Uploads image bytes (staged upload) and adds them to the product's media with alt text.
   * Returns the new media id (store it: it is how the image is found and removed later).
   */
  async function attachImage(input: AttachImageInput): Promise<AttachedMedia> {
    const staged = await request<CatalogStagedUploadsCreateMutation, CatalogStagedUploadsCreateMutationVariables>(
      "Preparing an image upload",
      STAGED_UPLOADS_CREATE_MUTATION,
      {
        input: [
          {
            resource: "IMAGE",
            filename: input.filename,
            mimeType: input.mimeType,
            httpMethod: "POST",
            fileSize: String(input.bytes.byteLength),
          },
        ],
      },
    );
    userErrors("Preparing an image upload", staged.stagedUploadsCreate?.userErrors);
    const target = staged.stagedUploadsCreate?.stagedTargets?.[0];
    if (!target?.url || !target.resourceUrl) throw new CatalogError("Shopify returned no upload target for the image.");
    await uploadToTarget(target.url, target.parameters, input);

    const attached = await request<CatalogProductAttachMediaMutation, CatalogProductAttachMediaMutationVariables>(
      "Adding the image to the product",
      PRODUCT_ATTACH_MEDIA_MUTATION,
      {
        product: { id: input.productId },
        media: [{ originalSource: target.resourceUrl, alt: input.alt, mediaContentType: "IMAGE" }],
      },
    );
    userErrors("Adding the image to the product", attached.productUpdate?.userErrors);
    const product = attached.productUpdate?.product;
    if (!product) throw new CatalogNotFoundError("product", input.productId);
    // Media come newest first; the alt text (unique per image) identifies ours.
    const created = product.media.nodes.find((m) => m.alt === input.alt);
    if (!created) {
      throw new CatalogError(`The image was added to ${input.productId} but could not be found again by its alt text; list the product's media to reconcile.`);
    }
    return { mediaId: created.id, status: created.status as MediaStatus, alt: input.alt, resourceUrl: target.resourceUrl };
  }

  async function uploadToTarget(url: string, parameters: ReadonlyArray<{ name: string; value: string }>, input: AttachImageInput): Promise<void> {
    let attempt = 0;
    for (;;) {
      attempt++;
      const form = new FormData();
      for (const p of parameters) form.append(p.name, p.value);
      // The file must be the last field of the form.
      form.append("file", new Blob([new Uint8Array(input.bytes)], { type: input.mimeType }), input.filename);
      let status = 0;
      let detail = "";
      try {
        const response = await fetchImpl(url, { method: "POST", body: form, signal: AbortSignal.timeout(120_000) });
        if (response.ok) {
          await response.arrayBuffer().catch(() => undefined);
          return;
        }
        status = response.status;
        detail = (await response.text().catch(() => "")).slice(0, 200);
      } catch (error) {
        detail = (error as Error).message;
      }
      const retryable = status === 0 || status === 429 || status >= 500;
      if (!retryable || attempt >= 3) {
        throw new CatalogUploadError(`Uploading the image failed${status ? ` (HTTP ${status})` : ""}: ${detail}`, status);
      }
      await sleep(500 * 2 ** (attempt - 1));
    }
  }

  /** Deletes media (files) by id; Shopify removes them from their products too. Returns the deleted ids. */
  async function deleteMedia(mediaIds: string[]): Promise<string[]> {
    if (mediaIds.length === 0) return [];
    const data = await request<CatalogFileDeleteMutation, CatalogFileDeleteMutationVariables>("Removing images", FILE_DELETE_MUTATION, {
      fileIds: mediaIds,
    });
    userErrors("Removing images", data.fileDelete?.userErrors);
    return [...(data.fileDelete?.deletedFileIds ?? [])];
  }

  /** Takes media off one product but keeps the files in the shop's Files. */
  async function detachMedia(productId: string, mediaIds: string[]): Promise<void> {
    if (mediaIds.length === 0) return;
    const data = await request<CatalogFileDetachMutation, CatalogFileDetachMutationVariables>("Detaching images", FILE_DETACH_MUTATION, {
      files: mediaIds.map((id) => ({ id, referencesToRemove: [productId] })),
    });
    userErrors("Detaching images", data.fileUpdate?.userErrors);
  }

  /** Processing status of media (READY once Shopify has processed an upload). Unknown ids come back with exists: false. */
  async function mediaStatus(mediaIds: string[]): Promise<MediaStatusInfo[]> {
    if (mediaIds.length === 0) return [];
    const data = await request<CatalogMediaStatusQuery, CatalogMediaStatusQueryVariables>("Checking images", MEDIA_STATUS_QUERY, { ids: mediaIds });
    return mediaIds.map((id, i) => {
      const node = data.nodes[i];
      if (!node || !("status" in node)) {
        return { id, exists: false, alt: null, status: null, url: null, width: null, height: null, errors: [] };
      }
      return {
        id,
        exists: true,
        alt: node.alt ?? null,
        status: node.status as MediaStatus,
        url: node.image?.url ?? null,
        width: node.image?.width ?? null,
        height: node.image?.height ?? null,
        errors: node.mediaErrors.map((e) => ({ code: e.code, message: e.message })),
      };
    });
  }

  /**
   * Polls until every medium is READY or FAILED (or gone), sleeping with backoff; returns the last
   * statuses. Media still processing at the deadline (default 120 s) come back as they are.
   */
  async function waitForMedia(mediaIds: string[], opts: { timeoutMs?: number; pollMs?: number } = {}): Promise<MediaStatusInfo[]> {
    const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
    let wait = opts.pollMs ?? 500;
    for (;;) {
      const statuses = await mediaStatus(mediaIds);
      const settled = statuses.every((s) => !s.exists || s.status === "READY" || s.status === "FAILED");
      if (settled || Date.now() > deadline) return statuses;
      await sleep(wait);
      wait = Math.min(wait * 1.5, 5000);
    }
  }

  return {
    shop: options.shop,
    pacer,
    shopInfo,
    listProducts,
    getProduct,
    productVariants,
    appendVariantMedia,
    detachVariantMedia,
    listProductMedia,
    listCollections,
    getCollection,
    streamCollectionProducts,
    attachImage,
    deleteMedia,
    detachMedia,
    mediaStatus,
    waitForMedia,
  };
}
