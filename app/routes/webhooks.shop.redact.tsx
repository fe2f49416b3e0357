import { webhookAction } from "../webhooks/handle.server";
import { shopRedactPayload } from "../webhooks/payloads";
import { deleteShopData } from "../persistence/shop-data.server";
import { cancelShopJobs } from "../persistence/jobs.server";

/**
 * shop/redact (compliance, 48 hours after uninstall): stop anything still running for the shop, then
 * delete everything Fitting Room stores for it — keeping only the record of this delivery.
 */
export const action = webhookAction(shopRedactPayload, async ({ shop, webhookId }) => {
  await cancelShopJobs(shop);
  await deleteShopData(shop, { keepWebhookId: webhookId });
}, { payloadShop: (p) => p.shop_domain });
