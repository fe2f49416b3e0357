import { BlockStack, InlineStack, Text } from "@shopify/polaris";
import { jobStatusLabel } from "./status";

/** Share of a run that no longer needs the runner, 0..100. */
export function settledPercent(settled: number, total: number): number {
  return total > 0 ? Math.round((settled / total) * 100) : 0;
}

const SEGMENTS: Array<{ key: string; states: string[]; className: string; label: string; color: string }> = [
  { key: "attached", states: ["attached"], className: "fr-seg-attached", label: "On product", color: "var(--p-color-bg-fill-success)" },
  { key: "review", states: ["awaiting_review"], className: "fr-seg-review", label: "Needs review", color: "var(--p-color-bg-fill-caution)" },
  { key: "failed", states: ["failed"], className: "fr-seg-failed", label: "Failed", color: "var(--p-color-bg-fill-critical)" },
  { key: "skipped", states: ["skipped"], className: "fr-seg-skipped", label: "Skipped", color: "var(--p-color-bg-fill-warning)" },
  { key: "other", states: ["cancelled", "removed"], className: "fr-seg-other", label: "Cancelled or removed", color: "var(--p-color-icon-secondary)" },
  { key: "moving", states: ["submitting", "polling", "succeeded", "attaching"], className: "fr-seg-moving", label: "Working", color: "var(--p-color-bg-fill-info)" },
];

/**
 * A run's progress as a picture: one bar split by outcome (on product, needs review, failed, working,
 * waiting), the share done, and the count of products in each state.
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
  const percent = settledPercent(settled, total);
  const entries = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => jobStatusLabel(a).order - jobStatusLabel(b).order);
  const segments = SEGMENTS.map((s) => ({ ...s, n: s.states.reduce((sum, st) => sum + (counts[st] ?? 0), 0) })).filter((s) => s.n > 0);
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
      <div className={`fr-progress fr-progress--${size}`} role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label="Run progress">
        {segments.map((s) => (
          <span key={s.key} className={s.className} style={{ width: `${total ? (s.n / total) * 100 : 0}%` }} title={`${s.label}: ${s.n}`} />
        ))}
      </div>
      <InlineStack gap="300" wrap>
        {entries.map(([state, n]) => {
          const seg = SEGMENTS.find((s) => s.states.includes(state));
          return (
            <span key={state} className="fr-legend">
              <span className="fr-dot" style={{ background: seg?.color ?? "var(--p-color-bg-fill-tertiary)" }} aria-hidden="true" />
              <Text as="span" variant="bodySm">
                {jobStatusLabel(state).label}
              </Text>
              <Text as="span" variant="bodySm" fontWeight="semibold">
                {n}
              </Text>
            </span>
          );
        })}
      </InlineStack>
    </BlockStack>
  );
}
