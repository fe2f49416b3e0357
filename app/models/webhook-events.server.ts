import { Prisma } from "@prisma/client";
import prisma from "../db.server";

/**
 * Records a webhook delivery by Shopify's webhook id. Returns false when that id was already recorded,
 * so a redelivered webhook is processed once. The row is written before the effect runs and removed
 * again if the effect fails, so Shopify's retry gets another chance.
 */
export async function claimWebhook(event: { id: string; shop: string; topic: string }): Promise<boolean> {
  try {
    await prisma.webhookEvent.create({ data: event });
    return true;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return false;
    throw error;
  }
}

export async function releaseWebhook(shop: string, id: string): Promise<void> {
  await prisma.webhookEvent.deleteMany({ where: { shop, id } });
}
