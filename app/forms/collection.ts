import * as z from "zod";
import { checkbox } from "./form-data";
import { SETTING_LABELS, settingsFieldsSchema } from "./try-on-settings";

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
      z.object({ intent: z.literal("start"), force: checkbox }),
    ],
    { error: 'intent must be "save", "clear", "estimate" or "start"' },
  ),
);
export type CollectionForm = z.output<typeof collectionFormSchema>;

export const COLLECTION_LABELS: Record<string, string> = { ...SETTING_LABELS, collectionTitle: "Collection title" };
