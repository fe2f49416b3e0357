import * as z from "zod";
import { MAX_SELECTION } from "./limits";
import { checkbox, gid, idempotencyKeyField, idList } from "./form-data";

/**
 * "Try on selected" on the Products page (and Generate on a product): intent "estimate" (dry run) or
 * "start", with the products chosen.
 */
export const runStartFormSchema = z.object({
  intent: z.enum(["estimate", "start"], { error: 'intent must be "estimate" or "start"' }),
  productIds: idList("select at least one product", MAX_SELECTION, `select at most ${MAX_SELECTION} products; try on a whole collection for more`).pipe(
    z.array(gid("Product")),
  ),
  force: checkbox,
  idempotencyKey: idempotencyKeyField,
});
export type RunStartForm = z.output<typeof runStartFormSchema>;
