import { BlockStack, Box, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { ColourSwatches, mayDifferInColour, type ColourCheckView } from "../ColourSwatches";
import { plural } from "../ConfirmModal";

export interface RunReviewGroup {
  jobId: string;
  productTitle: string;
  images: Array<{ id: string; url: string | null; position: number } & ColourCheckView>;
}

/** The run's results waiting for review (the first ones), to approve or reject without leaving the run. */
export function RunReviewCard({
  groups,
  shownIds,
  imagesPending,
  busy,
  decide,
  onRejectShown,
}: {
  groups: RunReviewGroup[];
  shownIds: string[];
  /** All of the run's images waiting for review (more than shown when the run is large). */
  imagesPending: number;
  busy: boolean;
  decide: (intent: "approve" | "reject", imageIds: string[]) => void;
  /** Asks before rejecting every shown result. */
  onRejectShown: () => void;
}) {
  // As in Review, "Approve N shown" covers every shown result; results whose colour may differ carry the
  // mark on their tile, and the bulk button says how many of them it includes.
  const mayDiffer = groups.reduce((n, g) => n + g.images.filter(mayDifferInColour).length, 0);
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <BlockStack gap="050">
            <Text as="h2" variant="headingMd">
              Waiting for your review
            </Text>
            <Text as="p" variant="bodySm" tone="subdued">
              {imagesPending > shownIds.length
                ? `${shownIds.length} of ${imagesPending} shown; the rest are on the Review page.`
                : "Approved images are added to the product in Shopify; rejected ones are never used."}
            </Text>
          </BlockStack>
          <InlineStack gap="200">
            {shownIds.length > 1 && (
              <Button onClick={onRejectShown} disabled={busy}>
                {`Reject ${shownIds.length} shown`}
              </Button>
            )}
            <Button
              variant="primary"
              onClick={() => decide("approve", shownIds)}
              disabled={busy}
              accessibilityLabel={mayDiffer ? `Approve ${shownIds.length} shown, including ${plural(mayDiffer, "result")} whose colour may differ` : undefined}
            >
              {`Approve ${shownIds.length} shown`}
            </Button>
          </InlineStack>
        </InlineStack>
        {mayDiffer > 0 && (
          <span data-testid="run-review-colour-warning">
            <Text as="p" variant="bodySm" tone="caution">
              {mayDiffer === shownIds.length
                ? `${mayDiffer === 1 ? "This result" : `All ${mayDiffer} results`} may differ in colour from your product photo. Compare ${mayDiffer === 1 ? "it" : "them"} before approving.`
                : `${plural(mayDiffer, "result")} of the ${shownIds.length} shown may differ in colour from your product photo; they are marked “Colour may differ” below. “Approve ${shownIds.length} shown” approves them too, so compare them first and reject any that are wrong.`}
            </Text>
          </span>
        )}
        {groups.map((g) => (
          <BlockStack key={g.jobId} gap="200">
            {groups.length > 1 && (
              <Text as="h3" variant="headingSm">
                {g.productTitle}
              </Text>
            )}
            <div className="fr-review-grid" data-testid="run-review-grid">
              {g.images.map((img) => (
                <BlockStack key={img.id} gap="100">
                  {img.url ? (
                    <img
                      src={img.url}
                      alt={`Try-on result ${img.position} for ${g.productTitle}`}
                      style={{ display: "block", width: "100%", aspectRatio: "3 / 4", objectFit: "cover", borderRadius: 10, background: "var(--p-color-bg-surface-secondary)" }}
                    />
                  ) : (
                    <Box minHeight="120px" background="bg-surface-secondary" borderRadius="200" padding="300">
                      <Text as="p" variant="bodySm" tone="subdued">
                        Saving a copy to your Files…
                      </Text>
                    </Box>
                  )}
                  <InlineStack gap="100" wrap={false}>
                    <Button size="slim" variant="primary" onClick={() => decide("approve", [img.id])} disabled={busy} accessibilityLabel={`Approve result ${img.position} for ${g.productTitle}`}>
                      Approve
                    </Button>
                    <Button size="slim" onClick={() => decide("reject", [img.id])} disabled={busy} accessibilityLabel={`Reject result ${img.position} for ${g.productTitle}`}>
                      Reject
                    </Button>
                  </InlineStack>
                  <ColourSwatches check={img} />
                </BlockStack>
              ))}
            </div>
          </BlockStack>
        ))}
      </BlockStack>
    </Card>
  );
}
