import * as z from "zod";
import { checkbox } from "./form-data";
import { SETTING_LABELS, settingsFieldsSchema } from "./try-on-settings";
import { DEFAULT_ALT_DISCLOSURE, DISCLOSURE_FORBIDDEN, MAX_DISCLOSURE_CHARS, PLACEMENT_LABELS, PLACEMENTS } from "../settings/photo-output";

/**
 * The Settings page's form: provider credentials, region, trial mode, shop defaults, auto-approve and
 * the daily image cap (intent "save"), and "Test connection" (intent "test") with the credentials as
 * typed — an empty secret means "the saved one".
 */
const appKey = z
  .string()
  .trim()
  .max(64, "must be at most 64 characters")
  .regex(/^[^\s]*$/, "must not contain spaces; copy the App Key from the Aidge console");
const secret = z.string().trim().max(256, "must be at most 256 characters").default("");
/**
 * The AI disclosure sentence ending every result's alt text (issue 15.4). Empty or only spaces means
 * the default wording (stored as null), so a merchant can always go back to it by clearing the field.
 * Absent (an older form) leaves the saved wording unchanged.
 */
export const altDisclosureField = z
  .string({ error: "must be text" })
  .max(MAX_DISCLOSURE_CHARS * 4, `must be at most ${MAX_DISCLOSURE_CHARS} characters`)
  .transform((v) => v.replace(/[ \t]+/g, " ").trim())
  .pipe(
    z
      .string()
      .max(MAX_DISCLOSURE_CHARS, `must be at most ${MAX_DISCLOSURE_CHARS} characters (it ends the alt text of every try-on photo)`)
      .refine((v) => !DISCLOSURE_FORBIDDEN.test(v), "must be one line of plain text, without line breaks or the characters < and >"),
  )
  .transform((v) => (v === "" ? null : v))
  .optional();
export const ALT_DISCLOSURE_HELP = `Ends the alt text of every try-on photo, so shoppers and search engines know the photo is AI-generated. Leave empty for the default: “${DEFAULT_ALT_DISCLOSURE}” One line, at most ${MAX_DISCLOSURE_CHARS} characters.`;

/** Where approved photos go (issue 15.5); absent leaves the saved choice unchanged. */
export const placementField = z
  .enum(PLACEMENTS, { error: `must be “${PLACEMENT_LABELS.after}” or “${PLACEMENT_LABELS.first}”` })
  .optional();

const region = z.enum(["global", "cn"], { error: 'must be "global" (api.aidc-ai.com) or "cn" (cn-api.aidc-ai.com)' });

const saveSchema = z.object({
  intent: z.literal("save"),
  providerAppKey: appKey,
  providerSecret: secret,
  clearSecret: checkbox,
  region,
  trial: checkbox,
  autoApprove: checkbox,
  altDisclosure: altDisclosureField,
  placement: placementField,
  dailyImageCap: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? null : typeof v === "string" ? Number(v) : v),
    // Range before wholeness: 99999999999999999999 reads "too large", not "not a whole number" (issue 17.9).
    z
      .number({ error: "must be a whole number of images, or empty for no cap" })
      .min(1, "must be at least 1 (leave empty for no cap)")
      .max(100_000, "is too large: at most 100000 images a day")
      .int("must be a whole number of images")
      .nullable(),
  ),
  settings: settingsFieldsSchema,
});

const testSchema = z.object({
  intent: z.literal("test"),
  providerAppKey: appKey.min(1, "is required to test the connection"),
  providerSecret: secret,
  region,
  trial: checkbox,
});

/** "Disconnect": removes the saved App key and secret (an explicit action, confirmed first; issue 17.3). */
const disconnectSchema = z.object({ intent: z.literal("disconnect") });

/** Keeps the settings fields under `settings` so both parts validate in one schema. */
export const shopSettingsFormSchema = z.preprocess(
  (input) => ({ ...(input as object), settings: input }),
  z.discriminatedUnion("intent", [saveSchema, testSchema, disconnectSchema], { error: 'intent must be "save", "test" or "disconnect"' }),
);
export type ShopSettingsForm = z.output<typeof shopSettingsFormSchema>;

export const SHOP_SETTINGS_LABELS: Record<string, string> = {
  providerAppKey: "App key",
  providerSecret: "App secret",
  region: "Region",
  dailyImageCap: "Daily image cap",
  altDisclosure: "AI disclosure in alt text",
  placement: "Where approved photos go",
  ...SETTING_LABELS,
};
