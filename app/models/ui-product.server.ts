/**
 * The Product page's read-model and actions: the garment image verdicts and choice, the effective
 * settings with their sources, this product's own overrides, its try-on results and history.
 */
import prisma from "../db.server";
import { inferClothingType, type RemixAdminGraphql } from "../catalog";
import { patchFromRow, resolveSettings, SETTING_FIELDS, describeSource, type SettingSource } from "../settings";
import { settingsFormValues } from "../forms/try-on-settings";
import { catalogFor } from "./ui-catalog.server";
import { toInherited } from "./ui-settings.server";
import { pipeline } from "./ui-pipeline.server";

export async function productPage(shop: string, graphql: RemixAdminGraphql, productId: string) {
  const p = pipeline();
  const catalog = catalogFor(shop, graphql);
  const [product, effective, row, shopRow, collectionRows] = await Promise.all([
    catalog.getProduct(productId),
    p.effectiveProductSettings(shop, productId),
    prisma.productSettings.findUnique({ where: { shop_productId: { shop, productId } } }),
    prisma.shopSettings.findUnique({ where: { shop } }),
    prisma.collectionSettings.findMany({ where: { shop } }),
  ]);
  if (!product || !effective) return null;

  // What this product inherits (everything above its own settings): shop, the applied collection, the detected type.
  const applied = effective.collection.applied;
  const appliedRow = applied ? collectionRows.find((c) => c.collectionId === applied.id) : undefined;
  const inferred = inferClothingType({ category: product.category, productType: product.productType, tags: product.tags, title: product.title });
  const inherited = toInherited(
    resolveSettings({
      shop: patchFromRow(shopRow),
      collections: appliedRow ? [{ collectionId: appliedRow.collectionId, title: appliedRow.collectionTitle, updatedAt: appliedRow.updatedAt, settings: patchFromRow(appliedRow) }] : [],
      inferredGarmentType: inferred.type ? { value: inferred.type, reason: inferred.reason } : null,
    }),
  );

  const [images, jobs] = await Promise.all([
    prisma.tryOnImage.findMany({
      where: { shop, productId },
      orderBy: [{ createdAt: "desc" }, { position: "asc" }],
      take: 60,
      include: { job: { select: { state: true, runId: true, createdAt: true, settingsJson: true } } },
    }),
    p.listProductJobs(shop, productId, { take: 20 }),
  ]);
  const chosenId = effective.garment.chosen?.id ?? null;
  const mediaById = new Map(product.media.map((m) => [m.id, m]));

  return {
    product: { id: product.id, title: product.title, productType: product.productType, handle: product.handle, mediaCount: product.mediaCount ?? product.media.length },
    garment: {
      chosenId,
      reason: effective.garment.reason,
      overridden: effective.garment.overridden,
      merchantChoice: row?.garmentMediaId ?? "",
      verdicts: effective.garment.verdicts.map((v) => ({ ...v, previewUrl: mediaById.get(v.mediaId)?.previewUrl ?? v.url })),
    },
    effective: effective.fields.map((f) => ({
      field: f.field,
      value: Array.isArray(f.value) ? (f.value.length ? `${f.value.length} photo${f.value.length === 1 ? "" : "s"}` : "none") : f.value === null ? "auto" : String(f.value),
      source: describeSource(f.source),
      sourceShort: shortSource(f.source),
      level: f.source.level,
      ignored: f.ignored ?? null,
    })),
    collection: { applied: effective.collection.applied, ignored: effective.collection.ignored },
    clothingType: { value: effective.values.garmentType, reason: inferred.reason },
    requestIssues: effective.requestIssues,
    values: settingsFormValues(patchFromRow(row)),
    hasOwnSettings: Boolean(row && SETTING_FIELDS.some((f) => (row as Record<string, unknown>)[f] !== null)),
    inherited,
    results: images.map((i) => ({
      id: i.id,
      url: i.providerUrl,
      review: i.review,
      attachState: i.attachState,
      mediaId: i.mediaId,
      errorMessage: i.errorMessage,
      runId: i.runId,
      jobState: i.job.state,
      createdAt: i.createdAt.toISOString(),
    })),
    history: jobs.items.map((j) => ({
      id: j.id,
      runId: j.runId,
      state: j.state,
      createdAt: j.createdAt.toISOString(),
      imagesGenerated: j.imagesGenerated,
      imagesAttached: j.imagesAttached,
      errorCode: j.errorCode,
      errorMessage: j.errorMessage,
      model: (() => {
        try {
          const s = JSON.parse(j.settingsJson) as { model?: string; viewType?: string };
          return [s.model, s.viewType].filter(Boolean).join(" · ");
        } catch {
          return "";
        }
      })(),
    })),
    activeJob: jobs.items.some((j) => ["queued", "submitting", "polling", "succeeded", "attaching"].includes(j.state)),
  };
}

function shortSource(s: SettingSource): string {
  switch (s.level) {
    case "default":
      return "Try-on default";
    case "shop":
      return "Shop settings";
    case "catalog":
      return "Detected from the product";
    case "collection":
      return `Collection ${s.title ?? s.id}`;
    case "product":
      return "This product";
    case "override":
      return "This run";
  }
}

export async function removeProductImages(shop: string, imageIds: string[] | "all", productId: string) {
  const p = pipeline();
  return imageIds === "all" ? p.undoProduct(shop, productId) : p.undoImages(shop, imageIds);
}
