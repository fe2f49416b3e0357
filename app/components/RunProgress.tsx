import { BlockStack, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { jobStatusLabel } from "./status";
import { JobStatusBadge } from "./JobStatusBadge";

/** Share of a run that no longer needs the runner, 0..100. */
export function settledPercent(settled: number, total: number): number {
  return total > 0 ? Math.round((settled / total) * 100) : 0;
}

/**
 * A run's progress: a bar (products that reached review, the product page, or failed) and the count of
 * products in each state, in pipeline order.
 */
export function RunProgress({
  counts,
  settled,
  total,
  planning,
  size = "medium",
}: {
  counts: Record<string, number>;
  settled: number;
  total: number;
  /** Still walking the collection: the total grows. */
  planning?: boolean;
  size?: "small" | "medium" | "large";
}) {
  const entries = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => jobStatusLabel(a).order - jobStatusLabel(b).order);
  const percent = settledPercent(settled, total);
  const failed = counts.failed ?? 0;
  return (
    <BlockStack gap="200">
      <InlineStack align="space-between" blockAlign="center">
        <Text as="span" variant="bodySm" tone="subdued">
          {settled} of {total} product{total === 1 ? "" : "s"} done{planning ? " so far (still adding products)" : ""}
        </Text>
        <Text as="span" variant="bodySm" fontWeight="semibold">
          {percent}%
        </Text>
      </InlineStack>
      <div role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label="Run progress">
        <ProgressBar progress={percent} size={size} tone={failed > 0 && settled === total ? "critical" : failed > 0 ? "highlight" : "primary"} animated={settled < total} />
      </div>
      <InlineStack gap="150" wrap>
        {entries.map(([state, n]) => (
          <InlineStack key={state} gap="100" blockAlign="center" wrap={false}>
            <JobStatusBadge state={state} />
            <Text as="span" variant="bodySm" fontWeight="medium">
              {n}
            </Text>
          </InlineStack>
        ))}
      </InlineStack>
    </BlockStack>
  );
}
