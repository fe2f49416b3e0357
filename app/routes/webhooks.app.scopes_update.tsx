import { webhookAction } from "../webhooks/handle.server";
import { scopesUpdatePayload } from "../webhooks/payloads";
import { updateSessionScopes } from "../persistence/shop-data.server";

/** app/scopes_update: keep the stored sessions' scopes in step with what the shop granted. */
export const action = webhookAction(scopesUpdatePayload, async ({ shop, payload }) => {
  await updateSessionScopes(shop, payload.current);
});
