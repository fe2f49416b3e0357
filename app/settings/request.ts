/**
 * One seed request from resolved settings and the chosen garment image, validated by the contract's
 * own schema (app/tryon) so a run never queues a request the provider would answer 700 to.
 */
import { validateTryOnRequest, type TryOnRequest, type TryOnRequestInput, type FieldIssue } from "../tryon/schema";
import type { SettingsValues } from "./fields";

/** The request body for one product (before defaults are applied by the schema). */
export function buildSeedRequest(values: SettingsValues, garmentImageUrl: string): TryOnRequestInput {
  const garment = values.garmentType ? { imageUrl: garmentImageUrl, type: values.garmentType } : { imageUrl: garmentImageUrl };
  const model = values.modelName
    ? { base: values.modelBase, name: values.modelName }
    : { base: values.modelBase, gender: values.modelGender, body: values.modelBody, ...(values.modelStyle ? { style: values.modelStyle } : {}) };
  return {
    clothesList: [garment],
    ...(values.modelImageUrls.length ? { modelImage: values.modelImageUrls } : {}),
    model,
    viewType: values.viewType,
    generateCount: values.generateCount,
    inputQualityDetect: values.inputQualityDetect,
  };
}

export type SeedRequestResult = { ok: true; request: TryOnRequest } | { ok: false; issues: FieldIssue[] };

/** Builds and validates; issues name the request field (e.g. "model.style: must be one of …"). */
export function seedRequestFor(values: SettingsValues, garmentImageUrl: string): SeedRequestResult {
  const v = validateTryOnRequest(buildSeedRequest(values, garmentImageUrl));
  return v.ok ? { ok: true, request: v.value } : { ok: false, issues: v.issues };
}

/** "Ariel" or "female, universal_1, slim" or "3 model photos" — used in alt texts and the UI. */
export function describeModel(values: Pick<SettingsValues, "modelName" | "modelGender" | "modelStyle" | "modelBody" | "modelImageUrls">): string {
  if (values.modelImageUrls.length) return `${values.modelImageUrls.length} model photo${values.modelImageUrls.length === 1 ? "" : "s"}`;
  if (values.modelName) return values.modelName;
  // Words, never the seed's codes (universal_1): "Female model, everyday style, slim".
  const parts = [
    values.modelGender ? `${MODEL_WORDS.gender[values.modelGender] ?? values.modelGender} model` : "Library model",
    values.modelStyle ? `${MODEL_WORDS.style[values.modelStyle] ?? "other"} style` : null,
    values.modelBody ? (MODEL_WORDS.body[values.modelBody] ?? values.modelBody) : null,
  ];
  return parts.filter(Boolean).join(", ");
}

/** The seed's model tags in the words merchants read (app/components/model-labels.ts has the long labels). */
export const MODEL_WORDS = {
  gender: { female: "Female", male: "Male" } as Record<string, string>,
  style: { universal_1: "everyday", universal_2: "street", universal_3: "editorial" } as Record<string, string>,
  body: { slim: "slim", curvy: "curvy" } as Record<string, string>,
};
