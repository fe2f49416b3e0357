import { Badge, BlockStack, Box, Card, InlineStack, Link, Text } from "@shopify/polaris";
import { productPath, runPath } from "./paths";
import { When } from "./RunTitle";

export interface AutoTryOnItem {
  id: string;
  productId: string;
  productTitle: string;
  /** "planned" | "skipped" | "capped" */
  status: string;
  runId: string | null;
  reason: string | null;
  at: string;
}

const LABEL: Record<string, { label: string; tone?: "info" | "attention" }> = {
  planned: { label: "Tried on", tone: "info" },
  skipped: { label: "Not needed" },
  capped: { label: "Waiting for tomorrow's limit", tone: "attention" },
};

/** Dashboard: new products tried on by themselves (issue 15.2). Hidden until something ran. */
export function AutoTryOnCard({ items }: { items: AutoTryOnItem[] }) {
  if (!items.length) return null;
  return (
    <Box paddingBlockStart="400">
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Tried on by itself
        </Text>
        <Text as="p" tone="subdued" variant="bodySm">
          New products of collections with "Try on new products" on.
        </Text>
        {items.map((i) => {
          const l = LABEL[i.status] ?? { label: i.status };
          return (
            <BlockStack key={i.id} gap="050">
              <InlineStack align="space-between" blockAlign="center" gap="200">
                <Link url={productPath(i.productId)} removeUnderline>
                  {i.productTitle}
                </Link>
                <Badge tone={l.tone}>{l.label}</Badge>
              </InlineStack>
              <Text as="p" tone="subdued" variant="bodySm">
                <When iso={i.at} />
                {i.runId ? (
                  <>
                    {" · "}
                    <Link url={runPath(i.runId)}>View run</Link>
                  </>
                ) : null}
                {i.reason && i.status !== "planned" ? ` · ${i.reason}` : ""}
              </Text>
            </BlockStack>
          );
        })}
      </BlockStack>
    </Card>
    </Box>
  );
}
