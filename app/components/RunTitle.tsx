import { BlockStack, InlineStack, Text, Badge } from "@shopify/polaris";
import { runStatusLabel } from "./status";

const SCOPE_LABEL: Record<string, string> = { collection: "Collection", product: "Product", selection: "Selected products" };

/** "Collection · Summer dresses" with the run's status and start time. */
export function RunTitle({ run, counts }: { run: { scopeType: string; scopeTitle: string | null; status: string; createdAt: string }; counts?: Record<string, number> }) {
  const status = runStatusLabel(run.status, counts);
  return (
    <BlockStack gap="050">
      <InlineStack gap="200" blockAlign="center">
        <Text as="h3" variant="headingSm">
          {run.scopeTitle ?? SCOPE_LABEL[run.scopeType] ?? run.scopeType}
        </Text>
        <Badge tone={status.tone} progress={status.progress}>
          {status.label}
        </Badge>
      </InlineStack>
      <Text as="p" variant="bodySm" tone="subdued">
        {SCOPE_LABEL[run.scopeType] ?? run.scopeType} · started <When iso={run.createdAt} />
      </Text>
    </BlockStack>
  );
}

/** A time in the merchant's own time zone; the server's rendering may differ, so React is told not to mind. */
export function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} suppressHydrationWarning>
      {formatWhen(iso)}
    </time>
  );
}

/** "today 14:05", "yesterday 09:12" or "3 Nov, 10:00" — stable between server and client (UTC-free, short). */
export function formatWhen(iso: string): string {
  const d = new Date(iso);
  const now = new Date();
  const time = d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  const sameDay = d.toDateString() === now.toDateString();
  if (sameDay) return `today ${time}`;
  const yesterday = new Date(now.getTime() - 86_400_000);
  if (d.toDateString() === yesterday.toDateString()) return `yesterday ${time}`;
  return `${d.toLocaleDateString("en-GB", { day: "numeric", month: "short" })}, ${time}`;
}
