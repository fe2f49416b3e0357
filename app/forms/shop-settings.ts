import * as z from "zod";
import { checkbox } from "./form-data";
import { SETTING_LABELS, settingsFieldsSchema } from "./try-on-settings";

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
const region = z.enum(["global", "cn"], { error: 'must be "global" (api.aidc-ai.com) or "cn" (cn-api.aidc-ai.com)' });

const saveSchema = z.object({
  intent: z.literal("save"),
  providerAppKey: appKey,
  providerSecret: secret,
  clearSecret: checkbox,
  region,
  trial: checkbox,
  autoApprove: checkbox,
  dailyImageCap: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? null : typeof v === "string" ? Number(v) : v),
    z
      .number({ error: "must be a whole number of images, or empty for no cap" })
      .int("must be a whole number of images")
      .min(1, "must be at least 1 (leave empty for no cap)")
      .max(100_000, "must be at most 100000")
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

/** Keeps the settings fields under `settings` so both parts validate in one schema. */
export const shopSettingsFormSchema = z.preprocess(
  (input) => ({ ...(input as object), settings: input }),
  z.discriminatedUnion("intent", [saveSchema, testSchema], { error: 'intent must be "save" or "test"' }),
);
export type ShopSettingsForm = z.output<typeof shopSettingsFormSchema>;

export const SHOP_SETTINGS_LABELS: Record<string, string> = {
  providerAppKey: "App key",
  providerSecret: "App secret",
  region: "Region",
  dailyImageCap: "Daily image cap",
  ...SETTING_LABELS,
};
