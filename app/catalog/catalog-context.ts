/**
 * What every part of a catalog shares: the shop's paced transport, how one operation runs and how its
 * errors are raised, and the options. createCatalog builds one and hands it to the reads, the
 * collection stream and the media writes.
 */
import { AdminGraphQLError, CatalogUserError } from "./errors";
import { pacerForShop, type CostPacer } from "./pacer";
import type { AdminTransport } from "./transport";

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
  /**
   * Bulk status polls come this many ms apart (default 250) for the first BULK_STEADY_POLL_MS of a read,
   * then grow ×1.5 up to bulkPollMaxMs. (Waiting to start another bulk read backs off from the start.)
   */
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

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type UserErrorList = ReadonlyArray<{ field?: ReadonlyArray<string> | null; message: string; code?: string | null }> | undefined;

export interface CatalogContext {
  options: CatalogOptions;
  pacer: CostPacer;
  /** Runs one operation; GraphQL errors (other than throttling, which the pacer absorbs) throw. */
  request<TData, TVars extends Record<string, unknown> = Record<string, unknown>>(name: string, query: string, variables?: TVars): Promise<TData>;
  /** Throws a CatalogUserError when a mutation answered userErrors. */
  userErrors(name: string, errors: UserErrorList): void;
  fetchImpl: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  pageSize: number;
  mediaFirst: number;
}

export function createCatalogContext(options: CatalogOptions): CatalogContext {
  const pacer = options.pacer ?? pacerForShop(options.shop);
  const send = pacer.wrap(options.transport);

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

  function userErrors(name: string, errors: UserErrorList) {
    if (errors?.length) throw new CatalogUserError(name, errors.map((e) => ({ ...e })));
  }

  return {
    options,
    pacer,
    request,
    userErrors,
    fetchImpl: options.fetch ?? globalThis.fetch,
    sleep: options.sleep ?? defaultSleep,
    pageSize: options.pageSize ?? 25,
    mediaFirst: options.mediaPerProduct ?? 10,
  };
}
