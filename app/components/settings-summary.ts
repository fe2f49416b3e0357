import type { SettingsPatch } from "../settings/fields";
import { VIEW_LABELS as VIEW } from "../forms/try-on-settings";
const BODY: Record<string, string> = { slim: "slim", curvy: "curvy" };

/**
 * One line for a settings level, e.g. "Ariel · Half body · 2 images per product · quality check on".
 * Empty string when the level sets nothing (it inherits everything).
 */
export function summarizeSettings(patch: SettingsPatch): string {
  const parts: string[] = [];
  const photos = patch.modelImageUrls?.length ?? 0;
  if (photos) parts.push(`${photos} own model photo${photos === 1 ? "" : "s"}`);
  else if (patch.modelName) parts.push(patch.modelName);
  else if (patch.modelGender || patch.modelBody || patch.modelStyle) {
    parts.push([patch.modelGender, patch.modelBody ? BODY[patch.modelBody] : null, patch.modelStyle?.replace("universal_", "style ")].filter(Boolean).join(", "));
  }
  if (patch.viewType) parts.push(VIEW[patch.viewType] ?? patch.viewType);
  if (patch.generateCount && !photos) parts.push(`${patch.generateCount} image${patch.generateCount === 1 ? "" : "s"} per product`);
  if (patch.garmentType) parts.push(patch.garmentType === "dresses" ? "as dresses" : "as tops");
  if (patch.inputQualityDetect === 1) parts.push("quality check on");
  if (patch.inputQualityDetect === 0) parts.push("quality check off");
  if (patch.modelBase && patch.modelBase !== "General") parts.push(`library ${patch.modelBase}`);
  return parts.join(" · ");
}
