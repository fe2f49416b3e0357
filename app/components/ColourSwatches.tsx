import { Badge, BlockStack, InlineStack, Text } from "@shopify/polaris";

export interface ColourCheckView {
  colourCheck: string | null;
  colourDeltaE: number | null;
  sourceColour: string | null;
  resultColour: string | null;
}

const HEX = /^#[0-9a-f]{6}$/i;

function Swatch({ colour, label }: { colour: string; label: string }) {
  return (
    <BlockStack gap="050" inlineAlign="center">
      <span
        role="img"
        aria-label={`${label}: ${colour}`}
        title={`${label} ${colour}`}
        style={{ display: "block", width: 28, height: 28, borderRadius: 6, background: colour, border: "1px solid var(--p-color-border)" }}
      />
      <Text as="span" variant="bodyXs" tone="subdued">
        {label}
      </Text>
    </BlockStack>
  );
}

/** Whether a result carries the "Colour may differ" mark (a "differs" verdict with both swatches known). */
export function mayDifferInColour(check: ColourCheckView): boolean {
  return check.colourCheck === "differs" && !!check.sourceColour && !!check.resultColour && HEX.test(check.sourceColour) && HEX.test(check.resultColour);
}

/**
 * The colour-fidelity verdict of one result (issue 15.3): "Colour may differ" with the flat lay's garment
 * colour and the result's side by side. Renders nothing for results whose colour matched or was not checked.
 */
export function ColourSwatches({ check }: { check: ColourCheckView }) {
  if (!mayDifferInColour(check) || !check.sourceColour || !check.resultColour) return null;
  return (
    <BlockStack gap="100">
      <Badge tone="warning">Colour may differ</Badge>
      <InlineStack gap="200" blockAlign="start" wrap={false}>
        <Swatch colour={check.sourceColour} label="Garment" />
        <Swatch colour={check.resultColour} label="Photo" />
      </InlineStack>
      <Text as="p" variant="bodyXs" tone="subdued">
        The garment in this photo looks a different shade from your product photo. Compare before approving.
      </Text>
    </BlockStack>
  );
}
