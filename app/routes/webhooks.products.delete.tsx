import { webhookAction } from "../webhooks/handle.server";
import { productDeletePayload, productGid } from "../webhooks/payloads";
import { cancelProductJobs, deleteProductRecords } from "../models/jobs.server";

/** products/delete: cancel the product's jobs, drop its settings and try-on records. */
export const action = webhookAction(productDeletePayload, async ({ shop, payload }) => {
  const productId = productGid(payload.id);
  await cancelProductJobs(shop, productId);
  await deleteProductRecords(shop, productId);
});
