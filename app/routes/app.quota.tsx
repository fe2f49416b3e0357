import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { When } from "../components/RunTitle";
import { merchantText } from "../forms/merchant-text";
import { authenticate } from "../shopify.server";
import { getQuota } from "../read-models/provider.server";
import { busyInit, withinShopLimit } from "../extension-api/shop-limiter.server";

/**
 * The provider quota as JSON for the Dashboard, fetched after the page shows (the balance call goes to
 * the provider; the answer is cached for 10 minutes). `?refresh=1` skips the cache.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const refresh = new URL(request.url).searchParams.get("refresh") === "1";
  if (!refresh) {
    const cached = await getQuota(session.shop, { cachedOnly: true });
    if (cached) return json({ quota: cached });
  }
  // A refresh, or nothing cached, calls the provider: in the shop's concurrency limit (app/extension-api/shop-limiter.server).
  const quota = await withinShopLimit(session.shop, () => getQuota(session.shop, { refresh }));
  if (quota && "busy" in quota) {
    return json({ quota: { ok: false as const, message: quota.message, code: null, checkedAt: new Date().toISOString() } }, busyInit());
  }
  return json({ quota });
};

/**
 * Opened directly (a bookmark, a typed address), /app/quota is a page in the app frame, never raw JSON
 * (issue 17.10); the Dashboard still loads the same loader's data with a fetcher.
 */
export default function Quota() {
  const { quota } = useLoaderData<typeof loader>();
  return (
    <Page>
      <TitleBar title="Try-on quota" />
      <Card>
        <BlockStack gap="300">
          {!quota ? (
            <Text as="p">Connect your Aidge account in Settings to see how many try-on calls are left.</Text>
          ) : quota.ok ? (
            <BlockStack gap="100">
              <Text as="p" variant="heading2xl">
                {quota.balance.toLocaleString("en")}
              </Text>
              <Text as="p" tone="subdued">
                try-on calls left on your Aidge key (one call per product tried on, whatever the number of images) · checked <When iso={quota.checkedAt} />
              </Text>
            </BlockStack>
          ) : (
            <Text as="p" tone="critical">
              {merchantText(quota.message)}
            </Text>
          )}
          <InlineStack gap="300">
            <Button url="/app/settings">Settings</Button>
            <Button url="/app" variant="plain">
              Back to the Dashboard
            </Button>
          </InlineStack>
        </BlockStack>
      </Card>
    </Page>
  );
}

export { PageErrorBoundary as ErrorBoundary } from "../components/RouteError";
