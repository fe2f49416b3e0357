/**
 * What the Products, Run and Review pages read, called directly (the pages workload's fallback when a
 * page's route is not in the build). Same models the pages use: app/models and app/catalog.
 */
import { createPrismaClient } from "../../app/db-client.server";
import type { PrismaClient } from "@prisma/client";
import { createCatalog, createRedirectingFetch, createTokenTransport, type Catalog } from "../../app/catalog";
import { createImagesModel } from "../../app/persistence/images.server";
import { createRunsModel } from "../../app/persistence/runs.server";

let db: PrismaClient | null = null;
const prisma = () => (db ??= createPrismaClient(process.env.DATABASE_URL!));

let catalog: Catalog | null = null;
async function catalogFor(shop: string): Promise<Catalog> {
  if (catalog) return catalog;
  const session = await prisma().session.findUnique({ where: { id: `offline_${shop}` } });
  const transport = createTokenTransport({ shop, accessToken: session!.accessToken, fetch: createRedirectingFetch(process.env.LOCAL_ADMIN_API_URL!) });
  catalog = createCatalog({ shop, transport });
  return catalog;
}

/** Products page: a page of products (Admin API) with each one's latest try-on job. */
export async function productsPage(shop: string, collectionId?: string) {
  const page = await (await catalogFor(shop)).listProducts({ first: 25, ...(collectionId ? { collectionId } : {}) });
  const ids = page.items.map((p) => p.id);
  const jobs = await prisma().tryOnJob.findMany({
    where: { shop, productId: { in: ids } },
    orderBy: { createdAt: "desc" },
    select: { productId: true, state: true, runId: true, createdAt: true, errorMessage: true },
  });
  const latest = new Map<string, (typeof jobs)[number]>();
  for (const j of jobs) if (!latest.has(j.productId)) latest.set(j.productId, j);
  return page.items.map((p) => ({ id: p.id, title: p.title, job: latest.get(p.id) ?? null }));
}

/** Run page: progress (one grouped query) and the first page of its jobs. */
export async function runPage(shop: string, runId: string) {
  const [progress, jobs] = await Promise.all([
    createRunsModel(prisma()).progress(shop, runId),
    prisma().tryOnJob.findMany({ where: { shop, runId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 26 }),
  ]);
  return { progress, jobs };
}

/** Review page: the first page of images awaiting review, with their job's product. */
export async function reviewPage(shop: string) {
  return createImagesModel(prisma()).listForReview(shop, { take: 25 });
}
