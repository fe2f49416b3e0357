import type { ShopSettings } from "@prisma/client";
import prisma from "../db.server";
import { patchFromRow, resolveSettings, describeSource, rowFromPatch, type SETTING_FIELDS, type ResolvedSettings, type SettingsPatch } from "../settings";
import { settingsFormValues, type SettingsFormValues } from "../forms/try-on-settings";
import type { ShopSettingsForm } from "../forms/shop-settings";
import { getProviderCredentials, getShopSettings, updateShopSettings } from "./shop-settings.server";
import { forgetQuota, getQuota, rememberQuota, testConnection, type ConnectionResult } from "./ui-provider.server";

/** What a settings field shows when left empty: the value it inherits and where from (see TryOnSettingsFields). */
export type InheritedValues = Record<(typeof SETTING_FIELDS)[number], { value: string; source: string }>;

export function toInherited(resolved: ResolvedSettings): InheritedValues {
  const out = {} as InheritedValues;
  for (const f of resolved.fields) {
    const v = f.value;
    out[f.field] = {
      value: Array.isArray(v) ? (v.length ? v.join(" ") : "none") : v === null ? "auto" : String(v),
      source: describeSource(f.source),
    };
  }
  return out;
}

export function shopPatch(row: ShopSettings | null): SettingsPatch {
  return patchFromRow(row as never);
}

export interface SettingsPageData {
  providerAppKey: string;
  providerSecretMasked: string | null;
  hasProviderSecret: boolean;
  region: "global" | "cn";
  trial: boolean;
  autoApprove: boolean;
  dailyImageCap: number | null;
  defaults: SettingsFormValues;
  inherited: InheritedValues;
  quota: ConnectionResult | null;
}

export async function getSettingsPageData(shop: string): Promise<SettingsPageData> {
  const view = await getShopSettings(shop);
  const patch = patchFromRow(view as never);
  return {
    providerAppKey: view.providerAppKey ?? "",
    providerSecretMasked: view.providerSecretMasked,
    hasProviderSecret: view.hasProviderSecret,
    region: view.region === "cn" ? "cn" : "global",
    trial: view.trial,
    autoApprove: view.autoApprove,
    dailyImageCap: view.dailyImageCap,
    defaults: settingsFormValues(patch),
    inherited: toInherited(resolveSettings({})),
    quota: view.hasProviderSecret ? await getQuota(shop, { cachedOnly: true }) : null,
  };
}

export async function saveShopSettingsForm(shop: string, form: Extract<ShopSettingsForm, { intent: "save" }>) {
  const before = await prisma.shopSettings.findUnique({ where: { shop }, select: { providerAppKey: true, region: true, trial: true } });
  const secret = form.clearSecret ? "" : form.providerSecret ? form.providerSecret : undefined;
  await updateShopSettings(shop, {
    providerAppKey: form.providerAppKey || null,
    ...(secret !== undefined ? { providerSecret: secret } : {}),
    region: form.region,
    trial: form.trial,
    autoApprove: form.autoApprove,
    dailyImageCap: form.dailyImageCap,
    ...(rowFromPatch(form.settings) as Partial<ShopSettings>),
  });
  const credentialsChanged =
    secret !== undefined || before?.providerAppKey !== (form.providerAppKey || null) || before?.region !== form.region || before?.trial !== form.trial;
  if (credentialsChanged) forgetQuota(shop);
  return { ok: true as const };
}

/**
 * "Test connection" with the credentials as typed; an empty secret means the saved one. A success
 * with the saved credentials also refreshes the Dashboard's quota figure.
 */
export async function testSettingsConnection(shop: string, form: Extract<ShopSettingsForm, { intent: "test" }>): Promise<ConnectionResult> {
  let secret = form.providerSecret;
  let usesSaved = false;
  if (!secret) {
    const saved = await getProviderCredentials(shop).catch(() => null);
    if (!saved) {
      return { ok: false, code: null, message: "Enter the App secret to test the connection (no secret is saved yet).", checkedAt: new Date().toISOString() };
    }
    secret = saved.appSecret;
    usesSaved = saved.appKey === form.providerAppKey && saved.region === form.region && saved.trial === form.trial;
  }
  const result = await testConnection({ appKey: form.providerAppKey, appSecret: secret, region: form.region, trial: form.trial });
  if (usesSaved) rememberQuota(shop, result);
  return result;
}
