/**
 * What the pipeline needs from the outside world, as small interfaces (plain TypeScript). The real
 * implementations are app/tryon's client and app/catalog's catalog (wired in deps.server.ts); tests
 * can pass their own.
 */
import type { AttachedMedia, AttachImageInput, CatalogCollection, CatalogMedia, CatalogProduct, CatalogVariant, StreamOptions } from "../catalog";
import type { FilesPort } from "../catalog/files";
import type { QueryResult } from "../tryon/responses";
import type { TryOnRequestInput } from "../tryon/schema";

/** The try-on provider for one shop (credentials inside). */
export interface TryOnPort {
  submit(request: TryOnRequestInput, options?: { signal?: AbortSignal }): Promise<{ taskId: string }>;
  query(taskId: string, options?: { signal?: AbortSignal }): Promise<QueryResult>;
}

/** The shop's catalog (Admin API), as far as runs need it. */
export interface CatalogPort {
  getProduct(id: string): Promise<CatalogProduct | null>;
  getCollection(id: string): Promise<CatalogCollection | null>;
  streamCollectionProducts(collectionId: string, options?: StreamOptions): AsyncIterable<CatalogProduct>;
  /** Every medium of the product with its alt text: used to reconcile before re-attaching. */
  listProductMedia(productId: string): Promise<CatalogMedia[]>;
  attachImage(input: AttachImageInput): Promise<AttachedMedia>;
  /** Deletes media by id; returns the ids deleted. */
  deleteMedia(mediaIds: string[]): Promise<string[]>;
  /**
   * Every variant of a product with the medium it shows: read during planning only for products with
   * a colour option whose variants the read did not include (list pages and bulk reads).
   */
  productVariants(productId: string): Promise<CatalogVariant[]>;
  /** Shows each medium on its variant (Shopify: one medium per variant; detach the old one first). */
  appendVariantMedia(productId: string, pairs: Array<{ variantId: string; mediaId: string }>): Promise<void>;
  /** Stops variants showing media (they stay on the product). */
  detachVariantMedia(productId: string, pairs: Array<{ variantId: string; mediaId: string }>): Promise<void>;
  /** Collection ids of each product (for the multi-collection settings rule). */
  productCollectionIds(productIds: string[]): Promise<Map<string, string[]>>;
  /** The shop's Files: durable copies of results, attached to products from there. */
  files: FilesPort;
}

export interface DownloadedResult {
  bytes: Uint8Array;
  /** e.g. image/png */
  contentType: string;
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LEVELS)[number];

/** One JSON line per event on stderr, at or above `level`. */
export function consoleLogger(level: LogLevel = "info", bindings: Record<string, unknown> = {}): Logger {
  const min = LEVELS.indexOf(level);
  const emit = (l: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (LEVELS.indexOf(l) < min) return;
    process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), level: l, msg: message, ...bindings, ...fields })}\n`);
  };
  return { debug: emit("debug"), info: emit("info"), warn: emit("warn"), error: emit("error") };
}

export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** The shop has no way to call the provider (no credentials stored, no env fallback). */
export class MissingCredentialsError extends Error {
  constructor(shop: string) {
    super(`No Aidge credentials for ${shop}: enter the Aidge app key and secret in Fitting Room's settings, then retry the failed products.`);
    this.name = "MissingCredentialsError";
  }
}

/** The shop has no usable offline Admin API session (lives with the catalog, which raises it). */
export { MissingSessionError } from "../catalog/errors";
