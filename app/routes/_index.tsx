import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

/** Shopify opens the app at `/?shop=…&host=…`; the embedded app lives under /app. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) {
    throw redirect(`/app?${url.searchParams.toString()}`);
  }
  return new Response(
    "Fitting Room is a Shopify app: open it from your Shopify admin (Apps → Fitting Room).",
    { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8" } },
  );
};
