/**
 * Try-on defaults per collection (read and written by the Collections page and the collection action).
 * Values are validated with app/settings' schema; null columns inherit from the shop.
 */
import type { CollectionSettings, PrismaClient } from "@prisma/client";
import { parseSettingsPatch, patchFromRow, rowFromPatch, type SettingsIssue, type SettingsPatch } from "../settings/fields";
import type { CollectionSettingsInput } from "../settings/inheritance";
import { defaultDb } from "./db-handle.server";

export type SaveResult<T> = { ok: true; value: T } | { ok: false; issues: SettingsIssue[] };

export function createCollectionSettingsModel(db: PrismaClient) {
  return {
    async get(shop: string, collectionId: string): Promise<CollectionSettings | null> {
      return db.collectionSettings.findUnique({ where: { shop_collectionId: { shop, collectionId } } });
    },

    /** Validates and stores a patch (undefined fields unchanged, null/"" = inherit). */
    async save(shop: string, collectionId: string, input: unknown, collectionTitle?: string | null): Promise<SaveResult<CollectionSettings>> {
      const parsed = parseSettingsPatch(input);
      if (!parsed.ok) return parsed;
      const data = { ...rowFromPatch(parsed.value), ...(collectionTitle !== undefined ? { collectionTitle } : {}) };
      const row = await db.collectionSettings.upsert({
        where: { shop_collectionId: { shop, collectionId } },
        create: { shop, collectionId, ...data },
        update: data,
      });
      return { ok: true, value: row };
    },

    async clear(shop: string, collectionId: string): Promise<void> {
      await db.collectionSettings.deleteMany({ where: { shop, collectionId } });
    },

    /** Every collection of the shop with settings (a shop has few), as inheritance inputs. */
    async allForShop(shop: string): Promise<CollectionSettingsInput[]> {
      const rows = await db.collectionSettings.findMany({ where: { shop }, orderBy: { collectionId: "asc" } });
      return rows.map(toInput);
    },
  };
}
export type CollectionSettingsModel = ReturnType<typeof createCollectionSettingsModel>;

export function toInput(row: CollectionSettings): CollectionSettingsInput {
  return { collectionId: row.collectionId, title: row.collectionTitle, updatedAt: row.updatedAt, settings: patchFromRow(row) };
}

export function collectionPatch(row: CollectionSettings | null): SettingsPatch {
  return patchFromRow(row);
}

// ---- Default-bound helpers for routes ----

export async function getCollectionSettings(shop: string, collectionId: string) {
  return createCollectionSettingsModel(await defaultDb()).get(shop, collectionId);
}

export async function saveCollectionSettings(shop: string, collectionId: string, input: unknown, collectionTitle?: string | null) {
  return createCollectionSettingsModel(await defaultDb()).save(shop, collectionId, input, collectionTitle);
}

export async function clearCollectionSettings(shop: string, collectionId: string) {
  return createCollectionSettingsModel(await defaultDb()).clear(shop, collectionId);
}
