import * as z from "zod";
import { idList } from "./form-data";
import { MAX_IMAGES_PER_DECISION } from "./product";

/**
 * The Run page's actions: stop the run, queue its failed products again, take its images off the
 * products, or decide on its results right there (approve / reject, the images shown on the page).
 */
export const runActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.enum(["cancel", "retry", "undo"]) }),
    z.object({ intent: z.enum(["approve", "reject"]), imageIds: idList("choose at least one image", MAX_IMAGES_PER_DECISION, `choose at most ${MAX_IMAGES_PER_DECISION} images at once`) }),
  ],
  { error: 'intent must be "cancel", "retry", "undo", "approve" or "reject"' },
);
export type RunAction = z.output<typeof runActionSchema>;
