/**
 * Read-models for the catalog pages (Collections, Collection, Products): the shop's catalog from the
 * Admin API (through app/catalog, paced) joined with what Fitting Room stores about each item
 * (settings, last run, try-on status). One function per page; every query filters by shop.
 */
import prisma from "../db.server";
import { createCatalog, fromRemixAdmin, inferClothingType, FITTING_ROOM_ALT_MARKER, type CatalogMedia, type CatalogProduct, type RemixAdminGraphql } from "../catalog";
import { checkTryOnResolution } from "../images/flat-lay";
import { patchFromRow, resolveSettings } from "../settings";
import { summarizeSettings } from "../components/settings-summary";
import { settingsFormValues, type SettingsFormValues } from "../forms/try-on-settings";
import { runProgress } from "./dashboard.server";
import { toInherited, type InheritedValues } from "./ui-settings.server";

export function catalogFor(shop: string, graphql: RemixAdminGraphql) {
  return createCatalog({ shop, transport: fromRemixAdmin(graphql) });
}

export interface RunSummary {
  id: string;
  status: string;
  scopeType: string;
  scopeTitle: string | null;
  createdAt: string;
  jobs: number;
  settled: number;
  counts: Record<string, number>;
}

async function runsWithProgress(shop: string, runs: Array<{ id: string; status: string; scopeType: string; scopeTitle: string | null; createdAt: Date }>): Promise<RunSummary[]> {
  const progress = await runProgress(
    shop,
    runs.map((r) => r.id),
  );
  return runs.map((r) => {
    const p = progress.get(r.id) ?? { counts: {}, settled: 0, jobs: 0 };
    return { id: r.id, status: r.status, scopeType: r.scopeType, scopeTitle: r.scopeTitle, createdAt: r.createdAt.toISOString(), ...p };
  });
}

// ------------------------------------------------------------------ Collections

export interface CollectionRow {
  id: string;
  title: string;
  handle: string;
  productsCount: number | null;
  /** One line of the collection's own defaults; "" when it inherits everything. */
  settingsSummary: string;
  configured: boolean;
  lastRun: RunSummary | null;
}

export async function collectionsPage(shop: string, graphql: RemixAdminGraphql, args: { search?: string; after?: string | null }) {
  const catalog = catalogFor(shop, graphql);
  const page = await catalog.listCollections({ first: 50, after: args.after ?? null, search: args.search }).catch((error: unknown) => {
    // A stale or malformed page cursor in the URL: show the first page instead of an error page.
    if (!args.after) throw error;
    return catalog.listCollections({ first: 50, after: null, search: args.search });
  });
  const ids = page.items.map((c) => c.id);
  const [settings, runs] = await Promise.all([
    prisma.collectionSettings.findMany({ where: { shop, collectionId: { in: ids } } }),
    prisma.tryOnRun.findMany({ where: { shop, scopeType: "collection", scopeRef: { in: ids } }, orderBy: { createdAt: "desc" }, take: 200 }),
  ]);
  const lastByCollection = new Map<string, (typeof runs)[number]>();
  for (const r of runs) if (r.scopeRef && !lastByCollection.has(r.scopeRef)) lastByCollection.set(r.scopeRef, r);
  const summaries = new Map((await runsWithProgress(shop, [...lastByCollection.values()])).map((r) => [r.id, r]));
  const byId = new Map(settings.map((s) => [s.collectionId, s]));
  const rows: CollectionRow[] = page.items.map((c) => {
    const s = byId.get(c.id);
    const summary = s ? summarizeSettings(patchFromRow(s)) : "";
    const last = lastByCollection.get(c.id);
    return {
      id: c.id,
      title: c.title,
      handle: c.handle,
      productsCount: c.productsCount,
      settingsSummary: summary,
      configured: Boolean(summary),
      lastRun: last ? (summaries.get(last.id) ?? null) : null,
    };
  });
  return { collections: rows, hasNextPage: page.hasNextPage, endCursor: page.endCursor };
}

// ------------------------------------------------------------------ Collection

export interface ProductThumb {
  id: string;
  title: string;
  imageUrl: string | null;
}

function thumbOf(media: CatalogMedia[]): string | null {
  const m = media.find((x) => x.contentType === "IMAGE" && (x.previewUrl || x.url));
  return m ? (m.previewUrl ?? m.url) : null;
}

export async function collectionPage(shop: string, graphql: RemixAdminGraphql, collectionId: string) {
  const catalog = catalogFor(shop, graphql);
  const collection = await catalog.getCollection(collectionId);
  if (!collection) return null;
  const [row, shopRow, products, runs] = await Promise.all([
    prisma.collectionSettings.findUnique({ where: { shop_collectionId: { shop, collectionId } } }),
    prisma.shopSettings.findUnique({ where: { shop } }),
    catalog.listProducts({ collectionId, first: 12 }),
    prisma.tryOnRun.findMany({ where: { shop, scopeType: "collection", scopeRef: collectionId }, orderBy: { createdAt: "desc" }, take: 5 }),
  ]);
  const inherited: InheritedValues = toInherited(resolveSettings({ shop: patchFromRow(shopRow) }));
  const values: SettingsFormValues = settingsFormValues(patchFromRow(row));
  return {
    collection: { id: collection.id, title: collection.title, handle: collection.handle, productsCount: collection.productsCount },
    values,
    inherited,
    updatedAt: row?.updatedAt.toISOString() ?? null,
    products: products.items.map((p): ProductThumb => ({ id: p.id, title: p.title, imageUrl: thumbOf(p.media) })),
    moreProducts: products.hasNextPage,
    runs: await runsWithProgress(shop, runs),
    activeRun: runs.find((r) => r.status === "planning" || r.status === "running")?.id ?? null,
  };
}

// ------------------------------------------------------------------ Products

import type { ProductStatusFilter } from "../forms/list-queries";

const STATUS_OF_STATE: Record<string, ProductStatusFilter> = {
  queued: "in_progress",
  submitting: "in_progress",
  polling: "in_progress",
  succeeded: "in_progress",
  attaching: "in_progress",
  awaiting_review: "needs_review",
  attached: "on_product",
  failed: "failed",
};

export interface ProductRow {
  id: string;
  title: string;
  productType: string;
  imageUrl: string | null;
  garment: { url: string | null; chosenByMerchant: boolean; note: string };
  clothingType: { value: string | null; source: string };
  lastJob: { state: string; runId: string; at: string; message: string | null } | null;
}

/**
 * The garment image as the list shows it, without downloading anything: the merchant's choice, else
 * the last run's, else the first image that is not ours and whose size (as Shopify reports it) is in
 * range. The Product page runs the full check (header size + flat-lay look).
 */
function listGarment(product: CatalogProduct, chosenMediaId: string | null, lastJob: { garmentMediaId: string | null; garmentImageUrl: string } | null) {
  const images = product.media.filter((m) => m.contentType === "IMAGE");
  const byId = (id: string | null) => (id ? images.find((m) => m.id === id) : undefined);
  const chosen = byId(chosenMediaId);
  if (chosen) return { url: chosen.previewUrl ?? chosen.url, chosenByMerchant: true, note: "Chosen by you" };
  const last = byId(lastJob?.garmentMediaId ?? null);
  if (last || lastJob?.garmentImageUrl) {
    return { url: last ? (last.previewUrl ?? last.url) : (lastJob?.garmentImageUrl ?? null), chosenByMerchant: false, note: "Used in the last run" };
  }
  if (lastJob && images.length) {
    // The last run found no usable image (too small, not a flat lay…): say so rather than guess.
    return { url: images[0].previewUrl ?? images[0].url, chosenByMerchant: false, note: "No usable image (see the product)" };
  }
  const candidate = images.find(
    (m) => !(m.alt ?? "").includes(FITTING_ROOM_ALT_MARKER) && m.width !== null && m.height !== null && checkTryOnResolution(m.width, m.height).ok,
  );
  if (candidate) return { url: candidate.previewUrl ?? candidate.url, chosenByMerchant: false, note: "Picked automatically" };
  if (!images.length) return { url: null, chosenByMerchant: false, note: "No image" };
  const first = images[0];
  const size = first.width && first.height ? `${first.width}×${first.height} px` : "unknown size";
  return { url: first.previewUrl ?? first.url, chosenByMerchant: false, note: `No usable image (${size})` };
}

export async function productsPage(
  shop: string,
  graphql: RemixAdminGraphql,
  args: { search?: string; collectionId?: string | null; status?: ProductStatusFilter | null; after?: string | null },
) {
  const catalog = catalogFor(shop, graphql);
  const [collections, page] = await Promise.all([
    catalog.listCollections({ first: 100 }),
    args.status && args.status !== "not_tried"
      ? productsByStatus(shop, catalog, args.status, args)
      : catalog.listProducts({ first: 25, after: args.after ?? null, collectionId: args.collectionId ?? undefined, search: args.search }).catch((error: unknown) => {
          // A stale or malformed page cursor in the URL: show the first page instead of an error page.
          if (!args.after) throw error;
          return catalog.listProducts({ first: 25, after: null, collectionId: args.collectionId ?? undefined, search: args.search });
        }),
  ]);
  const ids = page.items.map((p) => p.id);
  const [jobs, settings] = await Promise.all([
    prisma.tryOnJob.findMany({
      where: { shop, productId: { in: ids } },
      orderBy: { createdAt: "desc" },
      select: { productId: true, state: true, runId: true, createdAt: true, errorMessage: true, garmentMediaId: true, garmentImageUrl: true },
    }),
    prisma.productSettings.findMany({ where: { shop, productId: { in: ids } } }),
  ]);
  const lastJob = new Map<string, (typeof jobs)[number]>();
  for (const j of jobs) if (!lastJob.has(j.productId)) lastJob.set(j.productId, j);
  const settingsById = new Map(settings.map((s) => [s.productId, s]));
  let rows: ProductRow[] = page.items.map((p) => {
    const job = lastJob.get(p.id);
    const s = settingsById.get(p.id);
    const inferred = inferClothingType({ category: p.category, productType: p.productType, tags: p.tags, title: p.title });
    return {
      id: p.id,
      title: p.title,
      productType: p.productType,
      imageUrl: thumbOf(p.media),
      garment: listGarment(p, s?.garmentMediaId ?? null, job ?? null),
      clothingType: s?.garmentType
        ? { value: s.garmentType, source: "set on the product" }
        : { value: inferred.type ?? null, source: inferred.type ? inferred.reason : "detected by the try-on service" },
      lastJob: job ? { state: job.state, runId: job.runId, at: job.createdAt.toISOString(), message: job.errorMessage } : null,
    };
  });
  if (args.status === "not_tried") rows = rows.filter((r) => !r.lastJob);
  return {
    products: rows,
    hasNextPage: page.hasNextPage,
    endCursor: page.endCursor,
    collections: collections.items.map((c) => ({ id: c.id, title: c.title })),
  };
}

/** Products whose latest job is in the given status (from the database), read from the catalog. */
async function productsByStatus(
  shop: string,
  catalog: ReturnType<typeof catalogFor>,
  status: ProductStatusFilter,
  args: { after?: string | null; collectionId?: string | null },
) {
  const states = Object.entries(STATUS_OF_STATE)
    .filter(([, s]) => s === status)
    .map(([state]) => state);
  const latest = await prisma.tryOnJob.findMany({
    where: { shop },
    orderBy: { createdAt: "desc" },
    distinct: ["productId"],
    select: { productId: true, state: true },
    take: 2000,
  });
  const matching = latest.filter((j) => states.includes(j.state)).map((j) => j.productId);
  const start = args.after ? Math.max(0, matching.indexOf(args.after) + 1) : 0;
  const slice = matching.slice(start, start + 25);
  const products = (await Promise.all(slice.map((id) => catalog.getProduct(id)))).filter((p): p is CatalogProduct => Boolean(p));
  // (With a status filter the collection filter is not applied: the status comes from our own records.)
  return { items: products, hasNextPage: start + 25 < matching.length, endCursor: slice[slice.length - 1] ?? null };
}
