/**
 * The web-vitals workload's process: the whole offline demo (local admin frame, the built app, the local
 * Admin API with the demo seed, the local try-on service) on a fresh database holding `jobs` try-on jobs
 * (bench/lib/seed-jobs.ts: one collection run, most jobs waiting for review with 4 images each), and
 * Debian's Chromium measuring Core Web Vitals in the app's iframe with Google's `web-vitals` library,
 * injected into every frame before the page's own scripts:
 *
 * - LCP and CLS of a full load of each page (the admin frame loads the app, as Shopify admin does);
 * - INP from a real click on the page (a trusted input event through Chromium's Event Timing API).
 *
 * Every request Chromium makes stays on this machine: result and garment URLs the seed stores
 * (result.aidc-ai.com, cdn.shopify.com) are answered by a route handler with a local JPEG, and the
 * host resolver refuses every other name.
 *
 * The runner is off (RUNNER=off): the seeded jobs stay as they are while the pages are measured.
 *
 * IPC: child → ready {runId}; parent → measure; child → measured {pages}; exits.
 * Env: BENCH_WEB_VITALS (JSON WebVitalsChildConfig).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { createPrismaClient } from "../../app/db-client.server";
import sharp from "sharp";
import { chromium, type Frame, type Page } from "playwright-core";
import { startDemoStack } from "../../local/demo/stack";
import { DEMO_IDS } from "../../local/admin-api/seed";
import { seedJobs } from "../lib/seed-jobs";
import { fromParent, toParent } from "../lib/child";

export interface WebVitalsChildConfig {
  jobs: number;
  /** Measured loads per page (after one warm-up load). */
  samples: number;
  databaseFile: string;
  width: number;
  height: number;
  /** How the built app is served (local/demo/stack.ts serverMode); default "production". */
  serverMode?: "development" | "production";
  /** Only these pages (by name, case-insensitive); all when absent. */
  pages?: string[];
}

export interface PageVitals {
  name: string;
  path: string;
  /** What was clicked for INP. */
  interaction: string;
  lcpMs: number[];
  cls: number[];
  /** null when no interaction reached Event Timing's 16 ms floor (INP is then below 16 ms). */
  inpMs: Array<number | null>;
  /** Where each metric's time went, from web-vitals' attribution build (one line per metric, worst load). */
  attribution?: { lcp?: string; cls?: string; inp?: string };
  error?: string;
}

const CHROMIUM = "/usr/bin/chromium";
const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36";

/** Collects web-vitals' reports (every change) on window.__vitals of each frame. */
const COLLECTOR = `
(() => {
  const v = (window.__vitals = { lcp: null, cls: null, inp: null, why: {} });
  const ms = (x) => Math.round(x || 0);
  const start = () => {
    // The library's IIFE declares \`var webVitals\` in this script's scope (init scripts may run wrapped).
    const w = typeof webVitals === "object" ? webVitals : window.webVitals;
    if (!w) return;
    w.onLCP((m) => {
      v.lcp = m.value;
      const a = m.attribution || {};
      v.why.lcp = (a.target || "?") + ": first byte " + ms(a.timeToFirstByte) + " ms, load delay " + ms(a.resourceLoadDelay) + " ms, load " + ms(a.resourceLoadDuration) + " ms, render delay " + ms(a.elementRenderDelay) + " ms";
    }, { reportAllChanges: true });
    w.onCLS((m) => {
      v.cls = m.value;
      const a = m.attribution || {};
      if (m.value > 0) v.why.cls = (a.largestShiftTarget || "?") + " moved " + (a.largestShiftValue || 0).toFixed(3) + " at " + ms(a.largestShiftTime) + " ms (" + (a.loadState || "?") + ")";
    }, { reportAllChanges: true });
    w.onINP((m) => {
      v.inp = m.value;
      const a = m.attribution || {};
      v.why.inp = (a.interactionTarget || "?") + ": input delay " + ms(a.inputDelay) + " ms, handlers " + ms(a.processingDuration) + " ms, presentation " + ms(a.presentationDelay) + " ms";
    }, { reportAllChanges: true, durationThreshold: 16 });
  };
  start();
})();
`;

interface PageSpec {
  name: string;
  path: string;
  /** The element that shows the page is there (inside the app frame). */
  ready: (f: Frame) => Promise<unknown>;
  /** What the merchant clicks (INP), with its label. */
  interact: { label: string; run: (f: Frame) => Promise<unknown> };
}

function pages(runId: string): PageSpec[] {
  const P = DEMO_IDS.products;
  const C = DEMO_IDS.collections;
  const heading = (f: Frame) => f.locator("h2, h3").first();
  return [
    { name: "Dashboard", path: "/app", ready: (f) => f.getByText("Active runs").first().waitFor(), interact: { label: "a card heading (no handler: input-to-paint)", run: (f) => heading(f).click() } },
    { name: "Products", path: "/app/products", ready: (f) => f.getByRole("row").nth(1).waitFor(), interact: { label: "a row's checkbox (selection)", run: (f) => f.getByRole("row").nth(1).getByRole("checkbox").first().check() } },
    { name: "Product", path: `/app/products/${P.linenMidiDress}`, ready: (f) => f.getByText("Garment image").first().waitFor(), interact: { label: "Customize (shows the settings form)", run: (f) => f.getByRole("button", { name: "Customize" }).click() } },
    // The Collections page has no h2/h3 (its title is in App Bridge's title bar): a column heading, as on Runs.
    { name: "Collections", path: "/app/collections", ready: (f) => f.getByText("Essentials Tops").first().waitFor(), interact: { label: "a column heading (no handler)", run: (f) => f.getByRole("columnheader").first().click() } },
    { name: "Collection", path: `/app/collections/${C.essentialsTops}`, ready: (f) => f.getByLabel("View").waitFor(), interact: { label: "the model choice (radio)", run: (f) => f.getByText("A model from your Aidge model library").click() } },
    { name: "Runs", path: "/app/runs", ready: (f) => f.getByRole("row").nth(1).waitFor(), interact: { label: "a column heading (no handler)", run: (f) => f.getByRole("columnheader").first().click() } },
    { name: "Run", path: `/app/runs/${runId}`, ready: (f) => f.getByRole("tab").first().waitFor(), interact: { label: "the Failed tab", run: (f) => f.getByRole("tab", { name: /Failed/ }).click() } },
    { name: "Review", path: "/app/review", ready: (f) => f.getByTestId("review-tile").first().waitFor(), interact: { label: "a result tile (select)", run: (f) => f.getByTestId("review-tile").first().click() } },
    { name: "Settings", path: "/app/settings", ready: (f) => f.getByLabel("App key").waitFor(), interact: { label: "Approve results automatically (checkbox)", run: (f) => f.getByLabel("Approve results automatically").check() } },
  ];
}

async function appFrame(page: Page, timeoutMs = 60_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const f = page.frame({ name: "app-iframe" });
    if (f && new URL(f.url()).pathname.startsWith("/app")) return f;
    if (Date.now() > deadline) throw new Error("the app's iframe did not load");
    await page.waitForTimeout(50);
  }
}

interface Vitals {
  lcp: number | null;
  cls: number | null;
  inp: number | null;
  why: { lcp?: string; cls?: string; inp?: string };
}
const readVitals = (f: Frame) => f.evaluate(() => (window as unknown as { __vitals: Vitals }).__vitals);

async function main() {
  const config = JSON.parse(process.env.BENCH_WEB_VITALS ?? "{}") as WebVitalsChildConfig;
  const stack = await startDemoStack({
    framePort: 0,
    appPort: 0,
    adminApiPort: 0,
    tryonPort: 0,
    databaseFile: config.databaseFile,
    nodeEnv: "development",
    // What a merchant gets from `remix-serve` in production (React's production server builds); the
    // app keeps NODE_ENV=development only so that it accepts the local stand-ins.
    serverMode: config.serverMode ?? "production",
    env: { RUNNER: "off", LOG_LEVEL: "warn" },
  });
  const db = createPrismaClient(`file:${config.databaseFile}`);
  const productIds = Object.values(DEMO_IDS.products).map((id) => `gid://shopify/Product/${id}`);
  const seeded = await seedJobs(db, { shop: stack.shop, productIds, jobs: config.jobs, collectionGid: `gid://shopify/Collection/${DEMO_IDS.collections.essentialsTops}` });
  await db.$disconnect();

  // A result-sized photo for every seeded (remote) image URL.
  const jpeg = await sharp({ create: { width: 768, height: 1024, channels: 3, background: "#c9b8a6" } }).jpeg({ quality: 80 }).toBuffer();
  const require = createRequire(import.meta.url);
  const webVitals = readFileSync(path.join(path.dirname(require.resolve("web-vitals")), "web-vitals.attribution.iife.js"), "utf8");

  toParent({ type: "ready", runId: seeded.runId, byState: seeded.byState, images: seeded.images });
  await fromParent("measure");

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      // Nothing leaves the machine: every name but the local ones fails to resolve.
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    ],
  });
  const results: PageVitals[] = [];
  try {
    const only = config.pages?.map((n) => n.toLowerCase());
    for (const spec of pages(seeded.runId).filter((s) => !only || only.includes(s.name.toLowerCase()))) {
      const r: PageVitals = { name: spec.name, path: spec.path, interaction: spec.interact.label, lcpMs: [], cls: [], inpMs: [] };
      results.push(r);
      const context = await browser.newContext({ viewport: { width: config.width, height: config.height }, userAgent: USER_AGENT });
      await context.route(/^https:\/\/(result\.aidc-ai\.com|cdn\.shopify\.com\/s\/files\/bench)\//, (route) => route.fulfill({ status: 200, contentType: "image/jpeg", body: jpeg, headers: { "Cache-Control": "max-age=3600" } }));
      await context.addInitScript({ content: `${webVitals}\n${COLLECTOR}` });
      const page = await context.newPage();
      page.setDefaultTimeout(60_000);
      try {
        for (let i = 0; i <= config.samples; i++) {
          await page.goto(`${stack.frame.origin}/store/${stack.shop.replace(/\.myshopify\.com$/, "")}/apps/fitting-room${spec.path}`);
          const frame = await appFrame(page);
          await frame.waitForLoadState("load");
          await spec.ready(frame);
          // Let late content land (images, deferred data) before reading LCP; LCP stops at the first input.
          await page.waitForTimeout(1500);
          const before = await readVitals(frame);
          await spec.interact.run(frame);
          // The interaction's next paint, then any shift it causes.
          await page.waitForTimeout(1000);
          const after = await readVitals(frame);
          if (i === 0) continue; // warm-up: caches filled, server code paths compiled
          // The worst load's explanation of each metric.
          const worse = (xs: Array<number | null>, x: number | null) => x !== null && xs.every((y) => y === null || x >= y);
          r.attribution ??= {};
          if (worse(r.lcpMs, before.lcp)) r.attribution.lcp = before.why.lcp;
          if (worse(r.cls, after.cls) && after.why.cls) r.attribution.cls = after.why.cls;
          if (worse(r.inpMs, after.inp)) r.attribution.inp = after.why.inp;
          if (before.lcp !== null) r.lcpMs.push(before.lcp);
          r.cls.push(after.cls ?? 0);
          r.inpMs.push(after.inp);
        }
      } catch (error) {
        r.error = (error as Error).message.split("\n")[0];
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  toParent({ type: "measured", pages: results });
  await stack.close();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
