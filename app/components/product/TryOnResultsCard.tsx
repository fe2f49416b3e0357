import { Badge, BlockStack, Box, Button, Card, InlineGrid, InlineStack, Text } from "@shopify/polaris";
import { ColourSwatches, type ColourCheckView } from "../ColourSwatches";
import { Empty } from "../Empty";
import { When } from "../RunTitle";
import { merchantText } from "../../forms/merchant-text";

export interface ResultView extends ColourCheckView {
  id: string;
  url: string | null;
  altText: string;
  review: string;
  attachState: string;
  createdAt: string;
  lead: boolean;
  errorMessage: string | null;
  /** The colour this result tried on (one try-on per colour); null = the whole product. */
  colour: string | null;
}

const REVIEW_LABEL: Record<string, { label: string; tone?: "success" | "attention" | "critical" | "info" }> = {
  pending: { label: "Needs review", tone: "attention" },
  approved: { label: "Approved", tone: "info" },
  rejected: { label: "Rejected" },
};

/** Results grouped by colour: the product's colours first (in its order), then other colours, then the product as a whole. */
export function groupByColour<R extends { colour: string | null }>(results: R[], order: string[]): Array<{ colour: string | null; results: R[] }> {
  if (!results.some((r) => r.colour !== null)) return [{ colour: null, results }];
  const groups = new Map<string | null, R[]>();
  for (const r of results) groups.set(r.colour, [...(groups.get(r.colour) ?? []), r]);
  const rank = (c: string | null) => (c === null ? Number.MAX_SAFE_INTEGER : order.includes(c) ? order.indexOf(c) : order.length);
  return [...groups.entries()].sort((a, b) => rank(a[0]) - rank(b[0])).map(([colour, list]) => ({ colour: colour ?? (groups.size > 1 ? "Whole product" : null), results: list }));
}

function resultStatus(r: { review: string; attachState: string }) {
  if (r.attachState === "attached") return { label: "On product", tone: "success" as const };
  if (r.attachState === "attaching") return { label: "Adding…", tone: "info" as const };
  if (r.attachState === "removed") return { label: "Removed" };
  if (r.attachState === "failed") return { label: "Couldn't add", tone: "critical" as const };
  if (r.review === "approved") return { label: "Approved — adding soon", tone: "info" as const };
  return REVIEW_LABEL[r.review] ?? { label: r.review };
}

/** The product's try-on results, by colour (issue 15.1), each with its review or attach state and actions. */
export function TryOnResultsCard({
  results,
  productTitle,
  colourNames,
  busy,
  onDecide,
  onRemove,
}: {
  results: ResultView[];
  /** Names the product in each button's accessible label ("Approve result 2 for Linen Midi Dress"). */
  productTitle: string;
  colourNames: string[];
  busy: boolean;
  onDecide: (intent: "approve" | "reject", imageIds: string[]) => void;
  /** Asks to take images off the product ("all" = every try-on image on it). */
  onRemove: (imageIds: string[] | "all") => void;
}) {
  const pendingReview = results.some((r) => r.review === "pending" && r.attachState === "stored");
  const attachedCount = results.filter((r) => r.attachState === "attached").length;
  const resultGroups = groupByColour(results, colourNames);
  // Results are numbered in the order shown (across colours and runs), so each button's label is unique.
  const shownOrder = new Map(resultGroups.flatMap((g) => g.results).map((r, i) => [r.id, i + 1]));
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Try-on results
          </Text>
          <InlineStack gap="200">
            {pendingReview && (
              <Button
                variant="primary"
                onClick={() => onDecide("approve", results.filter((r) => r.review === "pending" && r.attachState === "stored").map((r) => r.id))}
                disabled={busy}
              >
                Approve all new
              </Button>
            )}
            {attachedCount > 0 && (
              <Button tone="critical" onClick={() => onRemove("all")} disabled={busy}>
                {`Remove ${attachedCount} from product`}
              </Button>
            )}
          </InlineStack>
        </InlineStack>
        {results.length === 0 ? (
          <Empty heading="No try-on photos yet">Generate try-on photos to see them here before they go on the product.</Empty>
        ) : (
          <BlockStack gap="400">
            {resultGroups.map((group) => (
              <BlockStack key={group.colour ?? ""} gap="200">
                {group.colour !== null && (
                  <span data-testid="result-colour">
                    <Text as="h3" variant="headingSm">
                      {group.colour}
                    </Text>
                  </span>
                )}
          <InlineGrid columns={{ xs: 2, sm: 3, md: 4 }} gap="300">
            {group.results.map((r) => {
              const status = resultStatus(r);
              const which = `result ${shownOrder.get(r.id)}`;
              return (
                <BlockStack key={r.id} gap="150">
                  {r.url ? (
<img
                    src={r.url}
                    alt={r.altText}
                    style={{ width: "100%", aspectRatio: "3 / 4", objectFit: "cover", borderRadius: 10, background: "var(--p-color-bg-surface-secondary)", opacity: r.review === "rejected" || r.attachState === "removed" ? 0.45 : 1 }}
                  />
                  ) : (
                    <Box minHeight="120px" background="bg-surface-secondary" borderRadius="200" padding="300">
                      <Text as="p" variant="bodySm" tone="subdued">
                        {r.review === "rejected" || r.attachState === "removed" ? "Photo deleted from your Files." : "Saving a copy to your Files…"}
                      </Text>
                    </Box>
                  )}
                  <InlineStack align="space-between" blockAlign="center">
                    <Badge tone={status.tone}>{status.label}</Badge>
                    <Text as="span" variant="bodySm" tone="subdued">
                      <When iso={r.createdAt} />
                    </Text>
                  </InlineStack>
                  {r.lead && r.attachState === "attached" && <Badge tone="info">Lead photo</Badge>}
                  {r.review !== "rejected" && r.attachState !== "removed" && (
                    <Text as="p" variant="bodySm" tone="subdued">
                      <span data-testid="result-alt-text">{`Alt text: ${r.altText}`}</span>
                    </Text>
                  )}
                  {r.review === "pending" && r.attachState === "stored" && <ColourSwatches check={r} />}
                  {r.review === "pending" && r.attachState === "stored" && (
                    <InlineStack gap="100">
                      <Button size="slim" variant="primary" onClick={() => onDecide("approve", [r.id])} disabled={busy} accessibilityLabel={`Approve ${which} for ${productTitle}`}>
                        Approve
                      </Button>
                      <Button size="slim" onClick={() => onDecide("reject", [r.id])} disabled={busy} accessibilityLabel={`Reject ${which} for ${productTitle}`}>
                        Reject
                      </Button>
                    </InlineStack>
                  )}
                  {r.attachState === "attached" && (
                    <Button size="slim" tone="critical" variant="plain" onClick={() => onRemove([r.id])} disabled={busy} accessibilityLabel={`Remove ${which} from ${productTitle}`}>
                      Remove
                    </Button>
                  )}
                  {r.errorMessage && (
                    <Text as="p" variant="bodySm" tone="critical">
                      {merchantText(r.errorMessage, "This image could not be added to the product.")}
                    </Text>
                  )}
                </BlockStack>
              );
            })}
          </InlineGrid>
              </BlockStack>
            ))}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
