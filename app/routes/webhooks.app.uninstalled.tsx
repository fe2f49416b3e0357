import { webhookAction } from "../webhooks/handle.server";
import { appUninstalledPayload } from "../webhooks/payloads";
import { deleteShopSessions } from "../persistence/shop-data.server";
import { cancelShopJobs } from "../persistence/jobs.server";

/** app/uninstalled: stop the shop's try-on work and forget its sessions (data goes at shop/redact). */
export const action = webhookAction(appUninstalledPayload, async ({ shop }) => {
  await cancelShopJobs(shop);
  await deleteShopSessions(shop);
});
