import type { ReactNode } from "react";
import { BlockStack, Box, Text } from "@shopify/polaris";

/** A quiet empty state for cards and tables (Polaris EmptyState wants an illustration we don't ship). */
export function Empty({ heading, children, action }: { heading: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <Box padding="800">
      <BlockStack gap="200" inlineAlign="center">
        <Text as="p" variant="headingMd" alignment="center">
          {heading}
        </Text>
        {children && (
          <Text as="p" tone="subdued" alignment="center">
            {children}
          </Text>
        )}
        {action}
      </BlockStack>
    </Box>
  );
}
