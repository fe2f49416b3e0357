import { Badge, Box, Button, InlineStack, Text } from "@shopify/polaris";
import { ColourSwatches, type ColourCheckView } from "../ColourSwatches";

export interface ReviewImageView extends ColourCheckView {
  id: string;
  url: string | null;
  position: number;
  width: number | null;
  height: number | null;
}

/**
 * One result in Review: a checkbox tile (click, Enter, X or Space selects it; the page moves focus
 * between tiles with J/K), its size, and ✕ / ✓ to decide it alone.
 */
export function ReviewTile({
  img,
  productTitle,
  isSelected,
  isFocused,
  lead,
  busy,
  registerTile,
  onFocus,
  onToggle,
  onReject,
  onApprove,
}: {
  img: ReviewImageView;
  productTitle: string;
  isSelected: boolean;
  isFocused: boolean;
  /** The merchant picked this photo to lead the product's photos. */
  lead: boolean;
  busy: boolean;
  registerTile: (el: HTMLDivElement | null) => void;
  onFocus: () => void;
  onToggle: () => void;
  onReject: () => void;
  onApprove: () => void;
}) {
  return (
    <div style={{ minWidth: 0 }}>
      <div
        ref={registerTile}
        role="checkbox"
        aria-checked={isSelected}
        aria-label={`Result ${img.position} for ${productTitle}`}
        tabIndex={isFocused ? 0 : -1}
        data-testid="review-tile"
        onFocus={onFocus}
        onClick={() => {
          onFocus();
          onToggle();
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            onToggle();
          }
        }}
        style={{
          position: "relative",
          cursor: "pointer",
          borderRadius: 14,
          padding: 3,
          outline: "none",
          boxShadow: isSelected ? "0 0 0 3px var(--p-color-border-emphasis)" : isFocused ? "0 0 0 2px var(--p-color-border-focus)" : "none",
          transition: "box-shadow .1s",
        }}
      >
        {img.url ? (
          <img src={img.url} alt="" style={{ display: "block", width: "100%", aspectRatio: "3 / 4", objectFit: "cover", borderRadius: 11, background: "var(--p-color-bg-surface-secondary)" }} />
        ) : (
          <SavingCopy />
        )}
        <span
          aria-hidden="true"
          style={{
            position: "absolute",
            top: 11,
            left: 11,
            width: 20,
            height: 20,
            borderRadius: 6,
            background: isSelected ? "var(--p-color-bg-fill-brand)" : "rgba(255,255,255,.9)",
            border: "1px solid var(--p-color-border)",
            color: "#fff",
            display: "grid",
            placeItems: "center",
            fontSize: 13,
          }}
        >
          {isSelected ? "✓" : ""}
        </span>
        {lead && (
          <span style={{ position: "absolute", top: 9, right: 9 }}>
            <Badge tone="info">Lead photo</Badge>
          </span>
        )}
      </div>
      <Box paddingBlockStart="100" paddingInline="100">
        <InlineStack align="space-between" blockAlign="center" wrap={false}>
          <Text as="span" variant="bodySm" tone="subdued">
            #{img.position}
            {img.width && img.height ? ` · ${img.width}×${img.height}` : ""}
          </Text>
          <InlineStack gap="100" wrap={false}>
            <Button size="micro" accessibilityLabel={`Reject result ${img.position} for ${productTitle}`} onClick={onReject} disabled={busy}>
              ✕
            </Button>
            <Button size="micro" variant="primary" accessibilityLabel={`Approve result ${img.position} for ${productTitle}`} onClick={onApprove} disabled={busy}>
              ✓
            </Button>
          </InlineStack>
        </InlineStack>
        <ColourSwatches check={img} />
      </Box>
    </div>
  );
}

/** A result whose copy in the shop's Files is still being made: a placeholder the size of the photo. */
function SavingCopy() {
  return (
    <div style={{ display: "flex", alignItems: "center", justifyContent: "center", width: "100%", aspectRatio: "3 / 4", borderRadius: 11, background: "var(--p-color-bg-surface-secondary)", padding: 12, textAlign: "center" }}>
      <Text as="span" variant="bodySm" tone="subdued">
        Saving a copy to your Files…
      </Text>
    </div>
  );
}
