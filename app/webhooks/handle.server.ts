import type { ActionFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { authenticate } from "../shopify.server";
import { claimWebhook, releaseWebhook } from "../models/webhook-events.server";

type WebhookContext<T> = { shop: string; topic: string; webhookId: string; payload: T };

/**
 * The one shape of every webhook route: verify the HMAC (authenticate.webhook answers 401 itself),
 * parse the payload with zod, process each webhook id once. Handlers work from the payload alone —
 * `admin` is absent when the shop has no offline session (PITFALLS 6).
 */
export function webhookAction<S extends z.ZodTypeAny>(
  schema: S,
  effect: (ctx: WebhookContext<z.infer<S>>) => Promise<void>,
) {
  return async ({ request }: ActionFunctionArgs) => {
    // No signature at all is as unauthenticated as a wrong one: 401 (the library would say 400).
    if (request.method === "POST" && !request.headers.get("x-shopify-hmac-sha256")) {
      return new Response("Unauthorized: missing X-Shopify-Hmac-Sha256", { status: 401 });
    }
    let context: Awaited<ReturnType<typeof authenticate.webhook>>;
    try {
      // Verifies the HMAC over the raw body (401 when wrong), then parses the body as JSON.
      context = await authenticate.webhook(request);
    } catch (thrown) {
      // A correctly signed body that is not JSON: answer 400 instead of crashing with a 500.
      if (thrown instanceof SyntaxError) return new Response("Invalid webhook body: not JSON", { status: 400 });
      throw thrown;
    }
    const { shop, topic, webhookId, payload } = context;
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => i.path.join(".") || "(body)").join(", ");
      // 400 tells Shopify (and a developer triggering it by hand) the body is not what the topic sends.
      return new Response(`Invalid ${topic} payload: check ${fields}`, { status: 400 });
    }
    const id = webhookId || `${topic}:${request.headers.get("x-shopify-event-id") ?? crypto.randomUUID()}`;
    if (!(await claimWebhook({ id, shop, topic: String(topic) }))) {
      return new Response(null, { status: 200 });
    }
    try {
      await effect({ shop, topic: String(topic), webhookId: id, payload: parsed.data });
    } catch (error) {
      await releaseWebhook(shop, id);
      throw error;
    }
    return new Response(null, { status: 200 });
  };
}
