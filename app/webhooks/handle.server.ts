import type { ActionFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { authenticate } from "../shopify.server";
import { claimWebhook, completeWebhook, extendWebhookLease, failWebhook } from "../persistence/webhook-events.server";

type WebhookContext<T> = { shop: string; topic: string; webhookId: string; payload: T };

export interface WebhookOptions<T> {
  /**
   * The shop the payload itself names (compliance topics carry `shop_domain`). It must be the shop
   * whose request was HMAC-verified, or the delivery is refused: one shop's signed request never acts
   * on another shop's data.
   */
  payloadShop?: (payload: T) => string;
}

/**
 * How long one attempt owns a delivery, ms. A redelivery within it gets 503 (the attempt may still be
 * running); after it (the process was killed) the redelivery runs the handler. The lease is renewed
 * while the handler runs, so a slow but live handler keeps it. Shopify waits 5 s per delivery, then
 * retries with backoff, so a killed attempt is taken over at one of the next retries.
 */
export const WEBHOOK_LEASE_MS = 30_000;

/**
 * The one shape of every webhook route: verify the HMAC (authenticate.webhook answers 401 itself),
 * parse the payload with zod, process each webhook id to completion once. Handlers work from the
 * payload alone — `admin` is absent when the shop has no offline session (PITFALLS 6) — and must be
 * idempotent: an attempt killed mid-handler is run again by a redelivery.
 */
export function webhookAction<S extends z.ZodTypeAny>(
  schema: S,
  effect: (ctx: WebhookContext<z.infer<S>>) => Promise<void>,
  options: WebhookOptions<z.infer<S>> = {},
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
    if (options.payloadShop) {
      const named = options.payloadShop(parsed.data).trim().toLowerCase();
      if (named !== shop.toLowerCase()) {
        return new Response(`Invalid ${topic} payload: shop_domain "${named}" is not the shop that signed this webhook (${shop}).`, { status: 400 });
      }
    }
    const id = webhookId || `${topic}:${request.headers.get("x-shopify-event-id") ?? crypto.randomUUID()}`;
    const claim = await claimWebhook({ id, shop, topic: String(topic) }, WEBHOOK_LEASE_MS);
    if (claim.kind === "done") return new Response(null, { status: 200 });
    if (claim.kind === "busy") {
      // An earlier attempt may still be running: whether it worked is not known yet, so not 200.
      return new Response("This webhook is being processed; retry later.", { status: 503, headers: { "Retry-After": String(claim.retryAfterSec) } });
    }
    const heartbeat = setInterval(() => void extendWebhookLease(shop, id, WEBHOOK_LEASE_MS).catch(() => undefined), WEBHOOK_LEASE_MS / 3);
    try {
      await effect({ shop, topic: String(topic), webhookId: id, payload: parsed.data });
    } catch (error) {
      clearInterval(heartbeat);
      await failWebhook(shop, id, error).catch(() => undefined);
      throw error;
    }
    clearInterval(heartbeat);
    await completeWebhook(shop, id);
    return new Response(null, { status: 200 });
  };
}
