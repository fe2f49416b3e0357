import * as z from "zod";
import { idList } from "./form-data";

/** Review decisions, per image or in bulk: approve (the runner adds them to the product) or reject. */
export const reviewFormSchema = z.object({
  intent: z.enum(["approve", "reject"], { error: 'intent must be "approve" or "reject"' }),
  imageIds: idList("select at least one image", 500, "decide on at most 500 images at once").pipe(z.array(z.string().max(64, "must be image ids of at most 64 characters"))),
});
export type ReviewForm = z.output<typeof reviewFormSchema>;
