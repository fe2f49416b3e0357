import { BlockStack, Checkbox, Text } from "@shopify/polaris";
import { Modal, TitleBar } from "@shopify/app-bridge-react";
import { EstimateSummary, type EstimateView } from "./EstimateSummary";

/**
 * The confirmation before a run starts: App Bridge's modal showing the dry run's estimate, with
 * "Start try-on" as its primary action. `force` offers to regenerate products already done.
 */
export function EstimateModal({
  id,
  title,
  estimate,
  loading,
  error,
  starting,
  force,
  onForceChange,
  onStart,
  onHide,
}: {
  id: string;
  title: string;
  estimate?: EstimateView | null;
  loading: boolean;
  error?: string | null;
  starting: boolean;
  force: boolean;
  onForceChange: (force: boolean) => void;
  onStart: () => void;
  onHide?: () => void;
}) {
  const duplicates = estimate?.skippedCounts.duplicate ?? 0;
  const canStart = Boolean(estimate && !loading && !error && (estimate.productsToGenerate > 0 || (force && duplicates > 0)));
  return (
    <Modal id={id} onHide={onHide}>
      <div style={{ padding: "var(--p-space-400)" }}>
        <BlockStack gap="400">
          <EstimateSummary estimate={estimate} loading={loading} error={error} />
          {duplicates > 0 && !loading && (
            <Checkbox
              label={`Generate again for the ${duplicates} product${duplicates === 1 ? "" : "s"} already done with the same image and settings`}
              checked={force}
              onChange={onForceChange}
            />
          )}
          {force && duplicates > 0 && (
            <Text as="p" variant="bodySm" tone="subdued">
              The estimate above does not include them; they add about {duplicates} × images per product.
            </Text>
          )}
        </BlockStack>
      </div>
      <TitleBar title={title}>
        <button variant="primary" onClick={onStart} disabled={!canStart || starting} loading={starting ? "" : undefined}>
          {starting ? "Starting…" : "Start try-on"}
        </button>
        <button onClick={() => shopify.modal.hide(id)}>Cancel</button>
      </TitleBar>
    </Modal>
  );
}
