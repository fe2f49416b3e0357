import prisma from "../db.server";

/** The Dashboard's numbers, each one cheap indexed query, all filtered by shop. */
export type DashboardSummary = {
  providerConnected: boolean;
  hasShopDefaults: boolean;
  collectionsConfigured: number;
  activeRuns: number;
  runsTotal: number;
  imagesAwaitingReview: number;
  imagesAttached: number;
};

export async function getDashboardSummary(shop: string): Promise<DashboardSummary> {
  const [settings, collectionsConfigured, activeRuns, runsTotal, imagesAwaitingReview, imagesAttached] =
    await Promise.all([
      prisma.shopSettings.findUnique({ where: { shop } }),
      prisma.collectionSettings.count({ where: { shop } }),
      prisma.tryOnRun.count({ where: { shop, status: { in: ["planning", "running"] } } }),
      prisma.tryOnRun.count({ where: { shop } }),
      prisma.tryOnImage.count({ where: { shop, review: "pending", attachState: "stored" } }),
      prisma.tryOnImage.count({ where: { shop, attachState: "attached" } }),
    ]);
  return {
    providerConnected: Boolean(settings?.providerAppKey && settings.providerSecretEnc),
    hasShopDefaults: Boolean(settings?.viewType || settings?.modelName || settings?.modelGender || settings?.generateCount),
    collectionsConfigured,
    activeRuns,
    runsTotal,
    imagesAwaitingReview,
    imagesAttached,
  };
}
