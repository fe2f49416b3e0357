import * as z from "zod";
import { idList } from "./form-data";

const imageId = z.string().max(64, "must be image ids of at most 64 characters");

/**
 * Review decisions, per image or in bulk: approve (the runner adds them to the product) or reject.
 * `leadImageIds` (approve only): the photos the merchant picked to lead their product's images
 * (issue 15.5), at most one per product; each must be among the images approved.
 */
export const reviewFormSchema = z
  .object({
    intent: z.enum(["approve", "reject"], { error: 'intent must be "approve" or "reject"' }),
    imageIds: idList("select at least one image", 500, "decide on at most 500 images at once").pipe(z.array(imageId)),
    leadImageIds: z
      .preprocess(
        (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : typeof v === "string" ? v.split(/[\s,]+/).filter(Boolean) : v),
        z.array(imageId, { error: "must be a list of image ids" }).max(500, "must be at most 500 images"),
      )
      .optional(),
  })
  .superRefine((form, ctx) => {
    const leads = form.leadImageIds ?? [];
    if (!leads.length) return;
    if (form.intent !== "approve") ctx.addIssue({ code: "custom", path: ["leadImageIds"], message: "can only be chosen when approving" });
    else if (leads.some((id) => !form.imageIds.includes(id))) ctx.addIssue({ code: "custom", path: ["leadImageIds"], message: "must be among the photos being approved" });
  });
export type ReviewForm = z.output<typeof reviewFormSchema>;
