import { Prisma } from "@prisma/client";
import prisma from "../db.server";

/**
 * Webhook deliveries by Shopify's webhook id, with the state of their processing:
 *
 *   (none) ──claim──► processing (lease) ──handler ok──► done
 *                         │  └─handler threw──► failed ──redelivery claims──► processing …
 *                         └─lease expired (process killed mid-handler) ──redelivery claims──► processing …
 *
 * A delivery is "processed" only when its handler finished, so a process killed mid-handler, or a
 * handler that fails, leaves it for Shopify's next retry. While a live lease says an attempt may still
 * be running, a redelivery is told to come back later (the caller answers 503), never 200.
 */
export type WebhookStatus = "processing" | "done" | "failed";

export type ClaimOutcome =
  /** This caller runs the handler now. */
  | { kind: "claimed"; attempt: number }
  /** Already handled: answer 200, do nothing. */
  | { kind: "done" }
  /** Another attempt holds a live lease: answer 5xx so Shopify retries after it. */
  | { kind: "busy"; retryAfterSec: number };

const isUniqueViolation = (e: unknown) => e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";

/** Claims a delivery for processing: a new id, a failed one, or one whose lease expired. */
export async function claimWebhook(event: { id: string; shop: string; topic: string }, leaseMs: number): Promise<ClaimOutcome> {
  const now = new Date();
  const leaseExpiresAt = new Date(now.getTime() + leaseMs);
  try {
    await prisma.webhookEvent.create({ data: { ...event, status: "processing", attempts: 1, leaseExpiresAt } });
    return { kind: "claimed", attempt: 1 };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  // Seen before: take it over when it failed or its lease ran out (one conditional update decides
  // between concurrent redeliveries).
  const { count } = await prisma.webhookEvent.updateMany({
    where: { id: event.id, shop: event.shop, OR: [{ status: "failed" }, { status: "processing", OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }] }] },
    data: { status: "processing", attempts: { increment: 1 }, leaseExpiresAt },
  });
  const row = await prisma.webhookEvent.findUnique({ where: { id: event.id } });
  if (count === 1 && row) return { kind: "claimed", attempt: row.attempts };
  if (!row || row.status === "done" || row.shop !== event.shop) return { kind: "done" };
  const left = (row.leaseExpiresAt?.getTime() ?? now.getTime()) - now.getTime();
  return { kind: "busy", retryAfterSec: Math.max(1, Math.ceil(left / 1000)) };
}

/** Keeps the lease of a running handler alive. */
export async function extendWebhookLease(shop: string, id: string, leaseMs: number): Promise<void> {
  await prisma.webhookEvent.updateMany({ where: { id, shop, status: "processing" }, data: { leaseExpiresAt: new Date(Date.now() + leaseMs) } });
}

/** The handler finished: later redeliveries are answered 200 without running it. */
export async function completeWebhook(shop: string, id: string): Promise<void> {
  await prisma.webhookEvent.updateMany({ where: { id, shop }, data: { status: "done", leaseExpiresAt: null, processedAt: new Date(), lastError: null } });
}

/** The handler threw: the next redelivery runs it again. The message is for operators (no payload). */
export async function failWebhook(shop: string, id: string, error: unknown): Promise<void> {
  const message = (error as Error)?.message ?? String(error);
  await prisma.webhookEvent.updateMany({ where: { id, shop }, data: { status: "failed", leaseExpiresAt: null, lastError: message.slice(0, 500) } });
}
