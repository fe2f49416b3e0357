import type { ShopSettings } from "@prisma/client";
import prisma from "../db.server";
import { patchFromRow, resolveSettings, rowFromPatch, type SETTING_FIELDS, type ResolvedSettings, type SettingsPatch } from "../settings";
import { inheritedFromWords, settingsFormValues, type SettingsFormValues } from "../forms/try-on-settings";
import type { ShopSettingsForm } from "../forms/shop-settings";
import { getProviderCredentials, getShopSettings, updateShopSettings } from "../persistence/shop-settings.server";
import { altTextFor } from "../pipeline/alt-text";
import { DEFAULT_ALT_DISCLOSURE, DEFAULT_PLACEMENT, isPlacement, type Placement } from "../settings/photo-output";
import { forgetQuota, getQuota, rememberQuota, testConnection, type ConnectionResult } from "./provider.server";

/** What a settings field shows when left empty: the value it inherits and where from (see TryOnSettingsFields). */
export type InheritedValues = Record<(typeof SETTING_FIELDS)[number], { value: string; source: string }>;

export function toInherited(resolved: ResolvedSettings): InheritedValues {
  const out = {} as InheritedValues;
  for (const f of resolved.fields) {
    const v = f.value;
    out[f.field] = {
      value: Array.isArray(v) ? (v.length ? v.join(" ") : "none") : v === null ? "auto" : String(v),
      source: inheritedFromWords(f.source),
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
  /** The shop's own disclosure wording; "" = the default ({@link defaultAltDisclosure}). */
  altDisclosure: string;
  defaultAltDisclosure: string;
  /** What a shopper's alt text reads with the saved wording, on an example product. */
  altTextExample: string;
  placement: Placement;
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
    altDisclosure: view.altDisclosure ?? "",
    defaultAltDisclosure: DEFAULT_ALT_DISCLOSURE,
    altTextExample: altTextFor({ productTitle: "Linen Midi Dress", viewType: "fullbody", disclosure: view.altDisclosure }),
    placement: isPlacement(view.placement) ? view.placement : DEFAULT_PLACEMENT,
    defaults: settingsFormValues(patch),
    inherited: toInherited(resolveSettings({})),
    quota: view.hasProviderSecret ? await getQuota(shop, { cachedOnly: true }) : null,
  };
}

/**
 * The App key and secret are one credential (issue 17.3): both or neither. An empty App key with a
 * secret (typed or saved) is refused rather than silently disconnecting the shop; removing both is
 * the explicit "Disconnect" action. Errors are keyed by form field, in plain words.
 */
export function credentialErrors(form: { providerAppKey: string; providerSecret: string; clearSecret?: boolean }, saved: { hasSecret: boolean }): Record<string, string> {
  const key = form.providerAppKey.trim();
  const secretAfterSave = form.clearSecret ? Boolean(form.providerSecret) : Boolean(form.providerSecret) || saved.hasSecret;
  if (!key && secretAfterSave) {
    return {
      providerAppKey: saved.hasSecret && !form.providerSecret ? "Enter the App key that goes with the saved secret, or use Disconnect to remove both" : "Enter the App key that goes with this secret",
    };
  }
  if (key && !secretAfterSave) return { providerSecret: "Enter the App secret that goes with this App key" };
  return {};
}

/** Removes the saved App key and secret; the shop's other settings stay. */
export async function disconnectProvider(shop: string): Promise<void> {
  await updateShopSettings(shop, { providerAppKey: null, providerSecret: "" });
  forgetQuota(shop);
}

export async function saveShopSettingsForm(
  shop: string,
  form: Extract<ShopSettingsForm, { intent: "save" }>,
): Promise<{ ok: true } | { ok: false; fieldErrors: Record<string, string> }> {
  const before = await prisma.shopSettings.findUnique({ where: { shop }, select: { providerAppKey: true, region: true, trial: true, providerSecretEnc: true } });
  const fieldErrors = credentialErrors(form, { hasSecret: Boolean(before?.providerSecretEnc) });
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors };
  const secret = form.clearSecret ? "" : form.providerSecret ? form.providerSecret : undefined;
  await updateShopSettings(shop, {
    providerAppKey: form.providerAppKey || null,
    ...(secret !== undefined ? { providerSecret: secret } : {}),
    region: form.region,
    trial: form.trial,
    autoApprove: form.autoApprove,
    dailyImageCap: form.dailyImageCap,
    ...(form.altDisclosure !== undefined ? { altDisclosure: form.altDisclosure } : {}),
    ...(form.placement !== undefined ? { placement: form.placement } : {}),
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
