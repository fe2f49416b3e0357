import { Banner, BlockStack, Box, Divider, InlineGrid, InlineStack, List, Spinner, Text } from "@shopify/polaris";
import { failureHelp } from "./failure-help";

/** The dry run's answer as pages receive it (app/pipeline/start-run.server.ts RunEstimate). */
export interface EstimateView {
  products: number;
  productsToGenerate: number;
  /** Try-ons to send (one per product, or per colour for products tried on per colour); absent = productsToGenerate. */
  tryOnsToGenerate?: number;
  /** Of those, one per colour of a product with colour variants. */
  coloursToGenerate?: number;
  imagesToGenerate: number;
  skippedCounts: Record<string, number>;
  skipped: Array<{ productId: string; title: string; kind: string; code: string; reason: string }>;
  dailyCap: { cap: number; usedToday: number; remaining: number } | null;
  /** Products sent although none of their photos looks like a flat lay (try-on may refuse them). */
  mayBeRefused?: number;
  /** Products whose photos are checked while the run plans (the flag above may still grow). */
  unjudged?: number;
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
  const tryOns = estimate.tryOnsToGenerate ?? estimate.productsToGenerate;
  const colours = estimate.coloursToGenerate ?? 0;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return (
    <BlockStack gap="400">
      <InlineGrid columns={{ xs: 2, sm: 4 }} gap="300">
        <Figure label={colours ? "Products and colours to try on" : "Products to try on"} value={tryOns} />
        <Figure label="Images to generate" value={estimate.imagesToGenerate} />
        <Figure label="Quota used" value={plural(tryOns, "call")} />
        <Figure label="Skipped" value={skippedTotal} />
      </InlineGrid>
      <div data-testid="estimate-sentence">
      <Text as="p" tone="subdued">
        {estimate.productsToGenerate === 0
          ? "Nothing will be generated."
          : colours
            ? `${plural(estimate.imagesToGenerate, "image")} will be generated for ${estimate.productsToGenerate} of ${plural(estimate.products, "product")}: products with colour variants are tried on once per colour (${plural(colours, "colour")}). Aidge counts quota in calls: one call per product or colour, whatever the number of images, so this uses ${plural(tryOns, "call")}.`
            : `${estimate.imagesToGenerate} image${estimate.imagesToGenerate === 1 ? "" : "s"} will be generated for ${estimate.productsToGenerate} of ${estimate.products} product${estimate.products === 1 ? "" : "s"}. Aidge counts quota in calls: one call per product, whatever the number of images, so this uses ${estimate.productsToGenerate} call${estimate.productsToGenerate === 1 ? "" : "s"}.`}
        {estimate.dailyCap ? ` Today's cap: ${estimate.dailyCap.usedToday} of ${estimate.dailyCap.cap} used, ${estimate.dailyCap.remaining} left.` : ""}
      </Text>
      {estimate.mayBeRefused ? (
        <Text as="p" tone="caution">
          {`${estimate.mayBeRefused} product${estimate.mayBeRefused === 1 ? "" : "s"} may be refused as not a flat lay: none of their photos looks like a garment laid flat on a plain background, so the closest one will be sent.`}
        </Text>
      ) : null}
      {estimate.unjudged ? (
        <Text as="p" tone="subdued">
          {`The photos of ${estimate.unjudged} product${estimate.unjudged === 1 ? "" : "s"} are checked for a flat lay once the run starts; the other figures are final.`}
        </Text>
      ) : null}
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
                    <List.Item key={`${s.productId}:${s.title}`}>
                      <Text as="span" fontWeight="medium">
                        {s.title}
                      </Text>
                      {" — "}
                      {s.reason}
                    </List.Item>
                  ))}
                  {items.length > 5 && <List.Item>and {items.length - 5} more</List.Item>}
                </List>
                {help && !help.fixInMessage && (
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
