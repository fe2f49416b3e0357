import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { boundary } from "@shopify/shopify-app-remix/server";
import { authenticate, login } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  // /auth/login is where authenticate.admin sends requests without a session: it must be served by
  // login() (calling authenticate.admin here throws, a 500). With ?shop= it redirects to the install.
  if (new URL(request.url).pathname === "/auth/login") {
    const errors = await login(request);
    const problem = errors && "shop" in errors ? ` (shop: ${errors.shop === "MISSING_SHOP" ? "is required" : "is not a *.myshopify.com domain"})` : "";
    return new Response(`Fitting Room is a Shopify app: open it from your Shopify admin (Apps → Fitting Room).${problem}`, {
      status: problem ? 400 : 200,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  await authenticate.admin(request);
  return null;
};

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
