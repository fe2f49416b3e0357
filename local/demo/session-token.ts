import { createHmac, randomUUID } from "node:crypto";

/**
 * Session tokens as Shopify admin mints them for an embedded app: HS256 JWTs signed with the app's API
 * secret. Claims follow https://shopify.dev/docs/apps/build/authentication-authorization/session-tokens
 * (iss = the shop's admin URL, dest = the shop URL, aud = the API key, sub = the staff user id).
 */
export interface SessionTokenOptions {
  shop: string;
  apiKey: string;
  apiSecret: string;
  /** Staff user id; default "1" (the demo merchant). */
  userId?: string;
  /** Admin session id, stable for one admin tab. */
  sid?: string;
  /** Lifetime in seconds; default 60 (Shopify's). */
  ttlSeconds?: number;
  /** Clock in epoch ms; default Date.now. */
  now?: number;
}

const b64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

export function mintSessionToken(o: SessionTokenOptions): string {
  const iat = Math.floor((o.now ?? Date.now()) / 1000);
  const header = { alg: "HS256", typ: "JWT" };
  const payload = {
    iss: `https://${o.shop}/admin`,
    dest: `https://${o.shop}`,
    aud: o.apiKey,
    sub: o.userId ?? "1",
    exp: iat + (o.ttlSeconds ?? 60),
    nbf: iat,
    iat,
    jti: randomUUID(),
    sid: o.sid ?? randomUUID(),
  };
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = createHmac("sha256", o.apiSecret).update(signingInput).digest("base64url");
  return `${signingInput}.${signature}`;
}

/** The `host` parameter Shopify admin passes: base64 of "admin.shopify.com/store/<store>". */
export function adminHostParam(shop: string): string {
  return Buffer.from(`admin.shopify.com/store/${shop.replace(/\.myshopify\.com$/, "")}`).toString("base64");
}
