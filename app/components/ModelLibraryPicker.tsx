import { BlockStack, Box, InlineGrid, InlineStack, Text, Tag } from "@shopify/polaris";
import { GENERAL_MODEL_LIBRARY } from "../tryon/model-library";
import { ModelAvatar } from "./ModelAvatar";

export const STYLE_LABELS: Record<string, string> = {
  universal_1: "Style 1 · everyday",
  universal_2: "Style 2 · street",
  universal_3: "Style 3 · editorial",
};
export const BODY_LABELS: Record<string, string> = { slim: "Slim", curvy: "Curvy (plus-size)" };
export const GENDER_LABELS: Record<string, string> = { female: "Female", male: "Male" };

/**
 * The "General" model library as cards (portrait, name, tags); a radio group so it works with the
 * keyboard (arrow keys move, the chosen card is outlined).
 */
export function ModelLibraryPicker({ value, onChange }: { value: string; onChange: (name: string) => void }) {
  return (
    <div role="radiogroup" aria-label="Library model">
      <InlineGrid columns={{ xs: 2, sm: 3, md: 4 }} gap="300">
        {GENERAL_MODEL_LIBRARY.map((m) => {
          const selected = m.name === value;
          const id = `model-${m.name}`;
          return (
            <label key={m.name} htmlFor={id} aria-label={`${m.name}: ${GENDER_LABELS[m.gender]}, ${BODY_LABELS[m.body]}, ${STYLE_LABELS[m.style] ?? m.style}`} className="fr-model-card" style={{ cursor: "pointer" }} data-testid={`library-model-${m.name}`}>
              <Box
                padding="200"
                borderRadius="300"
                borderWidth={selected ? "050" : "025"}
                borderColor={selected ? "border-emphasis" : "border"}
                background={selected ? "bg-surface-selected" : "bg-surface"}
              >
                <BlockStack gap="150" inlineAlign="start">
                  <InlineStack gap="200" blockAlign="center" wrap={false}>
                    <input
                      id={id}
                      type="radio"
                      name="library-model-choice"
                      value={m.name}
                      checked={selected}
                      onChange={() => onChange(m.name)}
                      style={{ position: "absolute", opacity: 0, width: 1, height: 1 }}
                    />
                    <ModelAvatar palette={m.palette} body={m.body} gender={m.gender} size={48} />
                    <BlockStack gap="050">
                      <Text as="span" variant="headingSm">
                        {m.name}
                      </Text>
                      <Text as="span" variant="bodySm" tone="subdued">
                        {GENDER_LABELS[m.gender]} · {BODY_LABELS[m.body]}
                      </Text>
                    </BlockStack>
                  </InlineStack>
                  <Text as="p" variant="bodySm" tone="subdued">
                    {m.description}
                  </Text>
                  <InlineStack gap="100">
                    <Tag size="large">{STYLE_LABELS[m.style] ?? m.style}</Tag>
                  </InlineStack>
                </BlockStack>
              </Box>
            </label>
          );
        })}
      </InlineGrid>
    </div>
  );
}
