/**
 * Per-product overrides and the merchant's garment image choice (Products page, product action).
 */
import type { PrismaClient, ProductSettings } from "@prisma/client";
import { parseSettingsPatch, rowFromPatch } from "../settings/fields";
import type { SaveResult } from "./collection-settings.server";
import { defaultDb } from "./db-handle.server";

export function createProductSettingsModel(db: PrismaClient) {
  return {
    async get(shop: string, productId: string): Promise<ProductSettings | null> {
      return db.productSettings.findUnique({ where: { shop_productId: { shop, productId } } });
    },

    async many(shop: string, productIds: string[]): Promise<Map<string, ProductSettings>> {
      if (!productIds.length) return new Map();
      const rows = await db.productSettings.findMany({ where: { shop, productId: { in: productIds } } });
      return new Map(rows.map((r) => [r.productId, r]));
    },

    /**
     * Validates and stores overrides. `garmentMediaId` (a media id of the product, or null for "let
     * Fitting Room choose") may be passed alongside the settings fields.
     */
    async save(shop: string, productId: string, input: unknown): Promise<SaveResult<ProductSettings>> {
      const { garmentMediaId, ...rest } = (input ?? {}) as { garmentMediaId?: unknown };
      if (garmentMediaId !== undefined && garmentMediaId !== null && garmentMediaId !== "" && (typeof garmentMediaId !== "string" || !garmentMediaId.startsWith("gid://shopify/"))) {
        return { ok: false, issues: [{ field: "garmentMediaId", message: "must be a media id like gid://shopify/MediaImage/123, or empty to let Fitting Room choose" }] };
      }
      const parsed = parseSettingsPatch(rest);
      if (!parsed.ok) return parsed;
      const data = {
        ...rowFromPatch(parsed.value),
        ...(garmentMediaId !== undefined ? { garmentMediaId: (garmentMediaId as string | null) || null } : {}),
      };
      const row = await db.productSettings.upsert({
        where: { shop_productId: { shop, productId } },
        create: { shop, productId, ...data },
        update: data,
      });
      return { ok: true, value: row };
    },

    async clear(shop: string, productId: string): Promise<void> {
      await db.productSettings.deleteMany({ where: { shop, productId } });
    },
  };
}
export type ProductSettingsModel = ReturnType<typeof createProductSettingsModel>;

// ---- Default-bound helpers for routes ----

export async function getProductSettings(shop: string, productId: string) {
  return createProductSettingsModel(await defaultDb()).get(shop, productId);
}

export async function saveProductSettings(shop: string, productId: string, input: unknown) {
  return createProductSettingsModel(await defaultDb()).save(shop, productId, input);
}

export async function clearProductSettings(shop: string, productId: string) {
  return createProductSettingsModel(await defaultDb()).clear(shop, productId);
}

/** "One try-on per colour" for one product (issue 15.1): true/false, or null to follow its collection. */
export async function setProductOnePerColour(shop: string, productId: string, onePerColour: boolean | null) {
  const prisma = await defaultDb();
  return prisma.productSettings.upsert({
    where: { shop_productId: { shop, productId } },
    create: { shop, productId, onePerColour },
    update: { onePerColour },
  });
}
