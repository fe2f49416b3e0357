/**
 * What every resolver group shares: the server's environment, the per-request context, plain "views"
 * (a property per implemented field — the executor's strict resolver fails any field a view lacks,
 * never a silent null) and Shopify's cursor connections.
 */
import { GraphQLError } from "graphql";
import type { MediaProcessor } from "../files";
import type { SearchWarning } from "../search";
import type { Store } from "../store";
import type { WebhookDispatcher } from "../webhooks";

export interface StagedTarget {
  token: string;
  filename: string;
  mimeType: string;
  resource: string;
  blob: string | null;
}

export interface BulkOperationRecord {
  id: number;
  status: "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELING" | "CANCELED" | "EXPIRED";
  type: "QUERY" | "MUTATION";
  query: string;
  groupObjects: boolean;
  errorCode: "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT" | null;
  createdAt: string;
  completedAt: string | null;
  objectCount: number;
  rootObjectCount: number;
  /** The JSONL result (null until completed, or when there were no objects). */
  result: Buffer | null;
  /** Bytes of the result served so far (benchmarks/tests read it). */
  bytesServed: number;
}

/** Everything resolvers may touch, shared by all requests of one server. */
export interface ResolverEnv {
  store: Store;
  /** Public base URL of the server, e.g. http://127.0.0.1:4020 */
  base: () => string;
  staged: Map<string, StagedTarget>;
  bulkOperations: Map<number, BulkOperationRecord>;
  /** Starts a bulk query (validation happens there); returns the operation or user errors. */
  startBulkQuery: (query: string, groupObjects: boolean) => BulkOperationRecord | { userErrors: Array<{ field: string[]; message: string; code: string }> };
  /** Simulated processing time of a new medium, ms. */
  mediaProcessingMs: number;
  fetch: typeof fetch;
  /** Fetches new files' sources in the background (UPLOADED → PROCESSING → READY | FAILED). */
  processor: MediaProcessor;
  /** Product webhooks to the app (nothing is sent without a target). */
  webhooks: WebhookDispatcher;
  /** Asynchronous jobs (productReorderMedia, collectionAddProductsV2) by gid. */
  jobs: Map<string, { done: boolean }>;
}

/** Per-request context. */
export interface RequestContext {
  env: ResolverEnv;
  /** Bulk mode: connections return everything, without first/last. */
  bulk: boolean;
  /** Actual cost accumulated while executing. */
  cost: number;
  /** Search warnings, reported in extensions.search like Shopify. */
  searchWarnings: Array<{ path: ReadonlyArray<string | number>; query: string; warnings: SearchWarning[] }>;
}

export type View = Record<string, unknown>;

export const stripHtml = (html: string) => html.replace(/<[^>]*>/g, "").trim();

// ---------- connections ----------

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

const encodeCursor = (key: number) => Buffer.from(JSON.stringify({ last_id: key })).toString("base64url");

function decodeCursor(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { last_id?: unknown };
    if (typeof parsed.last_id === "number") return parsed.last_id;
  } catch {
    // fall through
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: "BAD_REQUEST" } });
}

export function connection<T>(all: T[], args: ConnectionArgs, ctx: RequestContext, view: (item: T) => View, key: (item: T) => number): View {
  let items = args.reverse ? [...all].reverse() : all;
  let hasPreviousPage = false;
  let hasNextPage = false;
  if (args.after) {
    const id = decodeCursor(args.after);
    const index = items.findIndex((item) => key(item) === id);
    hasPreviousPage = index >= 0;
    items = index >= 0 ? items.slice(index + 1) : [];
  }
  if (args.before) {
    const id = decodeCursor(args.before);
    const index = items.findIndex((item) => key(item) === id);
    hasNextPage = index >= 0;
    items = index >= 0 ? items.slice(0, index) : items;
  }
  if (!ctx.bulk) {
    if (typeof args.first === "number") {
      hasNextPage = hasNextPage || items.length > args.first;
      items = items.slice(0, args.first);
    } else if (typeof args.last === "number") {
      hasPreviousPage = hasPreviousPage || items.length > args.last;
      items = items.slice(Math.max(0, items.length - args.last));
    }
  }
  const edges = items.map((item) => ({ cursor: encodeCursor(key(item)), node: view(item) }));
  return {
    edges: ctx.bulk ? inSlices(edges) : edges,
    nodes: ctx.bulk ? inSlices(edges.map((e) => e.node)) : edges.map((e) => e.node),
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/**
 * A bulk query's long list, handed to graphql-js a slice at a time: each slice is completed in its own
 * turn of the event loop, so requests keep being answered while a bulk query runs, as on Shopify, where
 * a bulk read runs apart from the API. (In one go, 100,000 products held this process for 16 s.)
 */
export const BULK_SLICE = 250;
function inSlices<T>(items: T[]): Array<T | Promise<T>> {
  if (items.length <= BULK_SLICE) return items;
  const out: Array<T | Promise<T>> = items.slice(0, BULK_SLICE);
  let turn: Promise<void> = Promise.resolve();
  for (let start = BULK_SLICE; start < items.length; start += BULK_SLICE) {
    turn = turn.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
    const ready = turn;
    for (const item of items.slice(start, start + BULK_SLICE)) out.push(ready.then(() => item));
  }
  return out;
}

export function countView(count: number): View {
  return { count, precision: "EXACT" };
}
