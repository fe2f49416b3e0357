import type { ReactNode } from "react";
import { BlockStack, Text } from "@shopify/polaris";
import { Modal, TitleBar } from "@shopify/app-bridge-react";
import { hideModal } from "./app-bridge";

/**
 * "Are you sure?" before an action that removes or loses something (issue 17.2): App Bridge's modal
 * stating what will happen, with the action as a critical primary button and Cancel. Open it with
 * `showModal(id)`; the action runs only from the modal's button, and the modal closes itself.
 */
export function ConfirmModal({
  id,
  title,
  children,
  confirmLabel,
  onConfirm,
  busy = false,
  destructive = true,
}: {
  id: string;
  title: string;
  /** What will be removed or lost, in the merchant's words (counts included). */
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  busy?: boolean;
  destructive?: boolean;
}) {
  return (
    <Modal id={id}>
      <div style={{ padding: "var(--p-space-400)" }} data-testid={`confirm-${id}`}>
        <BlockStack gap="200">{typeof children === "string" ? <Text as="p">{children}</Text> : children}</BlockStack>
      </div>
      <TitleBar title={title}>
        <button
          variant="primary"
          {...(destructive ? { tone: "critical" as const } : {})}
          disabled={busy}
          onClick={() => {
            onConfirm();
            hideModal(id);
          }}
        >
          {confirmLabel}
        </button>
        <button onClick={() => hideModal(id)}>Cancel</button>
      </TitleBar>
    </Modal>
  );
}

/** "1 image" / "27 images". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
