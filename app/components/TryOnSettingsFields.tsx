import { useState, type ReactNode } from "react";
import { BlockStack, Box, Card, ChoiceList, Collapsible, FormLayout, InlineGrid, Link, Select, Text, TextField } from "@shopify/polaris";
import { MODEL_BODIES, MODEL_GENDERS, MODEL_STYLES, VIEW_TYPES } from "../tryon/schema";
import type { SettingField } from "../settings/fields";
import { VIEW_LABELS, plainSettingValue, type SettingsFormValues } from "../forms/try-on-settings";
import type { FieldErrors } from "../forms/form-data";
import { DOCUMENTED_MODEL_NAMES } from "../tryon/model-names";
import { BODY_LABELS, GENDER_LABELS, STYLE_LABELS } from "./model-labels";

/** What a field resolves to when left empty at this level, and where that comes from. */
export type InheritedValues = Record<SettingField, { value: string; source: string }>;

export type ModelMode = "inherit" | "library" | "describe" | "photos";

export { VIEW_LABELS };
const QUALITY_LABELS: Record<string, string> = { "1": "Reject incomplete flat lays", "0": "Don't check" };
const GARMENT_LABELS: Record<string, string> = { tops: "Tops", dresses: "Dresses (and jumpsuits, long coats)" };

export function modelModeOf(v: SettingsFormValues): ModelMode {
  if (v.modelImageUrls.trim()) return "photos";
  if (v.modelName) return "library";
  if (v.modelGender || v.modelStyle || v.modelBody) return "describe";
  return "inherit";
}

/** The values actually submitted for a model mode (switching mode clears the other mode's fields). */
export function submittedValues(v: SettingsFormValues, mode: ModelMode): SettingsFormValues {
  const out = { ...v };
  if (mode !== "library") out.modelName = "";
  if (mode !== "describe") {
    out.modelGender = "";
    out.modelStyle = "";
    out.modelBody = "";
  }
  if (mode !== "photos") out.modelImageUrls = "";
  return out;
}

function inheritOption(level: string, inherited: { value: string; source: string }, labels?: Record<string, string>) {
  const shown = labels?.[inherited.value] ?? plainSettingValue(inherited.value);
  return { label: inheritLabel(level, shown, inherited.source), value: "" };
}

/** The "leave empty" option of a field: "Built-in default: 4" in Settings, "Inherit: 4 (shop defaults)" below it. */
function inheritLabel(level: string, shown: string, source: string): string {
  return level === "shop" ? `Built-in default: ${shown}` : `Inherit: ${shown} (${source})`;
}

/**
 * The seed parameters a merchant can set at one level (shop, collection or product). Empty = inherit,
 * and every field says what it inherits and from where. Renders hidden inputs named after the fields,
 * so the surrounding <Form> submits exactly what the settings schema validates.
 */
export function TryOnSettingsFields({
  level,
  values,
  onChange,
  inherited,
  errors = {},
  modelPhotos,
  mode,
  onModeChange,
}: {
  level: "shop" | "collection" | "product";
  values: SettingsFormValues;
  onChange: (next: SettingsFormValues) => void;
  inherited: InheritedValues;
  errors?: FieldErrors;
  /** The own-photos editor (collection level); omit to hide that choice. */
  modelPhotos?: ReactNode;
  mode: ModelMode;
  onModeChange: (mode: ModelMode) => void;
}) {
  const [advanced, setAdvanced] = useState(Boolean(values.modelBase));
  const set = (field: SettingField) => (value: string) => onChange({ ...values, [field]: value });
  const submitted = submittedValues(values, mode);
  const inheritedModel = inherited.modelImageUrls.value && inherited.modelImageUrls.value !== "none"
    ? `${inherited.modelImageUrls.value.split(/\s+/).length} own model photos`
    : inherited.modelName.value && inherited.modelName.value !== "auto"
      ? `${inherited.modelName.value} from your Aidge model library`
      : `${GENDER_LABELS[inherited.modelGender.value] ?? inherited.modelGender.value}, ${BODY_LABELS[inherited.modelBody.value] ?? inherited.modelBody.value}${inherited.modelStyle.value && inherited.modelStyle.value !== "auto" ? `, ${STYLE_LABELS[inherited.modelStyle.value] ?? inherited.modelStyle.value}` : ""}`;
  const inheritedModelSource = inherited.modelImageUrls.value && inherited.modelImageUrls.value !== "none" ? inherited.modelImageUrls.source : inherited.modelName.value && inherited.modelName.value !== "auto" ? inherited.modelName.source : inherited.modelGender.source;

  const modeChoices = [
    { label: inheritLabel(level, inheritedModel, inheritedModelSource), value: "inherit" },
    { label: "Describe the model", value: "describe", helpText: "Gender, style and body; Aidge picks a matching model." },
    { label: "A model from your Aidge model library", value: "library", helpText: "Type the model's name; gender, style and body come with it." },
    ...(modelPhotos ? [{ label: "Your own model photos", value: "photos", helpText: "Up to 8 photos of your models; each photo gives one image." }] : []),
  ];

  return (
    <BlockStack gap="400">
      {Object.entries(submitted).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Card>
        <BlockStack gap="400">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              Model
            </Text>
            <Text as="p" tone="subdued">
              Who wears the garment in the try-on photos.
            </Text>
          </BlockStack>
          <ChoiceList title="Model" titleHidden choices={modeChoices} selected={[mode]} onChange={(s) => onModeChange(s[0] as ModelMode)} />
          {mode === "library" && (
            <TextField
              label="Model name"
              value={values.modelName}
              onChange={(name) => onChange({ ...values, modelName: name })}
              autoComplete="off"
              maxLength={100}
              placeholder={`e.g. ${DOCUMENTED_MODEL_NAMES[0]}`}
              helpText={`The name exactly as it appears in your Aidge model library (Aidge's documentation uses ${DOCUMENTED_MODEL_NAMES.join(" and ")} as examples). If Aidge doesn't know the name, the try-on stops and says so.`}
              error={errors.modelName}
            />
          )}
          {mode === "describe" && (
            <FormLayout>
              <FormLayout.Group condensed>
                <Select
                  label="Gender"
                  options={[inheritOption(level, inherited.modelGender, GENDER_LABELS), ...MODEL_GENDERS.map((g) => ({ label: GENDER_LABELS[g], value: g }))]}
                  value={values.modelGender}
                  onChange={set("modelGender")}
                  error={errors.modelGender}
                />
                <Select
                  label="Style"
                  options={[inheritOption(level, inherited.modelStyle, STYLE_LABELS), ...MODEL_STYLES.map((s) => ({ label: STYLE_LABELS[s], value: s }))]}
                  value={values.modelStyle}
                  onChange={set("modelStyle")}
                  error={errors.modelStyle}
                />
                <Select
                  label="Body"
                  options={[inheritOption(level, inherited.modelBody, BODY_LABELS), ...MODEL_BODIES.map((b) => ({ label: BODY_LABELS[b], value: b }))]}
                  value={values.modelBody}
                  onChange={set("modelBody")}
                  error={errors.modelBody}
                />
              </FormLayout.Group>
            </FormLayout>
          )}
          {mode === "photos" && modelPhotos}
          {errors.modelImageUrls && (
            <Text as="p" tone="critical">
              {errors.modelImageUrls}
            </Text>
          )}
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="400">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              Photos
            </Text>
            <Text as="p" tone="subdued">
              What each product gets.
            </Text>
          </BlockStack>
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
            <Select
              label="View"
              options={[inheritOption(level, inherited.viewType, VIEW_LABELS), ...VIEW_TYPES.map((v) => ({ label: VIEW_LABELS[v], value: v }))]}
              value={values.viewType}
              onChange={set("viewType")}
              error={errors.viewType}
            />
            <Select
              label="Images per product"
              options={[inheritOption(level, inherited.generateCount), ...Array.from({ length: 8 }, (_, i) => ({ label: String(i + 1), value: String(i + 1) }))]}
              value={values.generateCount}
              onChange={set("generateCount")}
              error={errors.generateCount}
              disabled={mode === "photos"}
              helpText={mode === "photos" ? "With own model photos, each photo gives one image." : "More images don't use more quota: Aidge counts one call per product (or colour) tried on, whatever the number of images."}
            />
            <Select
              label="Flat-lay quality check"
              options={[inheritOption(level, inherited.inputQualityDetect, QUALITY_LABELS), { label: QUALITY_LABELS["1"], value: "1" }, { label: QUALITY_LABELS["0"], value: "0" }]}
              value={values.inputQualityDetect}
              onChange={set("inputQualityDetect")}
              error={errors.inputQualityDetect}
              helpText="When on, the service refuses photos that are not a complete flat lay instead of generating poor results."
            />
            <Select
              label="Garment type"
              options={[
                level === "shop"
                  ? { label: "Detect from each product", value: "" }
                  : { label: inheritLabel(level, GARMENT_LABELS[inherited.garmentType.value] ?? "Detect from each product", inherited.garmentType.source), value: "" },
                { label: GARMENT_LABELS.tops, value: "tops" },
                { label: GARMENT_LABELS.dresses, value: "dresses" },
              ]}
              value={values.garmentType}
              onChange={set("garmentType")}
              error={errors.garmentType}
              helpText="Products are sorted automatically from their category, type, tags and title; set this to decide for all of them."
            />
          </InlineGrid>
          <Box>
            <Link onClick={() => setAdvanced((a) => !a)} removeUnderline>
              {advanced ? "Hide advanced" : "Advanced: custom model library"}
            </Link>
          </Box>
          <Collapsible id={`advanced-${level}`} open={advanced}>
            <TextField
              label="Model library (scene code)"
              value={values.modelBase}
              onChange={set("modelBase")}
              autoComplete="off"
              placeholder={inherited.modelBase.value || "General"}
              helpText={`Empty uses ${inherited.modelBase.value || "General"} (${inherited.modelBase.source}). Aidge gives business customers a scene code for a custom library.`}
              error={errors.modelBase}
            />
          </Collapsible>
        </BlockStack>
      </Card>
    </BlockStack>
  );
}
