import { afterEach, describe, expect, it, vi } from "vitest";
import { createRedirectingFetch, rewriteAdminUrl } from "./local-admin-redirect";

afterEach(() => vi.unstubAllEnvs());

describe("rewriteAdminUrl", () => {
  it("GIVEN a shop Admin API URL WHEN rewritten THEN it points at the local base with path and query kept", () => {
    expect(rewriteAdminUrl("https://demo.myshopify.com/admin/api/2026-07/graphql.json?x=1", "http://127.0.0.1:4020")).toBe(
      "http://127.0.0.1:4020/admin/api/2026-07/graphql.json?x=1",
    );
    expect(rewriteAdminUrl("https://demo.myshopify.com/admin/oauth/access_token", "http://127.0.0.1:4020/")).toBe("http://127.0.0.1:4020/admin/oauth/access_token");
  });

  it("GIVEN URLs that are not a shop's Admin API WHEN rewritten THEN they are left alone", () => {
    for (const url of ["https://cdn.shopify.com/s/files/1/x.jpg", "https://demo.myshopify.com/products/x", "https://api.aidc-ai.com/admin/x", "http://demo.myshopify.com/admin/api"]) {
      expect(rewriteAdminUrl(url, "http://127.0.0.1:4020")).toBe(url);
    }
  });

  it("GIVEN NODE_ENV=production WHEN the redirect is used THEN it refuses", () => {
    vi.stubEnv("NODE_ENV", "production");
    expect(() => rewriteAdminUrl("https://demo.myshopify.com/admin/api/2026-07/graphql.json", "http://127.0.0.1:4020")).toThrow(/NODE_ENV=production/);
    expect(() => createRedirectingFetch("http://127.0.0.1:4020")).toThrow(/unset LOCAL_ADMIN_API_URL in production/);
  });

  it("GIVEN a base that is not an http URL WHEN the fetch is created THEN it says what to use", () => {
    expect(() => createRedirectingFetch("127.0.0.1:4020")).toThrow(/use e.g. http:\/\/127.0.0.1:4020/);
  });
});

describe("createRedirectingFetch", () => {
  it("GIVEN an Admin API request WHEN fetched THEN the local URL is called with the shop domain header; others pass through", async () => {
    const calls: Array<{ url: string; shop: string | null }> = [];
    const base = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      calls.push({ url, shop: new Headers(init?.headers).get("X-Shopify-Shop-Domain") });
      return new Response("{}");
    }) as typeof fetch;
    const redirecting = createRedirectingFetch("http://127.0.0.1:4020", base);
    await redirecting("https://demo.myshopify.com/admin/api/2026-07/graphql.json", { method: "POST", body: "{}" });
    await redirecting(new Request("https://demo.myshopify.com/admin/api/2026-07/graphql.json", { method: "POST", body: "{}" }));
    await redirecting("https://example.com/image.jpg");
    expect(calls).toEqual([
      { url: "http://127.0.0.1:4020/admin/api/2026-07/graphql.json", shop: "demo.myshopify.com" },
      { url: "http://127.0.0.1:4020/admin/api/2026-07/graphql.json", shop: "demo.myshopify.com" },
      { url: "https://example.com/image.jpg", shop: null },
    ]);
  });
});
