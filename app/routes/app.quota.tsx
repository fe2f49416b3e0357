import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { getQuota } from "../models/ui-provider.server";
import { expensiveWork, ShopBusyError } from "../api/shop-limiter.server";

/**
 * The provider quota as JSON for the Dashboard, fetched after the page shows (the balance call goes to
 * the provider; the answer is cached for 10 minutes). `?refresh=1` skips the cache.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const refresh = new URL(request.url).searchParams.get("refresh") === "1";
  if (!refresh) return json({ quota: await getQuota(session.shop) });
  // A refresh calls the provider: in the shop's concurrency limit (app/api/shop-limiter.server).
  try {
    return json({ quota: await expensiveWork.run(session.shop, () => getQuota(session.shop, { refresh })) });
  } catch (error) {
    if (!(error instanceof ShopBusyError)) throw error;
    const quota = { ok: false as const, message: error.message, code: null, checkedAt: new Date().toISOString() };
    return json({ quota }, { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } });
  }
};
