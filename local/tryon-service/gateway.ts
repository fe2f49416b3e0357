/**
 * The IOP gateway's checks of the signed URL (spec §1): partner, sign method, app key, timestamp skew and
 * the signature. They run before any API sees the request, so a badly signed call never costs quota or
 * reaches a handler — as with the real gateway.
 */
import { gateway, type HttpAnswer } from "./answers";
import { signatureMatches } from "./protocol";

export interface GatewayKeys {
  appKey: string;
  appSecret: string;
  /** Allowed |server clock − timestamp|, in ms. */
  maxClockSkewMs: number;
  now: () => number;
}

/** The gateway's refusal of a signed URL, or undefined when it passes. */
export function checkSignedUrl(q: URLSearchParams, keys: GatewayKeys): HttpAnswer | undefined {
  const maxSkew = keys.maxClockSkewMs;
  if (q.get("partner_id") !== "aidge") return gateway(200, "InvalidPartner", 'partner_id must be "aidge"');
  if (q.get("sign_method") !== "sha256" || q.get("sign_ver") !== "v2") return gateway(200, "InvalidSignMethod", 'sign_method must be "sha256" and sign_ver "v2"');
  const key = q.get("app_key");
  if (!key) return gateway(200, "MissingAppKey", "app_key is required");
  if (key !== keys.appKey) return gateway(200, "InvalidAppKey", `Unknown app_key "${key}"`);
  const ts = q.get("timestamp");
  if (!ts) return gateway(200, "MissingTimestamp", "timestamp is required (epoch milliseconds)");
  if (!/^\d{10,16}$/.test(ts)) return gateway(200, "InvalidTimestamp", "timestamp must be epoch milliseconds");
  const skew = Math.abs(keys.now() - Number(ts));
  if (skew > maxSkew) return gateway(200, "InvalidTimestamp", `timestamp is ${skew} ms away from server time; at most ${maxSkew} ms is allowed`);
  const sign = q.get("sign");
  if (!sign) return gateway(200, "MissingSignature", "sign is required");
  if (!signatureMatches(keys.appSecret, ts, sign)) return gateway(200, "IncompleteSignature", "The request signature does not conform to platform standards");
  return undefined;
}
