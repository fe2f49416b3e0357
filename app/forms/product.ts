import * as z from "zod";
import { checkbox, idempotencyKeyField, idList } from "./form-data";
import { SETTING_LABELS, settingsFieldsSchema } from "./try-on-settings";
import { ONE_PER_COLOUR_LABEL, onePerColourField } from "../settings/colour";

/**
 * The Product page's form. Intents: choose the garment image ("" = let Fitting Room choose), save or
 * reset this product's own settings, estimate and generate, and decide on results (approve = add to the
 * product, reject, remove = take an attached image off the product again).
 */
const mediaId = z
  .string()
  .trim()
  .max(100, "must be one of the product's images, or empty to let Fitting Room choose")
  .refine((v) => v === "" || /^gid:\/\/shopify\/\w+\/\d+$/.test(v), "must be one of the product's images, or empty to let Fitting Room choose");

/** Most images one approve/reject/remove decision takes (the review page's bulk limit too). */
export const MAX_IMAGES_PER_DECISION = 500;

export const productFormSchema = z.preprocess(
  (input) => ({ ...(input as object), settings: input }),
  z.discriminatedUnion(
    "intent",
    [
      z.object({ intent: z.literal("chooseGarment"), garmentMediaId: mediaId }),
      z.object({ intent: z.literal("saveSettings"), settings: settingsFieldsSchema }),
      z.object({ intent: z.literal("resetSettings") }),
      /** "One try-on per colour" for this product (issue 15.1); "" = as its collection says. */
      z.object({ intent: z.literal("colours"), onePerColour: onePerColourField }),
      z.object({ intent: z.literal("estimate") }),
      z.object({ intent: z.literal("generate"), force: checkbox, idempotencyKey: idempotencyKeyField }),
      z.object({ intent: z.enum(["approve", "reject", "remove"]), imageIds: idList("choose at least one image", MAX_IMAGES_PER_DECISION, `choose at most ${MAX_IMAGES_PER_DECISION} images at once`) }),
      z.object({ intent: z.literal("removeAll") }),
    ],
    { error: "unknown action" },
  ),
);
export type ProductForm = z.output<typeof productFormSchema>;
export const PRODUCT_LABELS: Record<string, string> = { ...SETTING_LABELS, garmentMediaId: "Garment image", imageIds: "Images", onePerColour: ONE_PER_COLOUR_LABEL };
