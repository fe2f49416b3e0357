/**
 * Seeds the demo database as if the merchant had installed the app and connected the try-on provider:
 * the shop's offline session (token accepted by the local Admin API) and ShopSettings with the local
 * try-on service's credentials, the secret encrypted like the Settings page stores it.
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { encryptSecret } from "../../app/security/secret-box";

export interface DemoSeedOptions {
  databaseUrl: string;
  shop: string;
  accessToken: string;
  scopes: string;
  encryptionKey: string;
  provider: { appKey: string; appSecret: string };
}

export async function seedDemoDatabase(o: DemoSeedOptions): Promise<void> {
  const prisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: o.databaseUrl }) });
  try {
    const id = `offline_${o.shop}`;
    await prisma.session.upsert({
      where: { id },
      create: { id, shop: o.shop, state: "installed", isOnline: false, scope: o.scopes, accessToken: o.accessToken },
      update: { accessToken: o.accessToken, scope: o.scopes },
    });
    const provider = {
      providerAppKey: o.provider.appKey,
      providerSecretEnc: encryptSecret(o.provider.appSecret, o.encryptionKey),
      region: "global",
      trial: false,
    };
    await prisma.shopSettings.upsert({ where: { shop: o.shop }, create: { shop: o.shop, ...provider }, update: provider });
  } finally {
    await prisma.$disconnect();
  }
}
