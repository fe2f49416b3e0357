import { BlockStack, Card, InlineStack, Link, Text } from "@shopify/polaris";
import { JobStatusBadge } from "../JobStatusBadge";
import { runPath } from "../paths";
import { When } from "../RunTitle";
import { merchantText } from "../../forms/merchant-text";

export interface HistoryEntryView {
  id: string;
  runId: string;
  state: string;
  createdAt: string;
  imagesGenerated: number;
  imagesAttached: number;
  errorMessage: string | null;
  model: string | null;
}

/** The product's try-on jobs, newest first, each linking to its run. */
export function ProductHistoryCard({ history }: { history: HistoryEntryView[] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          History
        </Text>
        {history.length === 0 ? (
          <Text as="p" tone="subdued">
            No runs yet.
          </Text>
        ) : (
          history.map((h) => (
            <BlockStack key={h.id} gap="100">
              <InlineStack gap="200" blockAlign="center">
                <JobStatusBadge state={h.state} />
                <Link url={runPath(h.runId)} removeUnderline>
                  <When iso={h.createdAt} />
                </Link>
                <Text as="span" variant="bodySm" tone="subdued">
                  {[h.model, `${h.imagesGenerated} made`, `${h.imagesAttached} on product`].filter(Boolean).join(" · ")}
                </Text>
              </InlineStack>
              {h.errorMessage && (
                <Text as="p" variant="bodySm" tone={h.state === "failed" ? "critical" : "subdued"}>
                  {merchantText(h.errorMessage, "This try-on did not finish.")}
                </Text>
              )}
            </BlockStack>
          ))
        )}
      </BlockStack>
    </Card>
  );
}
