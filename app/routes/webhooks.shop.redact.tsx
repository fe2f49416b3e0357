import { webhookAction } from "../webhooks/handle.server";
import { shopRedactPayload } from "../webhooks/payloads";
import { deleteShopData } from "../models/shop-data.server";

/** shop/redact (compliance): delete everything Fitting Room stores for the shop. */
export const action = webhookAction(shopRedactPayload, async ({ shop }) => {
  await deleteShopData(shop);
});
