import { webhookAction } from "../webhooks/handle.server";
import { productDeletePayload, productGid } from "../webhooks/payloads";
import { cancelProductJobs, deleteProductRecords } from "../persistence/jobs.server";

/** products/delete: cancel the product's jobs, then drop its settings and try-on records (jobs, images). */
export const action = webhookAction(productDeletePayload, async ({ shop, payload }) => {
  const productId = productGid(payload.id);
  await cancelProductJobs(shop, productId);
  await deleteProductRecords(shop, productId);
});
