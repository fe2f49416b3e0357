import * as z from "zod";
import { checkbox, gid, idList } from "./form-data";

/**
 * "Try on selected" on the Products page (and Generate on a product): intent "estimate" (dry run) or
 * "start", with the products chosen.
 */
export const runStartFormSchema = z.object({
  intent: z.enum(["estimate", "start"], { error: 'intent must be "estimate" or "start"' }),
  productIds: idList("select at least one product").pipe(
    z.array(gid("Product")).max(250, "select at most 250 products; try on a whole collection for more"),
  ),
  force: checkbox,
});
export type RunStartForm = z.output<typeof runStartFormSchema>;
