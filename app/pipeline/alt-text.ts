/**
 * Alt text of a try-on image, written for shoppers (screen readers, search), and the words the
 * merchant sees for a job's model and view.
 *
 * "Model wearing the Linen Midi Dress, full-length view. AI-generated try-on image."
 * No codes, no references: which medium is which image is bookkept in the database (TryOnImage.fileId
 * / mediaId), never parsed back out of alt text. The last sentence is the AI disclosure; its wording
 * is a shop setting (ShopSettings.altDisclosure, at most {@link MAX_DISCLOSURE_CHARS} characters).
 */
import { z } from "zod";
import { DEFAULT_ALT_DISCLOSURE, MAX_DISCLOSURE_CHARS } from "../settings/photo-output";
import { VIEW_LABELS } from "../forms/try-on-settings";
import { readJobSettings } from "./job-settings";

export { DEFAULT_ALT_DISCLOSURE, MAX_DISCLOSURE_CHARS };
/** Shopify refuses alt text longer than 512 characters. */
export const MAX_ALT_CHARS = 512;

/** The Settings field: plain text, one line, 1–200 characters. */
export const altDisclosureSchema = z
  .string()
  .trim()
  .min(1, "Enter the sentence that tells shoppers the photo is AI-generated, or leave the default.")
  .max(MAX_DISCLOSURE_CHARS, `Keep the AI disclosure to ${MAX_DISCLOSURE_CHARS} characters or fewer.`)
  .refine((v) => !/[\r\n<>]/.test(v), "Write the AI disclosure as one line of plain text (no line breaks or < >).");

/** How each view reads in shoppers' alt text, and to the merchant (the settings form's own labels). */
export const VIEW_WORDS: Record<string, { alt: string; label: string }> = {
  fullbody: { alt: "full-length view", label: VIEW_LABELS.fullbody },
  halfbody: { alt: "upper-body view", label: VIEW_LABELS.halfbody },
  mixed: { alt: "", label: VIEW_LABELS.mixed },
};

export interface AltTextInput {
  productTitle: string;
  /** fullbody | halfbody | mixed (mixed says nothing: each image is one or the other). */
  viewType: string;
  /** The shop's disclosure sentence; null/empty = {@link DEFAULT_ALT_DISCLOSURE}. */
  disclosure?: string | null;
  /** A colour variant's colour, e.g. "Navy" (said after the title). */
  colour?: string | null;
}

/** "Model wearing the Linen Midi Dress, full-length view. AI-generated try-on image." */
export function altTextFor(input: AltTextInput): string {
  const clean = (s: string) => s.replace(/\s+/g, " ").trim();
  let title = clean(input.productTitle) || "product";
  if (title.length > 150) title = `${title.slice(0, 149)}…`;
  const colour = input.colour ? clean(input.colour).slice(0, 40) : "";
  const what = colour ? `${title} in ${colour}` : title;
  const view = VIEW_WORDS[input.viewType]?.alt ?? "";
  const disclosure = clean(input.disclosure ?? "") || DEFAULT_ALT_DISCLOSURE;
  const first = `Model wearing the ${what}${view ? `, ${view}` : ""}.`;
  const sentence = /[.!?]$/.test(disclosure) ? disclosure : `${disclosure}.`;
  return `${first} ${sentence}`.slice(0, MAX_ALT_CHARS);
}

/** "Full body" for the merchant (as the settings form says it); unknown values are shown as they are. */
export function viewLabel(viewType: string | null | undefined): string {
  if (!viewType) return "";
  return VIEW_WORDS[viewType]?.label ?? viewType;
}

/** "Ariel · Full body" from a job's stored settings summary (JobSettingsSummary JSON). */
export function jobModelLabel(settingsJson: string): string {
  const s = readJobSettings(settingsJson);
  return [s.model, viewLabel(s.viewType)].filter(Boolean).join(" · ");
}

/**
 * The alt text a job's photos get when attached now, from its stored settings summary: what Review
 * and the product page show the merchant before approving (the attach step words it the same way).
 */
export function altTextForJob(job: { productTitle: string; settingsJson: string; colour?: string | null }, disclosure: string | null | undefined): string {
  // An unreadable summary reads as the default view.
  const viewType = readJobSettings(job.settingsJson).viewType ?? "fullbody";
  return altTextFor({ productTitle: job.productTitle, viewType, disclosure, colour: job.colour });
}
