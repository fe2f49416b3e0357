/**
 * Aidge request signing and URL building (spec §1.3–1.4, test vectors §1.7).
 * The signature covers only secret + timestamp: HMAC-SHA256(key = secret, message = secret + ts),
 * upper-case hex. It does not cover the path or the body.
 */
import { createHmac } from "node:crypto";

export type AidgeRegion = "global" | "cn";

/** Hosts by the site the API key and quota were bought on (spec §1.1). */
export const AIDGE_HOSTS: Record<AidgeRegion, string> = {
  global: "https://api.aidc-ai.com",
  cn: "https://cn-api.aidc-ai.com",
};

export const API_SUBMIT = "/ai/virtual/tryon";
export const API_QUERY = "/ai/virtual/tryon-results";
export const API_BALANCE = "/ai/query/balance";

/** Upper-case hex HMAC-SHA256 of `secret + timestamp` keyed with `secret` (both UTF-8). */
export function aidgeSign(secret: string, timestamp: string): string {
  return createHmac("sha256", Buffer.from(secret, "utf8"))
    .update(Buffer.from(secret + timestamp, "utf8"))
    .digest("hex")
    .toUpperCase();
}

export interface SignedUrlOptions {
  /** API name with a leading slash, e.g. "/ai/virtual/tryon". */
  apiName: string;
  appKey: string;
  appSecret: string;
  /** Epoch milliseconds; the same value is signed and sent. */
  timestamp: number | string;
  /** Default "global". Ignored when baseUrl is set. */
  region?: AidgeRegion;
  /** Origin override, e.g. "http://127.0.0.1:4010" for the local try-on service (AIDGE_BASE_URL). */
  baseUrl?: string;
}

/**
 * `https://{host}/rest{apiName}?partner_id=aidge&sign_method=sha256&sign_ver=v2&app_key=…&timestamp=…&sign=…`
 * in the samples' parameter order.
 */
export function buildSignedUrl(o: SignedUrlOptions): string {
  if (!o.apiName.startsWith("/")) throw new Error(`apiName must start with "/" (got "${o.apiName}")`);
  const origin = (o.baseUrl ?? AIDGE_HOSTS[o.region ?? "global"]).replace(/\/+$/, "");
  const ts = String(o.timestamp);
  const sign = aidgeSign(o.appSecret, ts);
  // app_key is not URL-encoded by any official sample; it is numeric in practice. Encode defensively
  // only characters that would break the query string.
  const appKey = encodeURIComponent(o.appKey);
  return `${origin}/rest${o.apiName}?partner_id=aidge&sign_method=sha256&sign_ver=v2&app_key=${appKey}&timestamp=${ts}&sign=${sign}`;
}
