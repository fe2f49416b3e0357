import { Banner, BlockStack, Box, Divider, InlineGrid, InlineStack, List, Spinner, Text } from "@shopify/polaris";
import { failureHelp } from "./failure-help";

/** The dry run's answer as pages receive it (app/pipeline/start-run.server.ts RunEstimate). */
export interface EstimateView {
  products: number;
  productsToGenerate: number;
  imagesToGenerate: number;
  skippedCounts: Record<string, number>;
  skipped: Array<{ productId: string; title: string; kind: string; code: string; reason: string }>;
  dailyCap: { cap: number; usedToday: number; remaining: number } | null;
}

const KIND_TITLE: Record<string, string> = {
  duplicate: "Already generated with the same image and settings",
  daily_cap: "Over today's image cap",
  not_found: "No longer in the shop",
  unusable: "Can't be tried on",
};

function Figure({ label, value }: { label: string; value: number | string }) {
  return (
    <Box padding="300" background="bg-surface-secondary" borderRadius="200">
      <BlockStack gap="100">
        <Text as="span" variant="bodySm" tone="subdued">
          {label}
        </Text>
        <Text as="span" variant="headingLg">
          {value}
        </Text>
      </BlockStack>
    </Box>
  );
}

/**
 * What a run will cost before it starts: products, images (the quota it uses), and the products that
 * will be skipped, grouped by reason with what to do.
 */
export function EstimateSummary({ estimate, loading, error }: { estimate?: EstimateView | null; loading?: boolean; error?: string | null }) {
  if (error) {
    return (
      <Banner tone="critical" title="The estimate failed">
        <p>{error}</p>
      </Banner>
    );
  }
  if (loading || !estimate) {
    return (
      <InlineStack gap="200" blockAlign="center">
        <Spinner size="small" accessibilityLabel="Estimating" />
        <Text as="span" tone="subdued">
          Checking every product's image and settings…
        </Text>
      </InlineStack>
    );
  }
  const groups = new Map<string, EstimateView["skipped"]>();
  for (const s of estimate.skipped) {
    const key = s.kind === "unusable" ? `unusable:${s.code}` : s.kind;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const skippedTotal = Object.values(estimate.skippedCounts).reduce((a, b) => a + b, 0);
  return (
    <BlockStack gap="400">
      <InlineGrid columns={3} gap="300">
        <Figure label="Products to try on" value={estimate.productsToGenerate} />
        <Figure label="Images to generate" value={estimate.imagesToGenerate} />
        <Figure label="Skipped" value={skippedTotal} />
      </InlineGrid>
      <div data-testid="estimate-sentence">
      <Text as="p" tone="subdued">
        {estimate.productsToGenerate === 0
          ? "Nothing will be generated."
          : `${estimate.imagesToGenerate} image${estimate.imagesToGenerate === 1 ? "" : "s"} will be generated for ${estimate.productsToGenerate} of ${estimate.products} product${estimate.products === 1 ? "" : "s"}; each image uses one unit of your try-on quota.`}
        {estimate.dailyCap ? ` Today's cap: ${estimate.dailyCap.usedToday} of ${estimate.dailyCap.cap} used, ${estimate.dailyCap.remaining} left.` : ""}
      </Text>
      </div>
      {groups.size > 0 && (
        <BlockStack gap="300">
          <Divider />
          {[...groups.entries()].map(([key, items]) => {
            const help = key.startsWith("unusable:") ? failureHelp(key.slice("unusable:".length)) : null;
            return (
              <BlockStack key={key} gap="100">
                <Text as="h3" variant="headingSm">
                  {help ? help.title : (KIND_TITLE[key] ?? key)} ({items.length})
                </Text>
                <List type="bullet">
                  {items.slice(0, 5).map((s) => (
                    <List.Item key={s.productId}>
                      <Text as="span" fontWeight="medium">
                        {s.title}
                      </Text>
                      {" — "}
                      {s.reason}
                    </List.Item>
                  ))}
                  {items.length > 5 && <List.Item>and {items.length - 5} more</List.Item>}
                </List>
                {help && (
                  <Text as="p" variant="bodySm" tone="subdued">
                    What to do: {help.action}
                  </Text>
                )}
              </BlockStack>
            );
          })}
        </BlockStack>
      )}
    </BlockStack>
  );
}
