/**
 * Settings as pages need them: read/write collection and product settings, and the effective settings
 * of a product with the source of every field ("viewType: halfbody — from collection Summer").
 */
import { chooseGarmentImage, inferClothingType, judgeable, type GarmentChoice } from "../catalog";
import { patchFromRow, parseSettingsPatch, type SettingsPatch } from "../settings/fields";
import { describeField, resolveSettings, type ResolvedSettings } from "../settings/inheritance";
import { seedRequestFor } from "../settings/request";
import { createModels, type PipelineDeps } from "./context.server";
import { garmentLooksFor } from "./plan.server";
import type { CatalogPort } from "./ports";

export interface EffectiveProductSettings extends ResolvedSettings {
  productId: string;
  title: string;
  /** One line per field: "viewType: halfbody — from collection Summer (the run's collection)". */
  lines: string[];
  garment: GarmentChoice;
  /** Problems the seed request would have (empty when it validates). */
  requestIssues: Array<{ field: string; message: string }>;
}

export function createSettingsService(deps: PipelineDeps) {
  const models = createModels(deps.db);
  return {
    getCollectionSettings: models.collectionSettings.get,
    /** Validates (field-precise issues) and stores a collection's settings patch. */
    saveCollectionSettings: models.collectionSettings.save,
    clearCollectionSettings: models.collectionSettings.clear,
    getProductSettings: models.productSettings.get,
    /** Validates and stores a product's overrides and garment image choice (`garmentMediaId`). */
    saveProductSettings: models.productSettings.save,
    clearProductSettings: models.productSettings.clear,

    /**
     * What a run would use for this product, with the source of each field and the garment choice.
     * `runCollectionId`: preview as if the run started from that collection; `overrides`: the run's.
     */
    async effectiveProductSettings(
      shop: string,
      productId: string,
      options: { runCollectionId?: string | null; overrides?: SettingsPatch | unknown; catalog?: CatalogPort } = {},
    ): Promise<EffectiveProductSettings | null> {
      const catalog = options.catalog ?? (await deps.catalogFor(shop));
      const product = await catalog.getProduct(productId);
      if (!product) return null;
      const overrides = parseSettingsPatch(options.overrides ?? {});
      const [shopRow, productRow, collections, own] = await Promise.all([
        deps.db.shopSettings.findUnique({ where: { shop } }),
        models.productSettings.get(shop, productId),
        models.collectionSettings.allForShop(shop),
        models.images.attachedMediaIds(shop, [productId]),
      ]);
      const memberIds = collections.length ? new Set((await catalog.productCollectionIds([productId])).get(productId) ?? []) : new Set<string>();
      if (options.runCollectionId) memberIds.add(options.runCollectionId);
      const inferred = inferClothingType({ category: product.category, productType: product.productType, tags: product.tags, title: product.title });
      const resolved = resolveSettings({
        shop: patchFromRow(shopRow),
        collections: collections.filter((c) => memberIds.has(c.collectionId)),
        runCollectionId: options.runCollectionId ?? null,
        product: productRow ? { productId, settings: patchFromRow(productRow) } : null,
        inferredGarmentType: inferred.type ? { value: inferred.type, reason: inferred.reason } : null,
        overrides: overrides.ok ? overrides.value : {},
      });
      // One product's images (at most 10 small renditions) are judged here, once: the verdicts are
      // cached and shared with the product list and every run.
      const ownIds = own.get(productId) ?? [];
      const looks = garmentLooksFor(deps);
      const ownSet = new Set(ownIds);
      const lookMap = await looks.judge(shop, product.media.slice(0, 10).filter((m) => judgeable(m, ownSet)));
      const garment = chooseGarmentImage(product, { overrideMediaId: productRow?.garmentMediaId ?? null, ownMediaIds: ownIds, lookOf: looks.lookOf(shop, lookMap) });
      const req = garment.sendUrl ? seedRequestFor(resolved.values, garment.sendUrl) : null;
      return {
        ...resolved,
        productId,
        title: product.title,
        lines: resolved.fields.map(describeField),
        garment,
        requestIssues: req && !req.ok ? req.issues : [],
      };
    },
  };
}
