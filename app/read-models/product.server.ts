/**
 * The Product page's read-model and actions: the garment image verdicts and choice, the effective
 * settings with their sources, this product's own overrides, its try-on results and history.
 */
import prisma from "../db.server";
import { colourGroups, hasColourVariants, inferClothingType, type RemixAdminGraphql } from "../catalog";
import { onePerColourFormValue, resolveOnePerColour } from "../settings/colour";
import { patchFromRow, resolveSettings, SETTING_FIELDS, describeSource, type SettingSource } from "../settings";
import { inheritedFromWords, settingsFormValues } from "../forms/try-on-settings";
import { altTextForJob, jobModelLabel } from "../pipeline/alt-text";
import { catalogFor } from "./catalog.server";
import { toInherited } from "./settings.server";
import { pipeline } from "./pipeline.server";

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
      include: { job: { select: { state: true, runId: true, createdAt: true, settingsJson: true, productTitle: true, colour: true } } },
    }),
    p.listProductJobs(shop, productId, { take: 20 }),
  ]);
  const chosenId = effective.garment.chosen?.id ?? null;
  // "One try-on per colour": what this product inherits (its applied collection, else on) and its own choice.
  const groups = hasColourVariants(product) ? colourGroups(product) : [];
  const inheritedColour = resolveOnePerColour({ collection: appliedRow?.onePerColour });
  const effectiveColour = resolveOnePerColour({ collection: appliedRow?.onePerColour, product: row?.onePerColour });
  const mediaById = new Map(product.media.map((m) => [m.id, m]));

  return {
    product: { id: product.id, title: product.title, productType: product.productType, handle: product.handle, mediaCount: product.mediaCount ?? product.media.length },
    garment: {
      chosenId,
      reason: effective.garment.reason,
      /** Why nothing can be sent (a preflight code, for its "what to do"); null when a photo is chosen. */
      preflight: effective.garment.preflight,
      overridden: effective.garment.overridden,
      merchantChoice: row?.garmentMediaId ?? "",
      verdicts: effective.garment.verdicts.map((v) => ({ ...v, previewUrl: mediaById.get(v.mediaId)?.previewUrl ?? v.url })),
    },
    effective: effective.fields.map((f) => ({
      field: f.field,
      value: Array.isArray(f.value) ? (f.value.length ? `${f.value.length} photo${f.value.length === 1 ? "" : "s"}` : "none") : f.value === null ? "auto" : String(f.value),
      source: longSource(f.source),
      sourceShort: shortSource(f.source),
      level: f.source.level,
      ignored: f.ignored ?? null,
    })),
    collection: { applied: effective.collection.applied, ignored: effective.collection.ignored },
    colours: {
      /** The product's colours (empty without a colour option). */
      names: groups.map((g) => g.colour),
      /** The colours with a photo of their own: each gets its own try-on when the setting is on. */
      withImages: groups.filter((g) => g.mediaId).map((g) => g.colour),
      own: onePerColourFormValue(row?.onePerColour),
      inherited: inheritedColour.value,
      inheritedFrom: inheritedColour.source === "collection" && applied ? inheritedFromWords({ level: "collection", title: applied.title, id: applied.id }) : inheritedFromWords({ level: "default" }),
      effective: effectiveColour.value,
    },
    clothingType: { value: effective.values.garmentType, reason: inferred.reason },
    requestIssues: effective.requestIssues,
    values: settingsFormValues(patchFromRow(row)),
    hasOwnSettings: Boolean(row && SETTING_FIELDS.some((f) => (row as Record<string, unknown>)[f] !== null)),
    inherited,
    results: images.map((i) => ({
      id: i.id,
      url: i.fileUrl,
      review: i.review,
      attachState: i.attachState,
      mediaId: i.mediaId,
      errorMessage: i.errorMessage,
      runId: i.runId,
      jobState: i.job.state,
      createdAt: i.createdAt.toISOString(),
      colourCheck: i.colourCheck,
      colourDeltaE: i.colourDeltaE,
      sourceColour: i.sourceColour,
      resultColour: i.resultColour,
      /** The shopper's alt text (issue 15.4): as stored on the product once attached, else what approval would write. */
      altText: i.attachState === "attached" && i.altText ? i.altText : altTextForJob(i.job, shopRow?.altDisclosure),
      /** The merchant picked this photo to lead the product's try-on photos (issue 15.5). */
      lead: i.lead,
      /** The colour this result tried on (one try-on per colour); null = the whole product. */
      colour: i.job.colour,
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
      model: jobModelLabel(j.settingsJson),
    })),
    activeJob: jobs.items.some((j) => ["queued", "submitting", "polling", "succeeded", "attaching"].includes(j.state)),
  };
}

/** "Built-in default", "Shop defaults", "Collection Summer": the words every settings page uses. */
function shortSource(s: SettingSource): string {
  const words = inheritedFromWords(s);
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The longer form (a tooltip): the short one, with why a collection applies. */
function longSource(s: SettingSource): string {
  return s.level === "collection" || s.level === "catalog" ? describeSource(s) : shortSource(s);
}

export async function removeProductImages(shop: string, imageIds: string[] | "all", productId: string) {
  const p = pipeline();
  return imageIds === "all" ? p.undoProduct(shop, productId) : p.undoImages(shop, imageIds);
}
