import * as z from "zod";
import { checkbox, idempotencyKeyField } from "./form-data";
import { SETTING_LABELS, settingsFieldsSchema } from "./try-on-settings";
import { PLACEMENT_LABELS, PLACEMENTS } from "../settings/photo-output";
import { ONE_PER_COLOUR_LABEL, onePerColourField } from "../settings/colour";

/**
 * The Collection page's form. Intents: "save" (the collection's try-on defaults), "clear" (inherit
 * everything again), "estimate" (dry run of "Try on the whole collection"), "start" (the run itself,
 * `force` to regenerate products already done with the same image and settings).
 */
export const collectionFormSchema = z.preprocess(
  (input) => ({ ...(input as object), settings: input }),
  z.discriminatedUnion(
    "intent",
    [
      z.object({
        intent: z.literal("save"),
        settings: settingsFieldsSchema,
        /** The collection's title as the page showed it, kept for the run list (Shopify allows 255 characters). */
        collectionTitle: z.string().trim().max(255, "must be at most 255 characters").optional(),
      }),
      z.object({ intent: z.literal("clear") }),
      z.object({ intent: z.literal("estimate") }),
      z.object({ intent: z.literal("start"), force: checkbox, idempotencyKey: idempotencyKeyField }),
      /** "Try on new products" (issue 15.2), saved on its own. */
      /** Where approved photos go for this collection's products (issue 15.5); "" = same as the shop. */
      z.object({
        intent: z.literal("placement"),
        placement: z
          .union([z.literal(""), z.enum(PLACEMENTS)], { error: `must be “Inherit”, “${PLACEMENT_LABELS.after}” or “${PLACEMENT_LABELS.first}”` })
          .transform((v) => (v === "" ? null : v)),
        collectionTitle: z.string().trim().max(255, "must be at most 255 characters").optional(),
      }),
      /** "One try-on per colour" for this collection's products (issue 15.1); "" = the default (on). */
      z.object({
        intent: z.literal("colours"),
        onePerColour: onePerColourField,
        collectionTitle: z.string().trim().max(255, "must be at most 255 characters").optional(),
      }),
      z.object({
        intent: z.literal("autoNew"),
        tryOnNewProducts: checkbox,
        collectionTitle: z.string().trim().max(255, "must be at most 255 characters").optional(),
      }),
    ],
    { error: 'intent must be "save", "clear", "estimate", "start", "placement", "colours" or "autoNew"' },
  ),
);
export type CollectionForm = z.output<typeof collectionFormSchema>;

export const COLLECTION_LABELS: Record<string, string> = { ...SETTING_LABELS, collectionTitle: "Collection title", placement: "Where approved photos go", onePerColour: ONE_PER_COLOUR_LABEL };
