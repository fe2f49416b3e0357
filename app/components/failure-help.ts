/**
 * "What to do about it" for each kind of failure, keyed by the code a job records (Aidge business
 * codes from the contract's error table, gateway codes, and the pipeline's own local checks). The
 * job's own message says what happened to that product (for a skip, also that nothing was spent); this
 * says what the merchant can do, and only that: the two are shown together.
 */
export interface FailureHelp {
  /** Short name of the reason, for the group heading. */
  title: string;
  /** One or two sentences: the fix. */
  action: string;
  /** Where the fix is made. */
  where: "product" | "settings" | "collection" | "provider" | "retry";
  /** The product's own message for this code already says what to do: show it, not `action` as well. */
  fixInMessage?: boolean;
}

const HELP: Record<string, FailureHelp> = {
  "700": { title: "Invalid try-on settings", action: "Check the setting the message names (for example the model or the number of images) in Settings, or in the collection's or product's own try-on settings if they change it, save, then retry the failed products.", where: "settings" },
  "701": { title: "Garment image could not be downloaded", action: "Make sure the product image is published and public, or choose another image on the product page, then retry.", where: "product" },
  "703": { title: "Garment image too small or too large", action: "Use a product photo larger than 500×500 px and at most 3000×3000 px, or choose another image on the product page, then retry.", where: "product" },
  "707": { title: "Not a flat-lay photo", action: "Use a photo of the whole garment laid flat on a plain background, or choose another image on the product page.", where: "product" },
  "1000": { title: "Rejected by the content check", action: "Use another product image; this one cannot be used for try-on.", where: "product" },
  "1001": { title: "Content check failed", action: "Retry the failed products; if it fails again, use another image.", where: "retry" },
  "1002": { title: "Content check unavailable", action: "Retry later. If it keeps happening, contact Aidge support with the request id.", where: "provider" },
  "500": { title: "Try-on service error", action: "Retry the failed products later.", where: "retry" },
  "801": { title: "Generation failed", action: "Retry the failed products later.", where: "retry" },
  NoResource: { title: "Try-on quota used up", action: "Buy more Aidge quota or switch on trial mode in Settings, then retry.", where: "settings" },
  NETWORK: { title: "Try-on service unreachable", action: "Check your connection to the try-on service (region in Settings), then retry.", where: "settings" },
  TIMEOUT: { title: "Try-on took too long", action: "Retry the failed products; the service may be busy.", where: "retry" },
  CONTRACT: { title: "Unexpected answer from the try-on service", action: "Retry later and contact support if it continues.", where: "provider" },
  "preflight.no_image": { title: "Product has no photo", action: "Add a flat-lay photo of the garment on a plain background to the product in Shopify, then try it on again.", where: "product" },
  "preflight.too_small": { title: "Photos too small", action: "Upload a photo of the whole garment larger than 500×500 px, then try it on again.", where: "product" },
  "preflight.not_ready": { title: "Photos still processing", action: "Wait a minute for Shopify to finish processing the photos (or upload them again), then retry.", where: "retry" },
  "preflight.only_results": { title: "Only try-on results on the product", action: "Add a flat-lay photo of the garment to the product, then try it on again.", where: "product" },
  // The planner's messages for these two end with the fix ("Fix the settings…", "Replace that photo…").
  "preflight.invalid_settings": { title: "Invalid try-on settings", action: "Check the collection or product settings named in the message, save, then retry.", where: "collection", fixInMessage: true },
  "preflight.colour_image": { title: "A colour's photo can't be used", action: "Replace that colour's photo in Shopify, or turn off “One try-on per colour” for this product, then try it on again.", where: "product", fixInMessage: true },
  NO_IMAGE: { title: "Product has no image", action: "Add a flat-lay photo of the garment to the product in Shopify, then try it on again.", where: "product" },
  NO_SUITABLE_IMAGE: { title: "No suitable garment image", action: "Add a photo of the whole garment laid flat on a plain background, or choose an image yourself on the product page. Each image's own note says what is wrong with it.", where: "product" },
  ATTACH_FAILED: { title: "Could not add the image to the product", action: "Retry; if it fails again, check that the app still has permission to edit products.", where: "retry" },
  DEADLINE: { title: "Try-on took too long", action: "Retry the failed products; the service may be busy.", where: "retry" },
  // Skips the planner explains in full: the message says what to do, if anything (not "retry").
  DUPLICATE: { title: "Already generated", action: "Nothing to fix: these try-on images exist already.", where: "product", fixInMessage: true },
  DAILY_CAP: { title: "Daily image limit reached", action: "Raise the limit in Settings, or try these products again after midnight UTC.", where: "settings", fixInMessage: true },
  NOT_FOUND: { title: "Product deleted", action: "Nothing to do: the product is no longer in the shop.", where: "product" },
  PRODUCT_GONE: { title: "Product deleted", action: "Nothing to do: the product is no longer in the shop.", where: "product" },
};

const AUTH = /Signature|AppKey|Timestamp|Partner|AccessDenied|SignMethod/;

/**
 * What the merchant can do about a failure. Advice fits the reason (issue 17.9): turning off
 * "Reject incomplete flat lays" is suggested only when the check was on for that product
 * (`qualityCheckOn`: the provider answers 707 only when asked to check); size advice only for sizes.
 */
export function failureHelp(code: string | null | undefined, context: { qualityCheckOn?: boolean } = {}): FailureHelp {
  const c = code ?? "";
  if (c === "707" && context.qualityCheckOn) {
    return { ...HELP["707"], action: `${HELP["707"].action} If the photo is fine, turn off “Reject incomplete flat lays” in the collection's or product's settings and retry.` };
  }
  if (HELP[c]) return HELP[c];
  if (AUTH.test(c)) return { title: "Try-on credentials rejected", action: "Check the Aidge app key and secret (and the region) in Settings and use Test connection, then retry.", where: "settings" };
  const upper = c.toUpperCase();
  if (upper.includes("IMAGE") || upper.includes("GARMENT")) return HELP.NO_SUITABLE_IMAGE;
  if (upper.includes("DEADLINE") || upper.includes("TIMEOUT")) return HELP.TIMEOUT;
  // An unknown code is not shown: the job's own message says what happened.
  return { title: "Failed", action: "Open the run to read each product's message, fix what it names, then retry the failed products.", where: "retry" };
}
