/**
 * Try-on defaults per collection (read and written by the Collections page and the collection action).
 * Values are validated with app/settings' schema; null columns inherit from the shop.
 */
import type { CollectionSettings, PrismaClient } from "@prisma/client";
import { parseSettingsPatch, patchFromRow, rowFromPatch, SETTING_FIELDS, type SettingsIssue, type SettingsPatch } from "../settings/fields";
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
      // "Try on new products" is not a try-on default: clearing the defaults keeps it.
      const nulls = Object.fromEntries(SETTING_FIELDS.map((f) => [f, null]));
      await db.collectionSettings.updateMany({ where: { shop, collectionId, tryOnNewProducts: true }, data: nulls });
      await db.collectionSettings.deleteMany({ where: { shop, collectionId, tryOnNewProducts: false } });
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
  return { collectionId: row.collectionId, title: row.collectionTitle, updatedAt: row.updatedAt, settings: patchFromRow(row), onePerColour: row.onePerColour };
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

/**
 * "Try on new products" (issue 15.2). Turning it on records when, and clears the baseline, so the next
 * sweep records the members present now as not new; turning it off stops webhooks and sweeps for it.
 */
export async function setTryOnNewProducts(shop: string, collectionId: string, enabled: boolean, collectionTitle?: string | null) {
  const prisma = await defaultDb();
  const current = await prisma.collectionSettings.findUnique({ where: { shop_collectionId: { shop, collectionId } } });
  if (current && current.tryOnNewProducts === enabled) return current;
  const data = enabled
    ? { tryOnNewProducts: true, tryOnNewProductsSince: new Date(), newProductsBaselineAt: null }
    : { tryOnNewProducts: false, tryOnNewProductsSince: null, newProductsBaselineAt: null };
  return prisma.collectionSettings.upsert({
    where: { shop_collectionId: { shop, collectionId } },
    create: { shop, collectionId, collectionTitle: collectionTitle ?? null, ...data },
    update: { ...data, ...(collectionTitle ? { collectionTitle } : {}) },
  });
}

/**
 * The collection's placement of approved photos (issue 15.5): "after" | "first", or null to use the
 * shop's. Saved on its own, like "Try on new products", so it never touches the try-on defaults.
 */
export async function setCollectionPlacement(shop: string, collectionId: string, placement: "after" | "first" | null, collectionTitle?: string | null) {
  const prisma = await defaultDb();
  const data = { placement, ...(collectionTitle !== undefined ? { collectionTitle } : {}) };
  return prisma.collectionSettings.upsert({
    where: { shop_collectionId: { shop, collectionId } },
    create: { shop, collectionId, ...data },
    update: data,
  });
}

/**
 * "One try-on per colour" for this collection's products (issue 15.1): true/false, or null for the
 * default (on). Saved on its own, like placement, so it never touches the try-on defaults.
 */
export async function setCollectionOnePerColour(shop: string, collectionId: string, onePerColour: boolean | null, collectionTitle?: string | null) {
  const prisma = await defaultDb();
  const data = { onePerColour, ...(collectionTitle !== undefined ? { collectionTitle } : {}) };
  return prisma.collectionSettings.upsert({
    where: { shop_collectionId: { shop, collectionId } },
    create: { shop, collectionId, ...data },
    update: data,
  });
}
