import { createHmac, randomUUID } from "node:crypto";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { TEST_ENV } from "../setup/test-env";

/**
 * Requests as Shopify makes them: real session-token JWTs (HS256 with the app secret) and real
 * webhook HMACs. Nothing is mocked inside @shopify/shopify-app-remix.
 */
export const APP_URL = TEST_ENV.SHOPIFY_APP_URL;
const BROWSER_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

export async function sessionToken(shop: string, overrides: Record<string, unknown> = {}): Promise<string> {
  // getJwt takes the store NAME and appends ".myshopify.com" itself; pass the name so the token's
  // dest is exactly `shop` (else the token names "x.myshopify.com.myshopify.com", another shop).
  const store = shop.replace(/\.myshopify\.com$/, "");
  const { token } = await getJwt(store, TEST_ENV.SHOPIFY_API_KEY, TEST_ENV.SHOPIFY_API_SECRET, overrides);
  return token;
}

/** A document request as the admin frame loads the app: embedded=1, shop, host, id_token. */
export async function adminDocumentRequest(pathAndQuery: string, shop: string): Promise<Request> {
  const url = new URL(pathAndQuery, APP_URL);
  url.searchParams.set("embedded", "1");
  url.searchParams.set("shop", shop);
  url.searchParams.set("host", Buffer.from(`admin.shopify.com/store/${shop.split(".")[0]}`).toString("base64"));
  url.searchParams.set("id_token", await sessionToken(shop));
  return new Request(url, { headers: { "User-Agent": BROWSER_UA } });
}

/** A fetch/data request from inside the app (or an extension): Authorization: Bearer <session token>. */
export async function adminFetchRequest(
  pathAndQuery: string,
  shop: string,
  init: RequestInit & { json?: unknown; form?: Record<string, string> } = {},
): Promise<Request> {
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${await sessionToken(shop)}`);
  headers.set("User-Agent", BROWSER_UA);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("Content-Type", "application/json");
    body = JSON.stringify(init.json);
  } else if (init.form) {
    headers.set("Content-Type", "application/x-www-form-urlencoded");
    body = new URLSearchParams(init.form).toString();
  }
  const method = init.method ?? (body ? "POST" : "GET");
  return new Request(new URL(pathAndQuery, APP_URL), { ...init, method, headers, body });
}

/** A request with no credentials at all (a browser opening the URL directly). */
export function anonymousRequest(pathAndQuery: string, init: RequestInit = {}): Request {
  const headers = new Headers(init.headers);
  headers.set("User-Agent", BROWSER_UA);
  return new Request(new URL(pathAndQuery, APP_URL), { ...init, headers });
}

export function webhookHmac(body: string, secret: string = TEST_ENV.SHOPIFY_API_SECRET): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

/** A webhook delivery as Shopify sends it, signed with the app secret unless told otherwise. */
export function webhookRequest(
  topic: string,
  shop: string,
  payload: unknown,
  options: { webhookId?: string; secret?: string; hmac?: string } = {},
): Request {
  const body = JSON.stringify(payload);
  const path = `/webhooks/${topic}`;
  return new Request(new URL(path, APP_URL), {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Shop-Domain": shop,
      "X-Shopify-Hmac-Sha256": options.hmac ?? webhookHmac(body, options.secret),
      "X-Shopify-Webhook-Id": options.webhookId ?? randomUUID(),
      "X-Shopify-API-Version": "2026-07",
      "X-Shopify-Triggered-At": new Date().toISOString(),
      "X-Shopify-Event-Id": randomUUID(),
    },
  });
}
