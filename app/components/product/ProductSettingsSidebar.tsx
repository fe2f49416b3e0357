import { BlockStack, Button, Card, InlineStack, Select, Text } from "@shopify/polaris";
import { SETTING_LABELS, plainSettingValue } from "../../forms/try-on-settings";
import { ONE_PER_COLOUR_LABEL } from "../../settings/colour";
import { BODY_LABELS, GENDER_LABELS, STYLE_LABELS } from "../model-labels";
import { VIEW_LABELS } from "../TryOnSettingsFields";

const VALUE_LABELS: Record<string, Record<string, string>> = {
  viewType: VIEW_LABELS,
  modelGender: GENDER_LABELS,
  modelBody: BODY_LABELS,
  modelStyle: STYLE_LABELS,
  inputQualityDetect: { "1": "On", "0": "Off" },
  garmentType: { tops: "Tops", dresses: "Dresses", auto: "Auto-detect" },
};
function humanValue(field: string, value: string): string {
  return VALUE_LABELS[field]?.[value] ?? plainSettingValue(value);
}

export interface ColoursView {
  names: string[];
  withImages: string[];
  own: string;
  inherited: boolean;
  inheritedFrom: string;
  effective: boolean;
}

/** "One try-on per colour" for a product with a colour option: inherit, on or off. */
export function ColoursCard({ colours, busy, onChange }: { colours: ColoursView; busy: boolean; onChange: (onePerColour: string) => void }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Colours
        </Text>
        <Select
          label={ONE_PER_COLOUR_LABEL}
          options={[
            { label: `Inherit: ${colours.inherited ? "On" : "Off"} (${colours.inheritedFrom})`, value: "" },
            { label: "On", value: "on" },
            { label: "Off", value: "off" },
          ]}
          value={colours.own}
          disabled={busy}
          onChange={(onePerColour) => onChange(onePerColour)}
          helpText={
            colours.effective
              ? colours.withImages.length >= 2
                ? `Each colour with its own photo gets its own try-on, shown on that colour's variants: ${colours.withImages.join(", ")}.`
                : "Each colour needs a photo of its own (set on its variants in Shopify); until then the product is tried on once."
              : `One try-on for the whole product, from one photo. Colours: ${colours.names.join(", ")}.`
          }
        />
      </BlockStack>
    </Card>
  );
}

export interface EffectiveFieldView {
  field: string;
  value: string;
  source: string;
  sourceShort: string;
  ignored: string | null;
}

interface CollectionRef {
  id: string;
  title: string | null;
}

/** Every setting this product will be tried on with, and where each comes from. */
export function EffectiveSettingsCard({
  effective,
  collection,
  hasOwnSettings,
  editing,
  busy,
  onCustomize,
  onReset,
}: {
  effective: EffectiveFieldView[];
  collection: { applied: CollectionRef | null; ignored: CollectionRef[] };
  hasOwnSettings: boolean;
  editing: boolean;
  busy: boolean;
  onCustomize: () => void;
  onReset: () => void;
}) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Effective settings
          </Text>
          {!editing && (
            <Button variant="plain" onClick={() => onCustomize()}>
              Customize
            </Button>
          )}
        </InlineStack>
        {collection.applied && (
          <Text as="p" variant="bodySm" tone="subdued">
            Collection defaults from {collection.applied.title ?? collection.applied.id}
            {collection.ignored.length ? ` (also in ${collection.ignored.map((c) => c.title ?? c.id).join(", ")}, not used)` : ""}.
          </Text>
        )}
        <BlockStack gap="200">
          {effective.map((f) => (
            <BlockStack key={f.field} gap="0">
              <InlineStack align="space-between" gap="200" wrap={false}>
                <Text as="span" variant="bodySm">
                  {SETTING_LABELS[f.field as keyof typeof SETTING_LABELS] ?? f.field}
                </Text>
                <Text as="span" variant="bodySm" fontWeight="semibold" tone={f.ignored ? "subdued" : undefined}>
                  {humanValue(f.field, f.value)}
                </Text>
              </InlineStack>
              <span title={f.source}>
                <Text as="span" variant="bodySm" tone="subdued">
                  {f.ignored ? "Not used" : f.sourceShort}
                </Text>
              </span>
            </BlockStack>
          ))}
        </BlockStack>
        {hasOwnSettings && !editing && (
          <Button variant="plain" tone="critical" onClick={() => onReset()} disabled={busy}>
            Use inherited settings only
          </Button>
        )}
      </BlockStack>
    </Card>
  );
}
