/**
 * Read-models for the catalog pages (Collections, Collection, Products): the shop's catalog from the
 * Admin API (through app/catalog, paced) joined with what Fitting Room stores about each item
 * (settings, last run, try-on status). One function per page; every query filters by shop.
 */
import prisma from "../db.server";
import { createCatalog, fromRemixAdmin, inferClothingType, type CatalogMedia, type CatalogProduct, type RemixAdminGraphql } from "../catalog";
import { PREFLIGHT_CODES, chooseGarmentImage, type FlatLayLook } from "../catalog/garment-image";
import { createGarmentLooks } from "../catalog/garment-looks.server";
import { patchFromRow, resolveSettings } from "../settings";
import { DEFAULT_PLACEMENT, isPlacement } from "../settings/photo-output";
import { DEFAULT_ONE_PER_COLOUR, onePerColourFormValue } from "../settings/colour";
import { summarizeSettings } from "../components/settings-summary";
import { displayJobState } from "../components/status";
import { settingsFormValues, type SettingsFormValues } from "../forms/try-on-settings";
import { runProgress } from "./dashboard.server";
import { toInherited, type InheritedValues } from "./settings.server";
import { presentRuns } from "./run-view.server";

const garmentLooks = createGarmentLooks(prisma);

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
  return presentRuns(
    shop,
    runs.map((r) => {
      const p = progress.get(r.id) ?? { counts: {}, settled: 0, jobs: 0 };
      return { id: r.id, status: r.status, scopeType: r.scopeType, scopeTitle: r.scopeTitle, createdAt: r.createdAt.toISOString(), ...p };
    }),
  );
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

const placementOr = <T extends string>(value: string | null | undefined, fallback: T) => (isPlacement(value) ? value : fallback);

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
    /** The collection has its own saved settings ("Use shop defaults" would clear them). */
    configured: row !== null,
    /** "Try on new products" (issue 15.2). */
    autoNew: { enabled: row?.tryOnNewProducts ?? false, since: row?.tryOnNewProductsSince?.toISOString() ?? null },
    /** Where approved photos go (issue 15.5): the collection's own choice ("" = same as the shop) and the shop's. */
    placement: { own: placementOr(row?.placement, ""), shop: placementOr(shopRow?.placement, DEFAULT_PLACEMENT) },
    /** "One try-on per colour" (issue 15.1): the collection's own choice ("" = the default, on). */
    onePerColour: { own: onePerColourFormValue(row?.onePerColour), default: DEFAULT_ONE_PER_COLOUR },
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
  // A failed job that never reached the provider (displayJobState).
  skipped: "skipped",
};

export interface ProductRow {
  id: string;
  title: string;
  productType: string;
  imageUrl: string | null;
  /**
   * `cantTryOn`: why "Try on" is not offered for this row (the run would skip it before sending anything,
   * ending "Nothing to generate"); null when a garment photo can be sent.
   */
  garment: { url: string | null; chosenByMerchant: boolean; note: string; cantTryOn: string | null };
  clothingType: { value: string | null; source: string };
  lastJob: { state: string; runId: string; at: string; message: string | null } | null;
}

/**
 * The garment image as the list shows it: the same choice the product page and every run make
 * (chooseGarmentImage over the Admin API's metadata and the cached flat-lay looks — one verdict,
 * computed once, shown everywhere; nothing is downloaded here).
 */
function listGarment(product: CatalogProduct, chosenMediaId: string | null, ownMediaIds: string[], lookOf: (m: CatalogMedia) => FlatLayLook | undefined) {
  const choice = chooseGarmentImage(product, { overrideMediaId: chosenMediaId, ownMediaIds, lookOf });
  const images = product.media.filter((m) => m.contentType === "IMAGE");
  const chosen = choice.chosen;
  if (!chosen) {
    const cantTryOn = CANT_TRY_ON[choice.preflight ?? ""] ?? CANT_TRY_ON[PREFLIGHT_CODES.noImage];
    if (!images.length) return { url: null, chosenByMerchant: false, note: "No image", cantTryOn };
    const first = images[0];
    const size = first.width && first.height ? `${first.width}×${first.height} px` : "unknown size";
    return { url: first.previewUrl ?? first.url, chosenByMerchant: false, note: `No usable image (${size})`, cantTryOn };
  }
  const note = choice.overridden
    ? "Chosen by you"
    : choice.mayBeRefused
      ? "May be refused: not a flat lay"
      : choice.unjudged
        ? "Picked automatically (not checked yet)"
        : "Picked automatically";
  return { url: chosen.previewUrl ?? chosen.url, chosenByMerchant: choice.overridden, note, cantTryOn: null };
}

/** What the merchant does so a product with no photo that can be sent can be tried on (by preflight code). */
const CANT_TRY_ON: Record<string, string> = {
  [PREFLIGHT_CODES.noImage]: "Add a photo of the garment to try it on",
  [PREFLIGHT_CODES.onlyResults]: "Add a photo of the garment to try it on",
  [PREFLIGHT_CODES.tooSmall]: "Add a photo larger than 500×500 px to try it on",
  [PREFLIGHT_CODES.notReady]: "Photos are still processing in Shopify; try again in a minute",
};

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
      select: { productId: true, state: true, attempts: true, submittedAt: true, runId: true, createdAt: true, errorMessage: true, garmentMediaId: true, garmentImageUrl: true },
    }),
    prisma.productSettings.findMany({ where: { shop, productId: { in: ids } } }),
  ]);
  const lastJob = new Map<string, (typeof jobs)[number]>();
  for (const j of jobs) if (!lastJob.has(j.productId)) lastJob.set(j.productId, j);
  const settingsById = new Map(settings.map((s) => [s.productId, s]));
  const [own, looks] = await Promise.all([
    prisma.tryOnImage.findMany({ where: { shop, productId: { in: ids }, mediaId: { not: null } }, select: { productId: true, mediaId: true } }).then((rows) => {
      const m = new Map<string, string[]>();
      for (const r of rows) m.set(r.productId, [...(m.get(r.productId) ?? []), r.mediaId!]);
      return m;
    }),
    garmentLooks.cached(shop, page.items.flatMap((p) => p.media.slice(0, 10))),
  ]);
  const lookOf = garmentLooks.lookOf(shop, looks);
  let rows: ProductRow[] = page.items.map((p) => {
    const job = lastJob.get(p.id);
    const s = settingsById.get(p.id);
    const inferred = inferClothingType({ category: p.category, productType: p.productType, tags: p.tags, title: p.title });
    return {
      id: p.id,
      title: p.title,
      productType: p.productType,
      imageUrl: thumbOf(p.media),
      garment: listGarment(p, s?.garmentMediaId ?? null, own.get(p.id) ?? [], lookOf),
      clothingType: s?.garmentType
        ? { value: s.garmentType, source: "set on the product" }
        : { value: inferred.type ?? null, source: inferred.type ? inferred.reason : "detected by the try-on service" },
      // A product skipped before anything was sent reads "Skipped", as on its run page, not "Failed".
      lastJob: job ? { state: displayJobState(job), runId: job.runId, at: job.createdAt.toISOString(), message: job.errorMessage } : null,
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
    select: { productId: true, state: true, attempts: true, submittedAt: true },
    take: 2000,
  });
  // "Failed" lists products that failed after they were sent; one skipped before sending is not a failure.
  const matching = latest.filter((j) => states.includes(displayJobState(j))).map((j) => j.productId);
  const start = args.after ? Math.max(0, matching.indexOf(args.after) + 1) : 0;
  const slice = matching.slice(start, start + 25);
  const products = (await Promise.all(slice.map((id) => catalog.getProduct(id)))).filter((p): p is CatalogProduct => Boolean(p));
  // (With a status filter the collection filter is not applied: the status comes from our own records.)
  return { items: products, hasNextPage: start + 25 < matching.length, endCursor: slice[slice.length - 1] ?? null };
}
