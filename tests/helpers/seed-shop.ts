import prisma from "../../app/db.server";
import { updateShopSettings } from "../../app/persistence/shop-settings.server";

/**
 * Seeds one shop with a row in every table Fitting Room keeps per shop, with ids and titles that carry
 * a marker ("<tag>-…") so a test can look for any trace of them in responses, logs or the database.
 */
export interface SeededShop {
  shop: string;
  tag: string;
  runId: string;
  jobIds: string[];
  imageIds: string[];
  /** Product gids with jobs; the first has settings, images and two jobs. */
  productIds: string[];
  collectionId: string;
  /** The provider secret stored (encrypted) in ShopSettings. */
  secret: string;
}

export async function seedShop(shop: string, tag: string, options: { productNumbers?: [number, number]; collectionNumber?: number; secret?: string } = {}): Promise<SeededShop> {
  const [p1, p2] = options.productNumbers ?? [1001, 1002];
  const productIds = [`gid://shopify/Product/${p1}`, `gid://shopify/Product/${p2}`];
  // 501 is a collection of the local Admin API's demo seed (products 1001–1040 are its products).
  const collectionId = `gid://shopify/Collection/${options.collectionNumber ?? 501}`;
  const secret = options.secret ?? `${tag}-AidgeSecret-${Math.random().toString(36).slice(2)}`;

  await updateShopSettings(shop, { providerAppKey: `${tag}-key`, providerSecret: secret, viewType: "mixed", dailyImageCap: 500 });
  await prisma.collectionSettings.create({ data: { shop, collectionId, collectionTitle: `${tag}-Summer`, viewType: "halfbody" } });
  await prisma.productSettings.create({ data: { shop, productId: productIds[0], modelName: "Ariel" } });
  await prisma.productSettings.create({ data: { shop, productId: productIds[1], viewType: "fullbody" } });

  const run = await prisma.tryOnRun.create({
    data: {
      shop,
      scopeType: "collection",
      scopeRef: collectionId,
      scopeTitle: `${tag}-Summer`,
      status: "running",
      productsTotal: 2,
      imagesEstimated: 8,
    },
  });
  const job = (productId: string, state: string, title: string) =>
    prisma.tryOnJob.create({
      data: {
        shop,
        runId: run.id,
        productId,
        productTitle: title,
        garmentImageUrl: `https://cdn.shopify.com/${tag}/garment.png`,
        settingsJson: "{}",
        requestJson: "{}",
        dedupeKey: `${tag}-${productId}-${state}`,
        imagesExpected: 4,
        state,
      },
    });
  const jobs = [
    await job(productIds[0], "polling", `${tag}-Linen shirt`),
    await job(productIds[0], "awaiting_review", `${tag}-Linen shirt`),
    await job(productIds[1], "queued", `${tag}-Summer dress`),
  ];
  const images = [];
  for (const position of [0, 1]) {
    images.push(
      await prisma.tryOnImage.create({
        data: {
          shop,
          runId: run.id,
          jobId: jobs[1].id,
          productId: productIds[0],
          position,
          providerUrl: `https://result.aidc-ai.com/${tag}/result-${position}.png`,
          review: "pending",
        },
      }),
    );
  }
  return { shop, tag, runId: run.id, jobIds: jobs.map((j) => j.id), imageIds: images.map((i) => i.id), productIds, collectionId, secret };
}

/** Every row of the shop in every per-shop table, for before/after comparisons. */
export async function shopSnapshot(shop: string) {
  const [settings, collections, products, runs, jobs, images, sessions] = await Promise.all([
    prisma.shopSettings.findMany({ where: { shop } }),
    prisma.collectionSettings.findMany({ where: { shop }, orderBy: { id: "asc" } }),
    prisma.productSettings.findMany({ where: { shop }, orderBy: { id: "asc" } }),
    prisma.tryOnRun.findMany({ where: { shop }, orderBy: { id: "asc" } }),
    prisma.tryOnJob.findMany({ where: { shop }, orderBy: { id: "asc" } }),
    prisma.tryOnImage.findMany({ where: { shop }, orderBy: { id: "asc" } }),
    prisma.session.findMany({ where: { shop }, orderBy: { id: "asc" } }),
  ]);
  return { settings, collections, products, runs, jobs, images, sessions };
}

/** Counts of the shop's rows per table. */
export async function shopRowCounts(shop: string): Promise<Record<string, number>> {
  const snap = await shopSnapshot(shop);
  return Object.fromEntries(Object.entries(snap).map(([k, v]) => [k, v.length]));
}
