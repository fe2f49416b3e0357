import prisma from "../db.server";

/**
 * Shop lifecycle data operations used by the webhook handlers. Every query filters by shop.
 */

/** Removes the shop's sessions (app/uninstalled). */
export async function deleteShopSessions(shop: string): Promise<number> {
  const { count } = await prisma.session.deleteMany({ where: { shop } });
  return count;
}

/** Records a scope change on the shop's sessions (app/scopes_update). */
export async function updateSessionScopes(shop: string, scopes: string[]): Promise<number> {
  const { count } = await prisma.session.updateMany({ where: { shop }, data: { scope: scopes.join(",") } });
  return count;
}

export async function deleteCollectionSettings(shop: string, collectionId: string): Promise<number> {
  const { count } = await prisma.collectionSettings.deleteMany({ where: { shop, collectionId } });
  return count;
}

/**
 * Deletes everything Fitting Room stores for a shop (shop/redact, 48 hours after uninstall): runs,
 * jobs, images, every level of settings (credentials included), sessions and the webhook records —
 * except `keepWebhookId`, the shop/redact delivery itself, so a redelivery is recognised and not
 * processed again. One transaction: either all of it goes or none (and the redelivery retries).
 */
export async function deleteShopData(shop: string, options: { keepWebhookId?: string } = {}): Promise<void> {
  await prisma.$transaction([
    prisma.tryOnImage.deleteMany({ where: { shop } }),
    prisma.tryOnJob.deleteMany({ where: { shop } }),
    prisma.tryOnRun.deleteMany({ where: { shop } }),
    prisma.productSettings.deleteMany({ where: { shop } }),
    prisma.collectionSettings.deleteMany({ where: { shop } }),
    prisma.shopSettings.deleteMany({ where: { shop } }),
    prisma.session.deleteMany({ where: { shop } }),
    prisma.garmentVerdict.deleteMany({ where: { shop } }),
    prisma.planningLock.deleteMany({ where: { shop } }),
    prisma.webhookEvent.deleteMany({
      where: { shop, ...(options.keepWebhookId ? { id: { not: options.keepWebhookId } } : {}) },
    }),
  ]);
}
