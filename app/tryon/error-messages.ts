/**
 * What the merchant reads for each try-on failure: plain, specific, and saying what to do next. Kept
 * apart from the classification (errors.ts) so the wording can be reviewed and changed without touching
 * which codes retry; errors.ts picks the message, this file only words it.
 */
import { checkTryOnResolution, TRYON_MAX_SIDE, TRYON_MIN_SIDE_EXCLUSIVE } from "../images/resolution";
import { describeIssues, type FieldIssue } from "./schema";

/**
 * A provider 700 about a field the merchant chose (spec §5: "resMessage will return detailed fields"),
 * in the merchant's words. The model library is the merchant's, at Aidge: the app cannot know its
 * names, so a wrong name is found here, when Aidge answers.
 */
function providerFieldMessage(providerMessage: string | undefined): string | undefined {
  if (!providerMessage) return undefined;
  if (/\bmodel\.name\b/.test(providerMessage)) {
    return "Aidge doesn't know the model name in the try-on settings. Check it against your Aidge model library (names are case-sensitive, such as Ariel), or describe the model by gender, style and body instead.";
  }
  if (/\bmodel\.base\b/.test(providerMessage)) {
    return "Aidge doesn't know the custom model library (scene code) in the advanced try-on settings. Check the scene code Aidge gave you, or leave it empty to use the General library.";
  }
  return undefined;
}

/** 700: our own field issues when we have them, else the provider's field in words, else its text. */
export function invalidInputMessage(fields: FieldIssue[], providerMessage: string | undefined): string {
  const what = fields.length ? describeIssues(fields) : (providerMessage ?? "the request parameters");
  return (fields.length ? undefined : providerFieldMessage(providerMessage)) ?? `The try-on settings are invalid (${what}). Fix the settings and try again.`;
}

/** 701 */
export function imageDownloadMessage(imageUrl: string | undefined): string {
  const url = imageUrl ? ` (${imageUrl})` : "";
  return `The try-on service couldn't download the product image${url}. Make sure the image is public, or pick another image.`;
}

/** 703: the measured size when known, so the merchant sees which side is off. */
export function resolutionMessage(width: number | undefined, height: number | undefined): string {
  const known = width !== undefined && height !== undefined;
  return known
    ? checkTryOnResolution(width!, height!).message
    : `The image resolution is outside try-on's range; try-on needs more than ${TRYON_MIN_SIDE_EXCLUSIVE}×${TRYON_MIN_SIDE_EXCLUSIVE} px and at most ${TRYON_MAX_SIDE}×${TRYON_MAX_SIDE} px. Use another image.`;
}

/** 707 */
export function notFlatLayMessage(reasons: string[] | undefined): string {
  const why = reasons?.length ? ` ${reasons.join(" ")}` : "";
  return `This image is not a complete flat lay.${why || " Use a photo that shows the whole garment laid flat on a plain background."}`;
}

/** 1000 / 1001 / 1002 */
export const CONTENT_MESSAGES: Record<number, string> = {
  1000: "This image was rejected by the content safety check; use another image.",
  1001: "The content safety check failed; we'll try once more. If it fails again, use another image.",
  1002: "The content safety check is unavailable; contact support if this keeps happening.",
};

/** 501 */
export const RATE_LIMITED_MESSAGE = "Try-on is busy right now; your request stays queued and continues automatically.";

/** 500, 801 and codes spec §5 does not list (those name the code, for support). */
export function providerFailureMessage(code: number, providerMessage: string | undefined): string {
  const known = code === 500 || code === 801;
  return code === 801
    ? "Generation failed on the try-on service; we'll try once more, then you can retry later."
    : known
      ? "The try-on service had a problem; we'll retry automatically."
      : `The try-on service failed with code ${code}${providerMessage ? ` (${providerMessage})` : ""}; retry later or contact support.`;
}

/** A gateway code that is not about credentials or quota. */
export function gatewayMessage(code: string, providerMessage: string | undefined): string {
  return `The try-on gateway refused the request (${code}${providerMessage ? `: ${providerMessage}` : ""}).`;
}

export function authMessage(code: string): string {
  return `The try-on service rejected our credentials (${code}). Check the Aidge app key and secret in the app settings, and the server clock.`;
}

export const QUOTA_EXHAUSTED_MESSAGE = "The try-on quota is used up. Buy more Aidge quota (or enable the free trial) and retry.";
export const NETWORK_MESSAGE = "Couldn't reach the try-on service; we'll retry automatically.";
export const TIMEOUT_MESSAGE = "The try-on service did not answer in time; we'll retry automatically.";
export const CONTRACT_MESSAGE = "The try-on service answered in an unexpected format. This is a problem on our side; contact support.";
