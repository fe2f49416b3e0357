import { createTryOnClient, TryOnError, type AidgeRegion } from "../tryon";
import { env } from "../env.server";
import prisma from "../db.server";
import { getProviderCredentials } from "../persistence/shop-settings.server";

/**
 * The provider as the pages see it: "Test connection" (a signed balance call with the credentials as
 * typed) and the quota left, cached per shop because Aidge's balance endpoint is slow and meant to be
 * called rarely.
 */
export type ConnectionResult =
  | { ok: true; balance: number; checkedAt: string }
  | { ok: false; message: string; code: string | number | null; checkedAt: string };

export interface ConnectionInput {
  appKey: string;
  appSecret: string;
  region: AidgeRegion;
  trial: boolean;
}

/** How long a quota figure is reused, in ms (10 minutes). */
export const QUOTA_CACHE_MS = 10 * 60_000;
const quotaCache = new Map<string, { at: number; result: ConnectionResult }>();

export async function testConnection(input: ConnectionInput): Promise<ConnectionResult> {
  const checkedAt = new Date().toISOString();
  try {
    const client = createTryOnClient({
      appKey: input.appKey,
      appSecret: input.appSecret,
      region: input.region,
      trial: input.trial,
      baseUrl: env().AIDGE_BASE_URL,
      timeoutMs: 15_000,
      retry: { maxRetries: 0 },
    });
    const { balance } = await client.balance();
    return { ok: true, balance, checkedAt };
  } catch (error) {
    if (error instanceof TryOnError) return { ok: false, message: error.merchantMessage, code: error.code, checkedAt };
    return { ok: false, message: `Couldn't reach the try-on service: ${(error as Error).message}`, code: null, checkedAt };
  }
}

/** Remembers a fresh result (Test connection) so the Dashboard shows it without another call. */
export function rememberQuota(shop: string, result: ConnectionResult): void {
  quotaCache.set(shop, { at: Date.now(), result });
}

export function forgetQuota(shop: string): void {
  quotaCache.delete(shop);
}

/**
 * Quota left for the shop's saved credentials: cached for {@link QUOTA_CACHE_MS}; null when the shop
 * has not connected the provider yet.
 */
export async function getQuota(shop: string, options: { refresh?: boolean; cachedOnly?: boolean } = {}): Promise<ConnectionResult | null> {
  const cached = quotaCache.get(shop);
  if (cached && !options.refresh && Date.now() - cached.at < QUOTA_CACHE_MS && !(await spentSince(shop, cached.at))) return cached.result;
  if (options.cachedOnly) return null;
  let credentials;
  try {
    credentials = await getProviderCredentials(shop);
  } catch {
    return { ok: false, message: "The saved secret can't be read (the encryption key changed). Enter the secret again in Settings.", code: null, checkedAt: new Date().toISOString() };
  }
  if (!credentials) return null;
  const result = await testConnection(credentials);
  rememberQuota(shop, result);
  return result;
}

/**
 * True when a try-on was sent to the provider after `since` (ms): the balance figure is then stale,
 * so the Dashboard asks again after every run instead of showing the balance from before it (issue 17.10).
 */
async function spentSince(shop: string, since: number): Promise<boolean> {
  const job = await prisma.tryOnJob.findFirst({ where: { shop, submittedAt: { gt: new Date(since) } }, select: { id: true } });
  return job !== null;
}
