import type { ShopSettings } from "@prisma/client";
import prisma from "../db.server";
import { env } from "../env.server";
import { encryptSecret, maskSecret, openSecret } from "../security/secret-box";

/** Shop settings as the app uses them: the secret stays sealed; only a mask ever leaves this module. */
export type ShopSettingsView = Omit<ShopSettings, "providerSecretEnc"> & {
  providerSecretMasked: string | null;
  hasProviderSecret: boolean;
};

export type ProviderCredentials = {
  appKey: string;
  appSecret: string;
  region: "global" | "cn";
  trial: boolean;
};

/**
 * Opens the shop's stored secret. A secret sealed in the older format (not bound to its shop) is sealed
 * again, bound to this shop, and stored in place of the old value (only if the row still holds it).
 */
async function openStoredSecret(shop: string, sealed: string): Promise<string> {
  const { plain, resealed } = openSecret(sealed, env().ENCRYPTION_KEY, shop);
  if (resealed) await prisma.shopSettings.updateMany({ where: { shop, providerSecretEnc: sealed }, data: { providerSecretEnc: resealed } });
  return plain;
}

async function toView(row: ShopSettings): Promise<ShopSettingsView> {
  const { providerSecretEnc, ...rest } = row;
  let masked: string | null = null;
  if (providerSecretEnc) {
    try {
      masked = maskSecret(await openStoredSecret(row.shop, providerSecretEnc));
    } catch {
      masked = "(cannot be read: ENCRYPTION_KEY changed — enter the secret again)";
    }
  }
  return { ...rest, providerSecretMasked: masked, hasProviderSecret: Boolean(providerSecretEnc) };
}

/** The shop's settings, created with defaults on first read. */
export async function getShopSettings(shop: string): Promise<ShopSettingsView> {
  const row = await prisma.shopSettings.upsert({ where: { shop }, create: { shop }, update: {} });
  return toView(row);
}

export type ShopSettingsUpdate = Partial<
  Omit<ShopSettings, "id" | "shop" | "createdAt" | "updatedAt" | "providerSecretEnc">
> & {
  /** Plain secret from the settings form; encrypted here. Undefined keeps the stored one. */
  providerSecret?: string;
};

export async function updateShopSettings(shop: string, update: ShopSettingsUpdate): Promise<ShopSettingsView> {
  const { providerSecret, ...fields } = update;
  const data = {
    ...fields,
    ...(providerSecret !== undefined
      ? { providerSecretEnc: providerSecret === "" ? null : encryptSecret(providerSecret, env().ENCRYPTION_KEY, shop) }
      : {}),
  };
  const row = await prisma.shopSettings.upsert({
    where: { shop },
    create: { shop, ...data },
    update: data,
  });
  return toView(row);
}

/** Decrypted provider credentials for server-side calls; null when the shop has not connected yet. */
export async function getProviderCredentials(shop: string): Promise<ProviderCredentials | null> {
  const row = await prisma.shopSettings.findUnique({ where: { shop } });
  if (!row?.providerAppKey || !row.providerSecretEnc) return null;
  return {
    appKey: row.providerAppKey,
    appSecret: await openStoredSecret(shop, row.providerSecretEnc),
    region: row.region === "cn" ? "cn" : "global",
    trial: row.trial,
  };
}
