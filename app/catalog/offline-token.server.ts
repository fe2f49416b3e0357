/**
 * Offline Admin API tokens for background work (runner, worker, operator CLI).
 *
 * The app installs with expiring offline tokens (`future.expiringOfflineAccessTokens`): the access
 * token stored in the `offline_<shop>` session row is refused an hour after it was issued, and a
 * refresh token (90 days) buys a new pair. Requests refresh it inside `authenticate.admin`; background
 * work has no request, so it refreshes here:
 * - ahead of expiry (`marginMs`, env ADMIN_TOKEN_REFRESH_MARGIN_MS, default 10 minutes — longer than
 *   the library's 5, so busy background work renews the pair before a request would have to);
 * - once more when Shopify answers 401 anyway (revoked or clock skew): one retry with a new pair;
 * - once per shop at a time across processes and instances: a `TokenRefreshLock` row with a lease is
 *   the lock (an insert or a takeover of an expired lease; the same on SQLite and PostgreSQL); the
 *   others wait for the new pair to appear in the session row instead of rotating it again;
 * - the new pair is written to the same session row PrismaSessionStorage reads, so requests see it.
 * The grant itself is refresh-grant.server.ts (why not the library's: see there).
 */
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { MissingSessionError } from "./errors";
import { refreshGrant, RefreshGrantError } from "./refresh-grant.server";
import { AdminHttpError, createTokenTransport, type AdminTransport } from "./transport";

/** Default refresh margin, ms: a token expiring within this is renewed before use. */
export const DEFAULT_REFRESH_MARGIN_MS = 10 * 60_000;

export interface OfflineTokensOptions {
  db: PrismaClient;
  /** The app's client id and secret (SHOPIFY_API_KEY / SHOPIFY_API_SECRET), needed for the grant. */
  apiKey?: string;
  apiSecret?: string;
  /** fetch for the grant (the redirecting fetch in development and tests). */
  fetch?: typeof fetch;
  now?: () => number;
  /** Renew a token this long before it expires, ms; default {@link DEFAULT_REFRESH_MARGIN_MS}. */
  marginMs?: number;
  /** How long a refresh holds the shop's lock before another process may take it over, ms; default 60_000. */
  lockLeaseMs?: number;
  /** How long to wait for another process's refresh before giving up (retryable), ms; default 45_000. */
  waitMs?: number;
  /** Warnings for the operator (never with tokens in them). */
  log?: { warn(message: string, fields?: Record<string, unknown>): void; info(message: string, fields?: Record<string, unknown>): void };
}

export interface OfflineTokens {
  /** A usable access token for the shop's offline session; renews it first when it expires soon. */
  accessToken(shop: string): Promise<string>;
  /**
   * Renews the pair because `stale` was refused (or is about to expire); returns the new access token.
   * When another process already replaced `stale`, returns its token without a second grant.
   */
  refresh(shop: string, stale: string): Promise<string>;
}

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "P2002";

export function createOfflineTokens(o: OfflineTokensOptions): OfflineTokens {
  const now = o.now ?? Date.now;
  const marginMs = o.marginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  const lockLeaseMs = o.lockLeaseMs ?? 60_000;
  const waitMs = o.waitMs ?? 45_000;
  /** Per shop: the token and when it stops being usable (null = does not expire; re-read after a minute). */
  const cache = new Map<string, { token: string; usableUntil: number }>();
  /** One refresh per shop per process; other callers in this process join it. */
  const inFlight = new Map<string, Promise<string>>();

  const id = (shop: string) => `offline_${shop}`;
  const readSession = (shop: string) =>
    o.db.session.findUnique({ where: { id: id(shop) }, select: { accessToken: true, expires: true, refreshToken: true, refreshTokenExpires: true } });
  const fresh = (expires: Date | null) => !expires || expires.getTime() - marginMs > now();
  /** A token another process just stored: usable while unexpired, whatever the margin. */
  const renewedElsewhere = (s: { accessToken: string; expires: Date | null }, stale: string) => s.accessToken !== stale && (!s.expires || s.expires.getTime() > now());
  const remember = (shop: string, token: string, expires: Date | null, margin = marginMs) => {
    cache.set(shop, { token, usableUntil: expires ? expires.getTime() - margin : now() + 60_000 });
    return token;
  };

  async function tryLock(shop: string, owner: string): Promise<boolean> {
    const at = now();
    try {
      await o.db.tokenRefreshLock.create({ data: { shop, owner, leaseExpiresAt: new Date(at + lockLeaseMs) } });
      return true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    // Held: take it over only when the holder's lease ran out (it died mid-refresh).
    const taken = await o.db.tokenRefreshLock.updateMany({ where: { shop, leaseExpiresAt: { lt: new Date(at) } }, data: { owner, leaseExpiresAt: new Date(at + lockLeaseMs) } });
    return taken.count === 1;
  }

  async function grant(shop: string, stale: string): Promise<string> {
    const session = await readSession(shop);
    if (!session?.accessToken) throw new MissingSessionError(shop);
    // Someone else renewed it while we waited for the lock.
    if (renewedElsewhere(session, stale)) return remember(shop, session.accessToken, session.expires);
    if (!session.refreshToken || (session.refreshTokenExpires && session.refreshTokenExpires.getTime() <= now())) {
      throw new MissingSessionError(shop, "its offline access expired");
    }
    if (!o.apiKey || !o.apiSecret) {
      o.log?.warn("cannot renew an expiring offline token: SHOPIFY_API_KEY and SHOPIFY_API_SECRET must be set for background work", { shop });
      throw new MissingSessionError(shop, "its offline access expired and could not be renewed");
    }
    let pair;
    try {
      pair = await refreshGrant({ shop, refreshToken: session.refreshToken, apiKey: o.apiKey, apiSecret: o.apiSecret, fetch: o.fetch, timeoutMs: Math.min(30_000, lockLeaseMs / 2) });
    } catch (error) {
      if (error instanceof RefreshGrantError && error.reconnect) {
        o.log?.warn("the offline token refresh was refused", { shop, status: error.status, error: error.message });
        throw new MissingSessionError(shop, "its offline access could not be renewed");
      }
      // Transient: the caller's retry policy (attach backoff, pacer) tries again later.
      throw new AdminHttpError((error as Error).message, error instanceof RefreshGrantError && error.status >= 500 ? error.status : 0);
    }
    const at = now();
    const expires = new Date(at + pair.expires_in * 1000);
    await o.db.session.update({
      where: { id: id(shop) },
      data: {
        accessToken: pair.access_token,
        expires,
        refreshToken: pair.refresh_token,
        refreshTokenExpires: pair.refresh_token_expires_in ? new Date(at + pair.refresh_token_expires_in * 1000) : null,
        ...(pair.scope ? { scope: pair.scope } : {}),
      },
    });
    o.log?.info("offline token renewed", { shop, expiresInS: pair.expires_in });
    // A margin longer than the token's life would renew it on every call: cap it at half the life.
    return remember(shop, pair.access_token, expires, Math.min(marginMs, (pair.expires_in * 1000) / 2));
  }

  async function refreshAcrossProcesses(shop: string, stale: string): Promise<string> {
    const deadline = now() + waitMs;
    for (let i = 0; ; i++) {
      const owner = randomUUID();
      if (await tryLock(shop, owner)) {
        try {
          return await grant(shop, stale);
        } finally {
          await o.db.tokenRefreshLock.deleteMany({ where: { shop, owner } }).catch(() => undefined);
        }
      }
      // Another process is renewing it: wait for the new pair to land in the session row.
      const session = await readSession(shop);
      if (!session?.accessToken) throw new MissingSessionError(shop);
      if (renewedElsewhere(session, stale)) return remember(shop, session.accessToken, session.expires);
      if (now() > deadline) throw new AdminHttpError(`Timed out waiting for another process to renew ${shop}'s offline token.`, 0);
      await new Promise((r) => setTimeout(r, Math.min(500, 50 * 2 ** Math.min(i, 4))));
    }
  }

  function refresh(shop: string, stale: string): Promise<string> {
    cache.delete(shop);
    let p = inFlight.get(shop);
    if (!p) {
      p = refreshAcrossProcesses(shop, stale).finally(() => inFlight.delete(shop));
      inFlight.set(shop, p);
    }
    return p;
  }

  return {
    refresh,
    async accessToken(shop) {
      const hit = cache.get(shop);
      if (hit && hit.usableUntil > now()) return hit.token;
      const session = await readSession(shop);
      if (!session?.accessToken) throw new MissingSessionError(shop);
      if (fresh(session.expires)) return remember(shop, session.accessToken, session.expires);
      return refresh(shop, session.accessToken);
    },
  };
}

export interface RefreshingTransportOptions {
  shop: string;
  tokens: OfflineTokens;
  fetch?: typeof fetch;
  apiVersion?: string;
  timeoutMs?: number;
}

/**
 * An Admin transport over the shop's offline token that renews it ahead of expiry and, when Shopify
 * answers 401 anyway, renews once and sends the request again. A second 401 means the app lost
 * access (uninstalled, revoked): MissingSessionError.
 */
export function createRefreshingTransport(o: RefreshingTransportOptions): AdminTransport {
  const send = (accessToken: string) => createTokenTransport({ shop: o.shop, accessToken, fetch: o.fetch, apiVersion: o.apiVersion, timeoutMs: o.timeoutMs });
  return async <TData>(query: string, variables?: Record<string, unknown>) => {
    const token = await o.tokens.accessToken(o.shop);
    try {
      return await send(token)<TData>(query, variables);
    } catch (error) {
      if (!(error instanceof AdminHttpError) || error.status !== 401) throw error;
    }
    const renewed = await o.tokens.refresh(o.shop, token);
    try {
      return await send(renewed)<TData>(query, variables);
    } catch (error) {
      if (error instanceof AdminHttpError && error.status === 401) throw new MissingSessionError(o.shop, "Shopify refused its access");
      throw error;
    }
  };
}
