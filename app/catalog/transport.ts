/**
 * The one thing the catalog needs from Shopify: send a GraphQL document, get the parsed body back.
 * Two adapters: the shopify-app-remix `admin.graphql` (inside requests) and a direct fetch with an
 * access token (background workers, CLI, benchmarks).
 */

/** Shopify's cost report, present on every Admin GraphQL response. Units: query cost points. */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  /** Points restored per second. */
  restoreRate: number;
}

export interface QueryCost {
  requestedQueryCost?: number | null;
  actualQueryCost?: number | null;
  throttleStatus?: ThrottleStatus;
}

export interface GraphQLErrorLike {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; [key: string]: unknown };
}

export interface AdminResponse<TData = unknown> {
  data?: TData | null;
  errors?: GraphQLErrorLike[];
  extensions?: { cost?: QueryCost; [key: string]: unknown };
}

/**
 * Sends one GraphQL document. Resolves with the parsed body, including GraphQL errors (THROTTLED
 * arrives as an error in a 200 body). Rejects only for transport failures; an HTTP 429 or 5xx should
 * reject with an {@link AdminHttpError} so the pacer can retry it.
 */
export type AdminTransport = <TData = unknown>(
  query: string,
  variables?: Record<string, unknown>,
) => Promise<AdminResponse<TData>>;

/** A non-2xx HTTP answer from the Admin API (or a network failure when `status` is 0). */
export class AdminHttpError extends Error {
  readonly status: number;
  /** Seconds, from `Retry-After`, when the server sent one. */
  readonly retryAfter?: number;
  constructor(message: string, status: number, retryAfter?: number) {
    super(message);
    this.name = "AdminHttpError";
    this.status = status;
    this.retryAfter = retryAfter;
  }
  /** 429, 5xx and network failures are worth retrying; 4xx (bad token, missing scope) are not. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export interface TokenTransportOptions {
  /** Shop domain, e.g. `example.myshopify.com`. */
  shop: string;
  /** Offline (or online) Admin API access token. Never logged. */
  accessToken: string;
  /** Admin API version; default "2026-07". */
  apiVersion?: string;
  /** fetch to use (default: global fetch). Pass the redirecting fetch to reach the local Admin API. */
  fetch?: typeof fetch;
  /** Per-request timeout in ms; default 60_000. */
  timeoutMs?: number;
}

/**
 * POSTs to `https://{shop}/admin/api/{version}/graphql.json` with `X-Shopify-Access-Token`.
 */
export function createTokenTransport(options: TokenTransportOptions): AdminTransport {
  const version = options.apiVersion ?? "2026-07";
  if (!/^[a-z0-9][a-z0-9.-]*$/i.test(options.shop)) {
    throw new Error(`createTokenTransport: shop "${options.shop}" is not a shop domain like example.myshopify.com.`);
  }
  if (!options.accessToken) throw new Error("createTokenTransport: accessToken is empty; pass the shop's Admin API token.");
  const endpoint = `https://${options.shop}/admin/api/${version}/graphql.json`;
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 60_000;
  return async <TData>(query: string, variables?: Record<string, unknown>) => {
    let response: Response;
    try {
      response = await doFetch(endpoint, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-Shopify-Access-Token": options.accessToken,
        },
        body: JSON.stringify({ query, variables: variables ?? {} }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new AdminHttpError(`Admin API request to ${options.shop} failed: ${(error as Error).message}`, 0);
    }
    if (!response.ok) {
      const text = await response.text().catch(() => "");
      const retryAfter = Number(response.headers.get("retry-after"));
      throw new AdminHttpError(
        `Admin API answered ${response.status} ${response.statusText} for ${options.shop}: ${text.slice(0, 300)}`,
        response.status,
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
      );
    }
    return (await response.json()) as AdminResponse<TData>;
  };
}

/** The shape of shopify-app-remix's `admin.graphql` (returns a Response whose JSON is the body). */
export type RemixAdminGraphql = (
  query: string,
  options?: { variables?: Record<string, unknown> },
) => Promise<Response>;

/**
 * Adapts `admin.graphql` from `authenticate.admin(request)` / `unauthenticated.admin(shop)`.
 * shopify-api throws `GraphqlQueryError` when the body has GraphQL errors (THROTTLED included);
 * we turn that back into a body so the pacer sees the error code and the cost report.
 */
export function fromRemixAdmin(graphql: RemixAdminGraphql): AdminTransport {
  return async <TData>(query: string, variables?: Record<string, unknown>) => {
    try {
      const response = await graphql(query, { variables });
      const body = (await response.json()) as AdminResponse<TData>;
      return { data: body.data, errors: body.errors, extensions: body.extensions };
    } catch (error) {
      const body = (error as { body?: { data?: TData; errors?: { graphQLErrors?: GraphQLErrorLike[] }; extensions?: AdminResponse["extensions"] } })
        .body;
      if (body?.errors?.graphQLErrors) {
        return { data: body.data ?? null, errors: body.errors.graphQLErrors, extensions: body.extensions };
      }
      // HttpResponseError (and its retriable subclasses) carry `response.code`; a 401/403 is rethrown
      // untouched so shopify-app-remix can answer it (re-auth), a 429/5xx becomes retryable.
      const response = (error as { response?: { code?: number; retryAfter?: number } }).response;
      if (typeof response?.code === "number" && (response.code === 429 || response.code >= 500)) {
        throw new AdminHttpError((error as Error).message, response.code, response.retryAfter);
      }
      if ((error as Error)?.constructor?.name === "HttpRequestError") {
        throw new AdminHttpError((error as Error).message, 0);
      }
      throw error;
    }
  };
}
