/**
 * The OAuth refresh-token grant for expiring offline tokens, as background code can call it.
 *
 * Why not the library's own refresh: @shopify/shopify-app-remix 4.2.1 refreshes an expiring offline
 * token inside `authenticate.admin` / `unauthenticated.admin` (helpers/ensure-offline-token-is-not-
 * expired: 5 minutes ahead, via `api.auth.refreshToken`), but (1) it needs the app singleton, whose
 * boot reads the whole web environment, and the global `abstractFetch` (one redirect per process, so a
 * test process with several local Admin APIs cannot use it); (2) it runs without any lock, so two
 * workers refreshing at once each rotate the pair; (3) it answers failures with a bare `Response(500)`.
 * This module sends exactly the request @shopify/shopify-api 13.1's `auth.refreshToken` sends
 * (lib/auth/oauth/refresh-token: JSON body with client_id, client_secret, refresh_token, grant_type)
 * through the fetch the caller gives, and parses the answer with zod; the lock and the storage are in
 * offline-token.server.ts.
 */
import { z } from "zod";

/** The token endpoint's answer (the fields Shopify documents for expiring offline tokens). */
export const tokenPairSchema = z.object({
  access_token: z.string().min(1).max(512),
  scope: z.string().max(4000).optional(),
  /** Seconds until the access token is refused. */
  expires_in: z.number().int().positive().max(10 * 365 * 24 * 3600),
  refresh_token: z.string().min(1).max(512),
  /** Seconds until the refresh token is refused. */
  refresh_token_expires_in: z.number().int().positive().max(10 * 365 * 24 * 3600).optional(),
});
export type TokenPair = z.infer<typeof tokenPairSchema>;

const oauthErrorSchema = z.object({ error: z.string().max(200), error_description: z.string().max(2000).optional() });

/**
 * The grant failed. `reconnect` is true when only the merchant opening the app can fix it (the refresh
 * token is invalid, expired or already replaced, or the app's credentials are wrong); otherwise the
 * failure is transient (network, 429, 5xx) and a later try may succeed.
 */
export class RefreshGrantError extends Error {
  readonly status: number;
  readonly reconnect: boolean;
  constructor(message: string, status: number, reconnect: boolean) {
    super(message);
    this.name = "RefreshGrantError";
    this.status = status;
    this.reconnect = reconnect;
  }
}

export interface RefreshGrantOptions {
  shop: string;
  refreshToken: string;
  /** The app's client id and secret (SHOPIFY_API_KEY / SHOPIFY_API_SECRET). Never logged. */
  apiKey: string;
  apiSecret: string;
  /** fetch to use (the redirecting fetch reaches the local Admin API in development and tests). */
  fetch?: typeof fetch;
  /** Per-request timeout, ms; default 30_000. */
  timeoutMs?: number;
}

/** POST https://{shop}/admin/oauth/access_token with grant_type=refresh_token; returns the new pair. */
export async function refreshGrant(o: RefreshGrantOptions): Promise<TokenPair> {
  if (!/^[a-z0-9][a-z0-9.-]*$/i.test(o.shop)) throw new RefreshGrantError(`"${o.shop}" is not a shop domain.`, 0, true);
  const doFetch = o.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await doFetch(`https://${o.shop}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ client_id: o.apiKey, client_secret: o.apiSecret, refresh_token: o.refreshToken, grant_type: "refresh_token" }),
      signal: AbortSignal.timeout(o.timeoutMs ?? 30_000),
    });
  } catch (error) {
    throw new RefreshGrantError(`The token refresh for ${o.shop} failed: ${(error as Error).message}`, 0, false);
  }
  const text = await response.text().catch(() => "");
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  if (!response.ok) {
    const err = oauthErrorSchema.safeParse(body);
    const what = err.success ? `${err.data.error}${err.data.error_description ? `: ${err.data.error_description}` : ""}` : `HTTP ${response.status}`;
    // 400 invalid_grant / invalid_request and 401 invalid_client cannot get better by retrying.
    const reconnect = response.status === 400 || response.status === 401 || response.status === 403;
    throw new RefreshGrantError(`The token refresh for ${o.shop} was refused (${what}).`, response.status, reconnect);
  }
  const pair = tokenPairSchema.safeParse(body);
  if (!pair.success) throw new RefreshGrantError(`The token refresh for ${o.shop} answered without a usable token pair.`, response.status, false);
  return pair.data;
}
