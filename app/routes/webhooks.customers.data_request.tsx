import { webhookAction } from "../webhooks/handle.server";
import { customersDataRequestPayload } from "../webhooks/payloads";

/**
 * customers/data_request (compliance): Fitting Room stores no customer data, so there is nothing to
 * report; the request is recorded (WebhookEvent) and answered 200.
 */
export const action = webhookAction(customersDataRequestPayload, async () => {}, { payloadShop: (p) => p.shop_domain });
