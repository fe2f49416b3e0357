/**
 * Expiring offline tokens as Shopify issues them, driven through @shopify/shopify-api's own token
 * exchange and refresh calls (what shopify-app-remix runs with `future.expiringOfflineAccessTokens`):
 * the access token is refused with 401 once expired, the refresh grant issues a working pair, and a
 * refresh token is retired once its replacement has been used.
 */
import "@shopify/shopify-api/adapters/node";
import { createHmac, randomUUID } from "node:crypto";
import { ApiVersion, LogSeverity, RequestedTokenType, shopifyApi } from "@shopify/shopify-api";
import { abstractFetch, setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedirectingFetch } from "../../app/catalog/local-admin-redirect";
import type { LocalAdminApi } from "../../local/admin-api/server";
import { startAdmin } from "./helpers";

const API_KEY = "tokens-test-key";
const API_SECRET = "tokens-test-secret";
const SHOP = "fitting-room-demo.myshopify.com";

const shopify = shopifyApi({
  apiKey: API_KEY,
  apiSecretKey: API_SECRET,
  scopes: ["read_products", "write_products"],
  hostName: "localhost:3000",
  apiVersion: ApiVersion.July26,
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error },
});

/** An App Bridge session token, signed like Shopify signs it. */
function sessionToken(secret = API_SECRET): string {
  const now = Math.floor(Date.now() / 1000);
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const head = enc({ alg: "HS256", typ: "JWT" });
  const body = enc({ iss: `https://${SHOP}/admin`, dest: `https://${SHOP}`, aud: API_KEY, sub: "1", exp: now + 60, nbf: now - 5, iat: now - 5, jti: randomUUID(), sid: "s1" });
  return `${head}.${body}.${createHmac("sha256", secret).update(`${head}.${body}`).digest("base64url")}`;
}

let api: LocalAdminApi;
const original = abstractFetch;
beforeAll(async () => {
  api = await startAdmin({ seed: "empty", apiKey: API_KEY, apiSecret: API_SECRET, tokenTtlS: 120 });
  setAbstractFetchFunc(createRedirectingFetch(api.url, globalThis.fetch));
});
afterAll(async () => {
  setAbstractFetchFunc(original);
  await api?.close();
});

async function shopName(token: string): Promise<number> {
  const response = await fetch(api.graphqlUrl, { method: "POST", headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token }, body: JSON.stringify({ query: "{ shop { name } }" }) });
  await response.arrayBuffer();
  return response.status;
}

async function rawRefresh(refreshToken: string, clientSecret = API_SECRET) {
  const response = await fetch(`${api.url}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ client_id: API_KEY, client_secret: clientSecret, grant_type: "refresh_token", refresh_token: refreshToken }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string | number> };
}

const exchange = () => shopify.auth.tokenExchange({ shop: SHOP, sessionToken: sessionToken(), requestedTokenType: RequestedTokenType.OfflineAccessToken, expiring: true });

describe("expiring offline tokens", () => {
  it("GIVEN token exchange with expiring WHEN the library creates the session THEN it holds an access token expiring after the TTL and a refresh token", async () => {
    const { session } = await exchange();
    expect(session.accessToken).toMatch(/^shpat_/);
    expect(session.refreshToken).toMatch(/^shprt_/);
    const ttlMs = session.expires!.getTime() - Date.now();
    expect(ttlMs).toBeGreaterThan(100_000);
    expect(ttlMs).toBeLessThanOrEqual(120_000);
    expect(session.refreshTokenExpires!.getTime() - Date.now()).toBeGreaterThan(80 * 24 * 3600 * 1000);
    expect(await shopName(session.accessToken!)).toBe(200);
  });

  it("GIVEN an access token past its TTL WHEN used THEN 401 with Shopify's body; the library's refresh grant issues a pair that works", async () => {
    const { session } = await exchange();
    api.store.resetMetrics();
    api.tokens.expireAccessTokens();
    const refused = await fetch(api.graphqlUrl, { method: "POST", headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": session.accessToken! }, body: JSON.stringify({ query: "{ shop { name } }" }) });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    expect(api.store.metrics.expiredTokenRefusals).toBe(1);

    const { session: refreshed } = await shopify.auth.refreshToken({ shop: SHOP, refreshToken: session.refreshToken! });
    expect(refreshed.accessToken).not.toBe(session.accessToken);
    expect(refreshed.refreshToken).not.toBe(session.refreshToken);
    expect(refreshed.expires!.getTime()).toBeGreaterThan(Date.now());
    expect(await shopName(refreshed.accessToken!)).toBe(200);
    expect(await shopName(session.accessToken!)).toBe(401);
    expect(api.store.metrics.refreshGrants).toBe(1);
  });

  it("GIVEN a refreshed pair WHEN its refresh token is used THEN the refresh token it replaced is refused (retrying it before that still works, as Shopify allows after a lost response)", async () => {
    const { session } = await exchange();
    const first = await rawRefresh(session.refreshToken!);
    expect(first.status).toBe(200);
    // A lost response: the app retries the token it still has, and gets a pair.
    const retry = await rawRefresh(session.refreshToken!);
    expect(retry.status).toBe(200);
    // The app starts using its replacement: the old one is retired.
    expect((await rawRefresh(String(retry.body.refresh_token))).status).toBe(200);
    const old = await rawRefresh(session.refreshToken!);
    expect(old).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(String(old.body.error_description)).toMatch(/token exchange again/);
    await expect(shopify.auth.refreshToken({ shop: SHOP, refreshToken: session.refreshToken! })).rejects.toThrow();
  });

  it("GIVEN the wrong client secret or an unknown refresh token WHEN refreshing THEN the grant is refused and counted", async () => {
    const { session } = await exchange();
    api.store.resetMetrics();
    expect(await rawRefresh(session.refreshToken!, "not-the-secret")).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    expect(await rawRefresh("shprt_unknown")).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(api.store.metrics).toMatchObject({ refreshGrants: 0, refreshRefused: 1 });
  });

  it("GIVEN a session token signed with another secret WHEN exchanged THEN no token is issued", async () => {
    const response = await fetch(`${api.url}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ client_id: API_KEY, client_secret: API_SECRET, grant_type: "urn:ietf:params:oauth:grant-type:token-exchange", subject_token: sessionToken("forged"), subject_token_type: "urn:ietf:params:oauth:token-type:id_token", requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token", expiring: "1" }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe("invalid_subject_token");
  });

  it("GIVEN a configured token WHEN issued tokens expire THEN it keeps working (custom-app tokens do not expire)", async () => {
    api.tokens.expireAccessTokens();
    expect(await shopName(api.accessToken)).toBe(200);
  });
});
