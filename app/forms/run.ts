import * as z from "zod";

/** The Run page's actions: stop the run, queue its failed products again, or take its images off the products. */
export const runActionSchema = z.object({
  intent: z.enum(["cancel", "retry", "undo"], { error: 'intent must be "cancel", "retry" or "undo"' }),
});
export type RunAction = z.output<typeof runActionSchema>;
