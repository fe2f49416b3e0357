import { webhookAction } from "../webhooks/handle.server";
import { productGid, productUpsertPayload } from "../webhooks/payloads";
import { productChanged } from "../read-models/auto-tryon.server";

/**
 * products/update (issue 15.2): when the product is in a collection with "Try on new products" on and has
 * not been tried on by itself there yet, plan its try-on with that collection's defaults.
 */
export const action = webhookAction(productUpsertPayload, async ({ shop, payload }) => {
  await productChanged(shop, productGid(payload.id), "update");
});
