/**
 * Development/test switch: send the app's Admin API traffic (`https://{shop}/admin/...`) to the local
 * Admin API stand-in (`local/admin-api`, e.g. http://127.0.0.1:4020) instead of Shopify.
 *
 * `@shopify/shopify-api` always builds `https://{shop}/admin/api/...` and has no host option, so
 * app/shopify.server.ts installs {@link createRedirectingFetch} with `setAbstractFetchFunc()` when
 * LOCAL_ADMIN_API_URL is set. Refused in production: a misconfigured production app must fail loudly,
 * never talk to a fake.
 */

/** Hosts whose `/admin/` paths are redirected: Shopify shop domains. */
const SHOP_HOST = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i;

function assertNotProduction(): void {
  // Read at run time: the Remix compiler replaces the literal `process.env.NODE_ENV` with the build mode,
  // which would refuse a production build started with NODE_ENV=development (the offline demo).
  const { NODE_ENV } = process.env;
  if (NODE_ENV === "production") {
    throw new Error(
      "LOCAL_ADMIN_API_URL is set while NODE_ENV=production. The local Admin API is a development stand-in; " +
        "unset LOCAL_ADMIN_API_URL in production.",
    );
  }
}

function parseLocalBase(localBase: string): URL {
  let base: URL;
  try {
    base = new URL(localBase);
  } catch {
    throw new Error(`LOCAL_ADMIN_API_URL "${localBase}" is not a URL; use e.g. http://127.0.0.1:4020.`);
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    throw new Error(`LOCAL_ADMIN_API_URL "${localBase}" must be an http(s) URL, e.g. http://127.0.0.1:4020.`);
  }
  return base;
}

/**
 * Rewrites `https://{shop}.myshopify.com/admin/...` to `{localBase}/admin/...` (path, query kept).
 * Any other URL is returned unchanged. Throws when NODE_ENV=production.
 */
export function rewriteAdminUrl(url: string | URL, localBase: string): string {
  assertNotProduction();
  const base = parseLocalBase(localBase);
  const target = new URL(String(url));
  if (target.protocol !== "https:" || !SHOP_HOST.test(target.hostname) || !target.pathname.startsWith("/admin/")) {
    return String(url);
  }
  const prefix = base.pathname.replace(/\/+$/, "");
  return `${base.origin}${prefix}${target.pathname}${target.search}`;
}

/**
 * A fetch that sends shop Admin API requests to `localBase` and everything else to `baseFetch`.
 * The original shop domain travels in `X-Shopify-Shop-Domain` so the stand-in knows which shop was meant.
 * Throws when created with NODE_ENV=production.
 */
export function createRedirectingFetch(localBase: string, baseFetch: typeof fetch = globalThis.fetch): typeof fetch {
  assertNotProduction();
  parseLocalBase(localBase);
  const redirecting = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const original = input instanceof Request ? input.url : String(input);
    const rewritten = rewriteAdminUrl(original, localBase);
    if (rewritten === original) return baseFetch(input, init);
    const shop = new URL(original).hostname;
    if (input instanceof Request) {
      const headers = new Headers(input.headers);
      headers.set("X-Shopify-Shop-Domain", shop);
      const hasBody = input.method !== "GET" && input.method !== "HEAD";
      const body = hasBody ? await input.arrayBuffer() : undefined;
      return baseFetch(rewritten, { method: input.method, headers, body, signal: input.signal, redirect: input.redirect, ...init });
    }
    const headers = new Headers(init?.headers);
    headers.set("X-Shopify-Shop-Domain", shop);
    return baseFetch(rewritten, { ...init, headers });
  };
  return redirecting as typeof fetch;
}
