import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { getQuota } from "../models/ui-provider.server";

/**
 * The provider quota as JSON for the Dashboard, fetched after the page shows (the balance call goes to
 * the provider; the answer is cached for 10 minutes). `?refresh=1` skips the cache.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const refresh = new URL(request.url).searchParams.get("refresh") === "1";
  return json({ quota: await getQuota(session.shop, { refresh }) });
};
