/**
 * The requests the instances get from outside during the chaos: the merchant starting the run, and
 * Shopify delivering signed webhooks throughout. Each goes to a random live instance and is retried when
 * that instance dies mid-request — as the admin UI and Shopify do — so a kill never loses one by itself.
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { TEST_SHOP } from "../../tests/helpers/pipeline-stack";
import type { Instance } from "./instances";

/** The merchant starts the run (collection action → POST /api/runs), retried if that instance dies. */
export async function startRun(pick: () => Instance, collectionId: string): Promise<string> {
  const { adminFetchRequest } = await import("../../tests/helpers/shopify-requests");
  let runId = "";
  for (let attempt = 0; !runId; attempt++) {
    const instance = pick();
    const path = "/api/runs";
    const json = { scope: { type: "collection", collectionId } };
    const request = await adminFetchRequest(path, TEST_SHOP, { json });
    try {
      const response = await fetch(new URL(path, instance.url), { method: "POST", headers: request.headers, body: JSON.stringify(json) });
      if (response.status === 202) runId = ((await response.json()) as { run: { id: string } }).run.id;
      else if (attempt > 5) throw new Error(`POST /api/runs answered ${response.status}: ${await response.text()}`);
    } catch (error) {
      if (attempt > 5) throw error;
      await sleep(1000);
    }
  }
  return runId;
}

export interface WebhookTraffic {
  /** Ids of the webhooks some instance answered 200. */
  delivered: Set<string>;
  /** No new webhooks from now on. */
  stop(): void;
  /** Resolves once every webhook sent was answered 200 (rejects if one never was). */
  done: Promise<void>;
}

/**
 * products/delete webhooks about products outside the run (`outside`), one every 2–4 s until stopped.
 * Shopify retries any non-200 answer: here every second, to a random instance, for up to a minute.
 */
export async function startWebhooks(pick: () => Instance | undefined, outside: string[], random: () => number): Promise<WebhookTraffic> {
  const { webhookRequest } = await import("../../tests/helpers/shopify-requests");
  const delivered = new Set<string>();
  let stopped = false;
  const deliverOne = async () => {
    const id = randomUUID();
    const gid = outside[Math.floor(random() * outside.length)];
    const payload = { id: Number(gid.split("/").pop()) };
    for (let attempt = 0; attempt < 60; attempt++) {
      const target = pick();
      if (!target) {
        await sleep(1000);
        continue;
      }
      const request = webhookRequest("products/delete", TEST_SHOP, payload, { webhookId: id });
      try {
        const response = await fetch(new URL("/webhooks/products/delete", target.url), { method: "POST", headers: request.headers, body: await request.text() });
        if (response.status === 200) {
          delivered.add(id);
          return;
        }
      } catch {
        // the instance died mid-request: Shopify retries
      }
      await sleep(1000);
    }
    throw new Error(`webhook ${id} was never answered 200`);
  };
  const done = (async () => {
    const pending: Promise<void>[] = [];
    while (!stopped) {
      pending.push(deliverOne());
      await sleep(2000 + random() * 2000);
    }
    await Promise.all(pending);
  })();
  return { delivered, stop: () => (stopped = true), done };
}
