import { isRouteErrorResponse, useRevalidator, useRouteError } from "@remix-run/react";
import { Banner, BlockStack, Button, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { merchantText } from "../forms/merchant-text";

/**
 * Error boundary for the app's pages: a missing product, collection or run (404) and unexpected errors
 * are shown in plain words inside the app frame (navigation stays), and so is a 429 (the shop's limit of
 * expensive requests, with a Try again button); every other thrown response (the
 * auth library's redirects and re-auth pages) goes to Shopify's boundary, which must render it.
 */
export function PageErrorBoundary() {
  const error = useRouteError();
  const revalidator = useRevalidator();
  if (isRouteErrorResponse(error) && error.status === 429) {
    // The shop's limit of expensive requests (app/extension-api/shop-limiter.server): wait and try again.
    return (
      <Page>
        <TitleBar title="Busy" />
        <Banner tone="warning" title="Fitting Room is busy with your store's requests">
          <BlockStack gap="200">
            <Text as="p">{typeof error.data === "string" && error.data ? error.data : "Wait a few seconds and try again."}</Text>
            <Button onClick={() => revalidator.revalidate()} loading={revalidator.state === "loading"}>
              Try again
            </Button>
          </BlockStack>
        </Banner>
      </Page>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Page>
        <TitleBar title="Not found" />
        <Banner tone="warning" title="We couldn't find that">
          <BlockStack gap="200">
            <Text as="p">{typeof error.data === "string" && error.data ? merchantText(error.data, "It may have been deleted.") : "It may have been deleted."}</Text>
            <Button url="/app">Back to the Dashboard</Button>
          </BlockStack>
        </Banner>
      </Page>
    );
  }
  if (error instanceof Error) {
    return (
      <Page>
        <TitleBar title="Something went wrong" />
        <Banner tone="critical" title="This page could not be shown">
          <BlockStack gap="200">
            <Text as="p">{merchantText(error.message, "Something went wrong on our side.")}</Text>
            <Text as="p" tone="subdued">
              Reload the page to try again. If it keeps happening, contact support with the time it happened.
            </Text>
          </BlockStack>
        </Banner>
      </Page>
    );
  }
  return boundary.error(error);
}
