import { webhookAction } from "../webhooks/handle.server";
import { customersRedactPayload } from "../webhooks/payloads";

/** customers/redact (compliance): no customer data is stored; recorded and answered 200. */
export const action = webhookAction(customersRedactPayload, async () => {}, { payloadShop: (p) => p.shop_domain });
