import { InlineStack, KeyboardKey, Text } from "@shopify/polaris";

/** The shortcuts Review answers to, in a line. */
export function KeyboardHelp() {
  return (
    <InlineStack gap="150" blockAlign="center" wrap={false}>
      <Text as="span" variant="bodySm" tone="subdued">
        Keyboard:
      </Text>
      <KeyboardKey>J</KeyboardKey>
      <KeyboardKey>K</KeyboardKey>
      <Text as="span" variant="bodySm" tone="subdued">
        move ·
      </Text>
      <KeyboardKey>X</KeyboardKey>
      <Text as="span" variant="bodySm" tone="subdued">
        select ·
      </Text>
      <KeyboardKey>A</KeyboardKey>
      <Text as="span" variant="bodySm" tone="subdued">
        approve ·
      </Text>
      <KeyboardKey>R</KeyboardKey>
      <Text as="span" variant="bodySm" tone="subdued">
        reject
      </Text>
    </InlineStack>
  );
}
