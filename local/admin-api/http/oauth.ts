/**
 * POST /admin/oauth/access_token: how an app gets an access token — token exchange of an App Bridge
 * session token (online, offline, or expiring offline with a refresh token), the refresh-token grant
 * and client credentials — checked as strictly as Shopify when the app's key and secret are known.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Store } from "../store";
import type { TokenRegistry } from "../tokens";
import { readBody, send } from "./io";

/** An App Bridge session token (HS256 JWT) signed with the app's secret, for this app, not expired. */
export function verifySessionToken(jwt: string, secret: string, apiKey: string, now = Date.now()): boolean {
  const parts = jwt.split(".");
  if (parts.length !== 3) return false;
  const expected = createHmac("sha256", secret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  try {
    const payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as { aud?: unknown; exp?: unknown };
    // Shopify allows a few seconds of clock skew; so does the library.
    return payload.aud === apiKey && typeof payload.exp === "number" && payload.exp * 1000 + 10_000 > now;
  } catch {
    return false;
  }
}

const oauthError = (res: ServerResponse, status: number, error: string, description: string) =>
  send(res, status, JSON.stringify({ error, error_description: description }));

export interface TokenEndpointOptions {
  store: Store;
  tokens: TokenRegistry;
  /** The app's API key (client_id): when set, token grants with another client id are refused. */
  apiKey?: string;
  /** The app's API secret: when set, token grants must present it and session tokens must be signed with it. */
  apiSecret?: string;
  /** Scopes reported by token grants; default "read_products,write_products,read_files,write_files". */
  scopes?: string;
  log: (line: string) => void;
}

/**
 * POST /admin/oauth/access_token: token exchange (embedded apps), client credentials and the
 * refresh-token grant, with the bodies @shopify/shopify-api sends (JSON; form-encoded also accepted).
 * With `apiKey`/`apiSecret` configured the client credentials and the session token's signature are
 * checked, as Shopify does; without, any non-empty client id and secret are accepted.
 */
export function tokenEndpoint({ store, tokens, log, ...options }: TokenEndpointOptions) {
  return async function token(req: IncomingMessage, res: ServerResponse) {
    const raw = (await readBody(req, 64 * 1024)).toString("utf8");
    let body: Record<string, unknown>;
    try {
      body = String(req.headers["content-type"] ?? "").includes("json") ? (JSON.parse(raw) as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(raw));
    } catch {
      return oauthError(res, 400, "invalid_request", "The body is not JSON.");
    }
    const field = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : "");
    const clientId = field("client_id");
    const clientSecret = field("client_secret");
    if (!clientId || !clientSecret) return oauthError(res, 400, "invalid_request", "client_id and client_secret are required (the app's API key and secret).");
    if ((options.apiKey && clientId !== options.apiKey) || (options.apiSecret && clientSecret !== options.apiSecret)) {
      return oauthError(res, 401, "invalid_client", "client_id or client_secret is wrong for this app.");
    }
    const scope = options.scopes ?? "read_products,write_products,read_files,write_files";
    const grant = field("grant_type");
    if (grant === "refresh_token") {
      const refreshToken = field("refresh_token");
      if (!refreshToken) return oauthError(res, 400, "invalid_request", "refresh_token is required for grant_type refresh_token.");
      const result = tokens.refresh(clientId, refreshToken);
      if ("error" in result) {
        store.metrics.refreshRefused++;
        return oauthError(res, result.error === "invalid_client" ? 401 : 400, result.error, result.description);
      }
      store.metrics.refreshGrants++;
      log(`refresh grant for ${clientId}: new access token expires in ${result.expires_in} s`);
      return send(res, 200, JSON.stringify(result));
    }
    if (grant === "client_credentials") {
      store.metrics.tokenGrants++;
      return send(res, 200, JSON.stringify({ access_token: tokens.primary, scope, expires_in: 86_399 }));
    }
    if (grant !== "urn:ietf:params:oauth:grant-type:token-exchange") {
      return oauthError(res, 400, "unsupported_grant_type", `The local Admin API does not support grant_type "${grant}".`);
    }
    const subject = field("subject_token");
    if (!subject) return oauthError(res, 400, "invalid_request", "subject_token (the session token) is required for token exchange.");
    if (options.apiSecret && !verifySessionToken(subject, options.apiSecret, clientId)) {
      return oauthError(res, 400, "invalid_subject_token", "The session token is not signed with this app's secret, is for another app, or has expired.");
    }
    store.metrics.tokenGrants++;
    if (field("requested_token_type") === "urn:shopify:params:oauth:token-type:online-access-token") {
      return send(
        res,
        200,
        JSON.stringify({
          access_token: tokens.primary,
          scope,
          expires_in: 86_400,
          associated_user_scope: scope,
          associated_user: { id: 1, first_name: "Demo", last_name: "Merchant", email: store.shop.email, email_verified: true, account_owner: true, locale: "en", collaborator: false },
        }),
      );
    }
    // An offline token: expiring (with a refresh token) when the app asks, as the library does with
    // future.expiringOfflineAccessTokens; else the non-expiring configured token (legacy apps).
    if (field("expiring") === "1") return send(res, 200, JSON.stringify(tokens.issue(clientId, scope)));
    send(res, 200, JSON.stringify({ access_token: tokens.primary, scope }));
  };
}
