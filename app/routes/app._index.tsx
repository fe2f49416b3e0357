import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { authenticate } from "../shopify.server";
import { getDashboardSummary } from "../models/dashboard.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return json({ shop: session.shop, summary: await getDashboardSummary(session.shop) });
};

export default function Dashboard() {
  const { shop, summary } = useLoaderData<typeof loader>();
  return (
    <Page>
      <TitleBar title="Fitting Room" />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="h1" variant="headingLg">
              Dashboard
            </Text>
            <Text as="p" tone="subdued">
              Try-on photos for {shop}
            </Text>
            <InlineGrid columns={{ xs: 1, sm: 3 }} gap="400">
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingSm">Active runs</Text>
                  <Text as="p" variant="headingXl">{summary.activeRuns}</Text>
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingSm">Images awaiting review</Text>
                  <Text as="p" variant="headingXl">{summary.imagesAwaitingReview}</Text>
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingSm">Images on products</Text>
                  <Text as="p" variant="headingXl">{summary.imagesAttached}</Text>
                </BlockStack>
              </Card>
            </InlineGrid>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
