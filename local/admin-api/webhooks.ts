/**
 * Webhooks as Shopify delivers them: `products/create` when a product is created, `products/update`
 * when it is updated (fields, media, variant media) or added to a collection. Each is a POST of the
 * REST product payload with X-Shopify-Topic, X-Shopify-Shop-Domain, X-Shopify-Hmac-Sha256 (base64
 * HMAC-SHA256 of the raw body with the app's API secret), X-Shopify-Webhook-Id, X-Shopify-Event-Id,
 * X-Shopify-Triggered-At and X-Shopify-API-Version. A delivery that gets no 2xx within 5 s is retried
 * (a few times, quickly — Shopify retries 8 times over 4 hours).
 */
import { createHmac, randomUUID } from "node:crypto";
import { mediaStatus } from "./files";
import { defaultVariant, gid, type MediaRecord, type ProductRecord, type Store } from "./store";

export type WebhookTopic = "products/create" | "products/update";

export interface WebhookTarget {
  /** Where to POST: `{topic}` in it is replaced by the topic (products/create); otherwise `/{topic}` is appended. */
  url: string;
  /** The app's API secret (signs X-Shopify-Hmac-Sha256). */
  secret: string;
}

export interface WebhookDelivery {
  id: string;
  topic: WebhookTopic;
  productId: number;
  url: string;
  attempts: number;
  /** HTTP status of the last attempt (0: no answer). */
  status: number;
  delivered: boolean;
}

export interface WebhookOptions {
  store: Store;
  apiVersion: string;
  /** The public URL of a medium's original (REST `src`), or null. */
  imageUrl: (media: MediaRecord) => string | null;
  fetch?: typeof fetch;
  log?: (line: string) => void;
  /** Delays before each retry, ms; default [500, 2000]. */
  retryDelaysMs?: number[];
}

const TIMEOUT_MS = 5_000;
const HISTORY = 500;

/** The product as Shopify's REST Admin API (and so its product webhooks) shows it. */
export function restProduct(store: Store, product: ProductRecord, imageUrl: (media: MediaRecord) => string | null): Record<string, unknown> {
  const ready = product.mediaIds
    .map((id) => store.media.get(id))
    .filter((m): m is MediaRecord => Boolean(m) && mediaStatus(m!) === "READY");
  const variants = product.variants?.length ? product.variants : [defaultVariant(product)];
  const options = product.options?.length ? product.options : [{ id: product.id, name: "Title", values: ["Default Title"] }];
  const images = ready.map((m, i) => ({
    id: m.id,
    alt: m.alt,
    position: i + 1,
    product_id: product.id,
    created_at: m.createdAt,
    updated_at: m.updatedAt,
    admin_graphql_api_id: gid("ProductImage", m.id),
    width: m.width,
    height: m.height,
    src: imageUrl(m),
    variant_ids: variants.filter((v) => v.mediaId === m.id).map((v) => v.id),
  }));
  const status = product.status === "UNLISTED" ? "active" : product.status.toLowerCase();
  return {
    admin_graphql_api_id: gid("Product", product.id),
    body_html: product.descriptionHtml,
    created_at: product.createdAt,
    handle: product.handle,
    id: product.id,
    product_type: product.productType,
    published_at: product.status === "ACTIVE" ? product.createdAt : null,
    template_suffix: null,
    title: product.title,
    updated_at: product.updatedAt,
    vendor: product.vendor,
    status,
    published_scope: "global",
    tags: product.tags.join(", "),
    category: product.category ? { admin_graphql_api_id: product.category.id, name: product.category.name, full_name: product.category.fullName } : null,
    variants: variants.map((v, i) => ({
      admin_graphql_api_id: gid("ProductVariant", v.id),
      barcode: null,
      compare_at_price: null,
      created_at: product.createdAt,
      id: v.id,
      inventory_policy: "deny",
      position: i + 1,
      price: v.price,
      product_id: product.id,
      sku: v.sku,
      taxable: true,
      title: v.title,
      updated_at: product.updatedAt,
      option1: v.selectedOptions[0]?.value ?? null,
      option2: v.selectedOptions[1]?.value ?? null,
      option3: v.selectedOptions[2]?.value ?? null,
      image_id: v.mediaId !== null && ready.some((m) => m.id === v.mediaId) ? v.mediaId : null,
      inventory_quantity: 0,
    })),
    options: options.map((o, i) => ({ name: o.name, id: o.id, product_id: product.id, position: i + 1, values: o.values })),
    images,
    image: images[0] ?? null,
    media: ready.map((m, i) => ({
      id: m.id,
      product_id: product.id,
      position: i + 1,
      created_at: m.createdAt,
      updated_at: m.updatedAt,
      alt: m.alt,
      status: "READY",
      media_content_type: "IMAGE",
      preview_image: { width: m.width, height: m.height, src: imageUrl(m), status: "READY" },
      variant_ids: variants.filter((v) => v.mediaId === m.id).map((v) => v.id),
      admin_graphql_api_id: gid("MediaImage", m.id),
    })),
    variant_gids: variants.map((v) => ({ admin_graphql_api_id: gid("ProductVariant", v.id), updated_at: product.updatedAt })),
    has_variants_that_requires_components: false,
  };
}

export function signWebhook(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

/** Sends product webhooks to the app, after the mutation that caused them has answered. */
export class WebhookDispatcher {
  target: WebhookTarget | null = null;
  /** The latest deliveries, oldest first (tests and the demo read them). */
  readonly deliveries: WebhookDelivery[] = [];
  private pending = 0;
  private readonly idleWaiters: Array<() => void> = [];
  private readonly fetch: typeof fetch;

  constructor(private readonly options: WebhookOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** Sets (or clears) where webhooks go; nothing is sent while there is no target. */
  setTarget(target: WebhookTarget | null): void {
    if (target) {
      const url = new URL(target.url.replace("{topic}", "products/create"));
      if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`The webhook URL must be http(s) (got ${target.url}).`);
      if (!target.secret) throw new Error("Webhooks need the app's API secret to sign them (--api-secret or LOCAL_ADMIN_API_SECRET).");
    }
    this.target = target;
  }

  /** Queues `topic` for a product (its payload is read once the current request has answered). */
  product(topic: WebhookTopic, productId: number): void {
    if (!this.target) return;
    const target = this.target;
    this.pending++;
    setImmediate(() => {
      void this.deliver(target, topic, productId).finally(() => {
        this.pending--;
        if (!this.pending) for (const resolve of this.idleWaiters.splice(0)) resolve();
      });
    });
  }

  /** Resolves once every queued webhook was delivered or given up. */
  idle(): Promise<void> {
    if (!this.pending) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async deliver(target: WebhookTarget, topic: WebhookTopic, productId: number): Promise<void> {
    const { store } = this.options;
    const product = store.products.get(productId);
    if (!product) return;
    const body = JSON.stringify(restProduct(store, product, this.options.imageUrl));
    const url = target.url.includes("{topic}") ? target.url.replace("{topic}", topic) : `${target.url.replace(/\/+$/, "")}/${topic}`;
    const delivery: WebhookDelivery = { id: randomUUID(), topic, productId, url, attempts: 0, status: 0, delivered: false };
    this.deliveries.push(delivery);
    if (this.deliveries.length > HISTORY) this.deliveries.shift();
    const headers = {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Shop-Domain": store.shop.myshopifyDomain,
      "X-Shopify-Hmac-Sha256": signWebhook(body, target.secret),
      "X-Shopify-Webhook-Id": delivery.id,
      "X-Shopify-Event-Id": randomUUID(),
      "X-Shopify-Triggered-At": new Date().toISOString(),
      "X-Shopify-API-Version": this.options.apiVersion,
      "User-Agent": "Shopify-Captain-Hook",
    };
    const delays = [0, ...(this.options.retryDelaysMs ?? [500, 2000])];
    for (const delay of delays) {
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay).unref());
      delivery.attempts++;
      try {
        const response = await this.fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
        await response.body?.cancel().catch(() => {});
        delivery.status = response.status;
        if (response.ok) {
          delivery.delivered = true;
          store.metrics.webhooksDelivered++;
          return;
        }
      } catch {
        delivery.status = 0;
      }
    }
    store.metrics.webhooksFailed++;
    this.options.log?.(`webhook ${topic} for product ${productId} to ${url} failed after ${delivery.attempts} attempts (last status ${delivery.status || "no answer"})`);
  }
}
