/**
 * Access tokens as Shopify issues them to an app:
 * - configured tokens (`accessTokens`, `--token`) never expire, like a custom app's or a legacy
 *   non-expiring offline token — tests and the demo hand them to sessions directly;
 * - token exchange with `expiring=1` (what @shopify/shopify-app-remix sends with
 *   `future.expiringOfflineAccessTokens`) issues an access token that is refused after `ttlS`
 *   seconds (Shopify: 3600) and a refresh token (Shopify: 90 days);
 * - the refresh-token grant issues a new pair. As Shopify does since August 2026, the previously used
 *   refresh token may be retried (a lost response) until the app uses its replacement; then it is
 *   retired and refused.
 * Rate-limit buckets follow the app (client id), not the token, so rotating tokens gains nothing.
 */
import { randomBytes } from "node:crypto";

/** Shopify's expiring offline access token lifetime, seconds. */
export const DEFAULT_TOKEN_TTL_S = 3600;
/** Shopify's refresh token lifetime, seconds (90 days). */
export const REFRESH_TOKEN_TTL_S = 90 * 24 * 3600;

export interface TokenPair {
  access_token: string;
  scope: string;
  expires_in: number;
  refresh_token: string;
  refresh_token_expires_in: number;
}

interface AccessRecord {
  expiresAt: number;
  clientId: string;
}

interface RefreshRecord {
  clientId: string;
  scope: string;
  expiresAt: number;
  /** The refresh token this one replaced; retired when this one is first used. */
  parent: string | null;
  retired: boolean;
}

export type TokenCheck = { ok: true; bucketKey: string } | { ok: false; reason: "unknown" | "expired" };
export type RefreshResult = TokenPair | { error: "invalid_grant" | "invalid_client"; description: string };

export class TokenRegistry {
  private readonly staticTokens: Set<string>;
  private readonly access = new Map<string, AccessRecord>();
  private readonly refreshTokens = new Map<string, RefreshRecord>();

  constructor(
    staticTokens: string[],
    /** Lifetime of issued access tokens, seconds; may be changed at run time (tests). */
    public ttlS: number = DEFAULT_TOKEN_TTL_S,
    private readonly now: () => number = Date.now,
  ) {
    if (!(ttlS > 0)) throw new Error(`tokenTtlS must be a positive number of seconds (got ${ttlS}).`);
    this.staticTokens = new Set(staticTokens);
  }

  /** The first configured token (handed out by non-expiring grants). */
  get primary(): string {
    return [...this.staticTokens][0];
  }

  /** Whether a request with this X-Shopify-Access-Token may run, and which bucket pays for it. */
  check(token: string): TokenCheck {
    if (this.staticTokens.has(token)) return { ok: true, bucketKey: `token:${token}` };
    const record = this.access.get(token);
    if (!record) return { ok: false, reason: "unknown" };
    if (this.now() >= record.expiresAt) return { ok: false, reason: "expired" };
    return { ok: true, bucketKey: `app:${record.clientId}` };
  }

  /** Issues an expiring access token and its refresh token (token exchange with expiring=1). */
  issue(clientId: string, scope: string, parent: string | null = null): TokenPair {
    const now = this.now();
    const access_token = `shpat_${randomBytes(16).toString("hex")}`;
    const refresh_token = `shprt_${randomBytes(24).toString("hex")}`;
    this.access.set(access_token, { expiresAt: now + this.ttlS * 1000, clientId });
    this.refreshTokens.set(refresh_token, { clientId, scope, expiresAt: now + REFRESH_TOKEN_TTL_S * 1000, parent, retired: false });
    return { access_token, scope, expires_in: this.ttlS, refresh_token, refresh_token_expires_in: REFRESH_TOKEN_TTL_S };
  }

  /** The refresh-token grant. */
  refresh(clientId: string, refreshToken: string): RefreshResult {
    const record = this.refreshTokens.get(refreshToken);
    if (!record || record.retired || this.now() >= record.expiresAt) {
      return { error: "invalid_grant", description: "The refresh token is invalid, expired or already replaced; send the app through token exchange again." };
    }
    if (record.clientId !== clientId) return { error: "invalid_client", description: "The refresh token was issued to another app." };
    // Using a replacement retires the token it replaced.
    if (record.parent) {
      const parent = this.refreshTokens.get(record.parent);
      if (parent) parent.retired = true;
      record.parent = null;
    }
    return this.issue(clientId, record.scope, refreshToken);
  }

  /** Makes every issued access token expired now (tests: no waiting for the TTL). */
  expireAccessTokens(): void {
    const now = this.now();
    for (const record of this.access.values()) record.expiresAt = Math.min(record.expiresAt, now);
  }
}
