/**
 * Seeds the demo database as if the merchant had installed the app and connected the try-on provider:
 * the shop's offline session (token accepted by the local Admin API), then the local try-on service's
 * credentials stored through the app's own operator command (`npm run ops -- connect`), so the secret is
 * sealed exactly as the Settings page seals it. The demo does not import app code (local/ stays
 * independent of app/, tests/foundation/local-independence.test.ts) nor copy its encryption format.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { DEMO_IDS } from "../admin-api/seed";

export interface DemoSeedOptions {
  /** Project root (where package.json lives). */
  root: string;
  databaseUrl: string;
  shop: string;
  accessToken: string;
  scopes: string;
  /** The app's environment (DATABASE_URL, ENCRYPTION_KEY, …) the operator command runs with. */
  env: NodeJS.ProcessEnv;
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
    // The Colour Check Demo collection puts approved photos first (issue 15.5), so the demo shows both
    // placements without configuring anything: its product becomes featured, every other product keeps
    // the default (after the product's own photos). Created once; a merchant's later choice stays.
    const collectionId = `gid://shopify/Collection/${DEMO_IDS.collections.colourCheckDemo}`;
    await prisma.collectionSettings.upsert({
      where: { shop_collectionId: { shop: o.shop, collectionId } },
      create: { shop: o.shop, collectionId, collectionTitle: "Colour Check Demo", placement: "first" },
      update: {},
    });
  } finally {
    await prisma.$disconnect();
  }
  await connectProvider(o);
}

/** `ops connect` with the secret on standard input (never on the command line). */
function connectProvider(o: DemoSeedOptions): Promise<void> {
  const tsx = path.join(o.root, "node_modules", ".bin", "tsx");
  const args = [path.join(o.root, "app", "cli", "ops.ts"), "connect", "--shop", o.shop, "--app-key", o.provider.appKey, "--region", "global"];
  return new Promise((resolve, reject) => {
    const child = execFile(tsx, args, { cwd: o.root, env: o.env, timeout: 60_000 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`Storing the demo shop's try-on credentials failed (npm run ops -- connect): ${stderr.trim() || error.message}`));
      else resolve();
    });
    child.stdin?.end(o.provider.appSecret);
  });
}
