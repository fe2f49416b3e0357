/**
 * The whole offline demo in one process: the local Admin API (demo seed), the local try-on service, the
 * app (built Remix server, in-process runner) on a migrated SQLite database with a seeded session, and
 * the local admin frame that embeds it. Used by `npm run demo` (local/demo/start.ts) and the browser
 * tests (tests/e2e), which start it on free ports with short task timings.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import type { ServerBuild } from "@remix-run/node";
import { startAdminFrame, type AdminFrame } from "./admin-frame";
import { claimDatabase } from "./database-claim";
import { startAppServer, type AppServer } from "./app-server";
import { snapshotBuild } from "./build";
import { seedDemoDatabase } from "./seed";
import { start as startTryOn, type TryOnService } from "../tryon-service/server";
import { start as startAdminApi, type LocalAdminApi } from "../admin-api/server";
import { ensureAdminSchema } from "../../scripts/schema/admin-schema";

const run = promisify(execFile);

export const DEMO_SHOP = "fitting-room-demo.myshopify.com";
export const DEMO_API_KEY = "fitting-room-demo";
export const DEMO_SCOPES = "read_products,write_products,write_files";
/** The offline access token the seeded session holds and the local Admin API accepts. */
export const DEMO_ACCESS_TOKEN = "shpat_fitting_room_demo";

export interface DemoStackOptions {
  /** Project root (where package.json lives); default process.cwd(). */
  root?: string;
  /** Admin frame port (the URL to open); 0 = any free port. */
  framePort?: number;
  /** App port; 0 = any free port. */
  appPort?: number;
  adminApiPort?: number;
  tryonPort?: number;
  /** SQLite file; default <root>/tmp/demo/demo.sqlite. Recreated on every start unless keepDatabase. */
  databaseFile?: string;
  keepDatabase?: boolean;
  /** Try-on task duration in the local service, ms; default 4000 (looks alive in the demo). */
  taskMs?: number;
  /** Submit QPS of the local try-on service; default 5. */
  submitQps?: number;
  /** Calls the local try-on service's key may make (paid, trial); default 1,000,000 each. Tests use 0 to run a pool dry. */
  tryonQuota?: { paid?: number; trial?: number };
  /** NODE_ENV for the app; default "development" (the dev stand-ins are refused in production). */
  nodeEnv?: "development" | "test";
  /**
   * How the built app is served. "production": React's production builds render on the server and
   * Remix's request handler runs in production mode — what `remix-serve` with NODE_ENV=production
   * gives a merchant (the browser bundle is a production build either way). The app's own NODE_ENV
   * stays `nodeEnv`, so it keeps accepting the local stand-ins. Needs a process that has not loaded
   * React yet. Default "development" (React's development server builds: slower, with checks and
   * warnings).
   */
  serverMode?: "development" | "production";
  /** Extra environment for the app (e.g. runner timings); applied before the app is imported. */
  env?: Record<string, string>;
  /**
   * The local Admin API sends products/create and products/update webhooks to the app
   * ({app}/webhooks/products/create …, signed with the app's secret), as Shopify does; default true.
   */
  webhooks?: boolean;
  /** Progress lines; default silent. */
  log?: (line: string) => void;
  /** Log the app's own output (console); default true. */
  quietApp?: boolean;
}

export interface DemoStack {
  /** Open this: the app inside the local admin frame. */
  url: string;
  frame: AdminFrame;
  appUrl: string;
  shop: string;
  adminApi: LocalAdminApi;
  tryon: TryOnService;
  databaseFile: string;
  close(): Promise<void>;
}

/** Build copies left by demo processes that died without closing (their pid is gone). */
function removeAbandonedSnapshots(dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const pid = Number(/^build-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      // ESRCH: no such process (EPERM would mean it exists, run by someone else).
      if ((error as { code?: string }).code === "ESRCH") rmSync(path.join(dir, name), { recursive: true, force: true });
    }
  }
}

/** React's entry points pick their development or production build from NODE_ENV when first loaded. */
const REACT_ENTRIES = ["react", "react/jsx-runtime", "react-dom", "react-dom/server"];

/**
 * Loads React's production builds into this process before the server bundle imports React (the
 * bundle leaves node_modules external, so it gets these cached modules). NODE_ENV is production only
 * while they load; the app itself reads its NODE_ENV later, per request.
 */
function loadReactForProduction(root: string): void {
  const require = createRequire(path.join(root, "package.json"));
  const already = REACT_ENTRIES.filter((id) => require.cache[require.resolve(id)]);
  if (already.length) throw new Error(`serverMode "production": React is already loaded in this process (${already.join(", ")}); start the demo stack in a fresh process`);
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    for (const id of REACT_ENTRIES) require(id);
  } finally {
    process.env.NODE_ENV = previous;
  }
}

export async function startDemoStack(o: DemoStackOptions = {}): Promise<DemoStack> {
  const root = path.resolve(o.root ?? process.cwd());
  const log = o.log ?? (() => {});
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => {});
  };

  try {
    // A private copy of the build: a rebuild while the demo runs cannot pull assets from under it.
    removeAbandonedSnapshots(path.join(root, "tmp", "demo"));
    const snapshot = await snapshotBuild(root, path.join(root, "tmp", "demo", `build-${process.pid}-${randomUUID().slice(0, 8)}`), log);
    closers.push(async () => snapshot.remove());
    if (snapshot.built) log("App built.");

    // Database: migrated with the project's own migrations, fresh unless asked to keep it.
    const databaseFile = path.resolve(o.databaseFile ?? path.join(root, "tmp", "demo", "demo.sqlite"));
    mkdirSync(path.dirname(databaseFile), { recursive: true });
    // Refuse (before deleting anything) while another live demo uses this file (issue 17.12).
    const claim = claimDatabase(databaseFile);
    closers.push(async () => claim.release());
    if (!o.keepDatabase) for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(databaseFile + suffix, { force: true });
    const databaseUrl = `file:${databaseFile}`;
    await run(path.join(root, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    log(`Database ready: ${path.relative(root, databaseFile)}`);

    // Local stand-ins. The local Admin API runs on Shopify's real schema, cached under .cache/ (the
    // first start after a fresh clone fetches it from the npm registry, like `npm ci` does).
    await ensureAdminSchema({ log, codegenCopy: false });
    const adminApi: LocalAdminApi = await startAdminApi({ port: o.adminApiPort ?? 0, seed: "demo", accessTokens: [DEMO_ACCESS_TOKEN] });
    closers.push(() => adminApi.close());
    log(`Local Admin API (demo seed): ${adminApi.url}`);
    const tryon = await startTryOn({ port: o.tryonPort ?? 0, taskMs: o.taskMs ?? 4000, submitQps: o.submitQps ?? 5, quota: o.tryonQuota?.paid, trialQuota: o.tryonQuota?.trial });
    closers.push(() => tryon.close());
    log(`Local try-on service: ${tryon.url}`);

    // The app's and the frame's ports are bound first: their URLs go into the app's environment.
    const appServer: AppServer = await startAppServer({ port: o.appPort ?? 0, publicDir: snapshot.publicDir });
    closers.push(() => appServer.close());
    const apiSecret = randomBytes(24).toString("hex");
    const frame = await startAdminFrame({
      port: o.framePort ?? 0,
      shop: DEMO_SHOP,
      apiKey: DEMO_API_KEY,
      apiSecret,
      appUrl: () => appServer.origin,
      adminApi: () => ({ url: adminApi.url, accessToken: DEMO_ACCESS_TOKEN, shop: DEMO_SHOP }),
    });
    closers.push(() => frame.close());
    appServer.allowFrameAncestor(frame.origin);
    if (o.webhooks ?? true) {
      adminApi.webhooks.setTarget({ url: `${appServer.origin}/webhooks/{topic}`, secret: apiSecret });
      log(`Webhooks products/create, products/update → ${appServer.origin}/webhooks/<topic>`);
    }

    const encryptionKey = randomBytes(32).toString("hex");
    Object.assign(process.env, {
      NODE_ENV: o.nodeEnv ?? "development",
      SHOPIFY_API_KEY: DEMO_API_KEY,
      SHOPIFY_API_SECRET: apiSecret,
      SHOPIFY_APP_URL: appServer.origin,
      SCOPES: DEMO_SCOPES,
      DATABASE_URL: databaseUrl,
      ENCRYPTION_KEY: encryptionKey,
      LOCAL_ADMIN_API_URL: adminApi.url,
      AIDGE_BASE_URL: tryon.url,
      APP_BRIDGE_URL: frame.appBridgeUrl,
      RUNNER: "inline",
      ...o.env,
    });

    await seedDemoDatabase({
      root,
      databaseUrl,
      shop: DEMO_SHOP,
      accessToken: DEMO_ACCESS_TOKEN,
      scopes: DEMO_SCOPES,
      env: { ...process.env },
      provider: { appKey: tryon.appKey, appSecret: tryon.appSecret },
    });
    log("Seeded the demo shop's session and try-on credentials (encrypted).");

    if (o.serverMode === "production") loadReactForProduction(root);
    const buildUrl = pathToFileURL(snapshot.serverBuild).href;
    const build = (await import(/* @vite-ignore */ buildUrl)) as ServerBuild;
    appServer.setBuild(build, o.serverMode === "production" ? "production" : (process.env.NODE_ENV ?? "development"));
    // On close, stop the app's try-on runner first (before the stand-ins it talks to go away). The
    // runtime keeps its one instance on globalThis (app/pipeline/runtime.server.ts).
    closers.push(async () => {
      const runtime = (globalThis as { __fittingRoomPipelineRuntime?: { driver: Promise<{ stop(graceMs?: number): Promise<void> } | null> | null } }).__fittingRoomPipelineRuntime;
      const driver = await runtime?.driver;
      await driver?.stop(3_000);
    });
    log(`App: ${appServer.origin} (embedded in the local admin at ${frame.origin})`);

    return {
      url: frame.url,
      frame,
      appUrl: appServer.origin,
      shop: DEMO_SHOP,
      adminApi,
      tryon,
      databaseFile,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
