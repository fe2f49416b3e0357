/**
 * Browser-test harness: the demo stack (local Admin API + local try-on service + the built app + the
 * local admin frame) started in-process on free ports with short task timings, and Debian's Chromium
 * driven by playwright-core. Screenshots of every page land in test-artifacts/screenshots/.
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Frame, type FrameLocator, type Locator, type Page } from "playwright-core";
import { startDemoStack, type DemoStack } from "../../local/demo/stack";
import { adminGraphql } from "../../local/demo/admin-client";

export const CHROMIUM = "/usr/bin/chromium";
export const HAS_CHROMIUM = existsSync(CHROMIUM);
/** Why the browser tests cannot run here; they fail with it (a skip is only ever FITTING_ROOM_SKIP=browser). */
export const MISSING_CHROMIUM = `${CHROMIUM} is absent. Install it with: sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium (npm test does this when run as root), or skip the browser tests on purpose: FITTING_ROOM_SKIP=browser npm test`;

export const SCREENSHOTS = path.resolve("test-artifacts/screenshots");
/** A normal desktop browser: shopify-app-remix answers 410 to bot user agents such as HeadlessChrome. */
const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36";

export interface E2E {
  stack: DemoStack;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** The app inside the admin frame (locators). */
  app: FrameLocator;
  /** Problems the browser reported (uncaught errors, console errors). */
  problems: string[];
  /** React development warnings (only a development/test-mode build prints them); logged, not failed on. */
  warnings: string[];
  close(): Promise<void>;
}

export interface E2EOptions {
  /** Try-on task duration at the local service, ms; default 250. */
  taskMs?: number;
  /** Submits per second the local service and the app's runner allow; default 50 (service), 20 (app). */
  submitQps?: number;
  /** Calls the shop's key may make at the local service (paid, trial); default plenty. */
  tryonQuota?: { paid?: number; trial?: number };
}

export async function startE2E(o: E2EOptions = {}): Promise<E2E> {
  const stack = await startDemoStack({
    framePort: 0,
    appPort: 0,
    adminApiPort: 0,
    tryonPort: 0,
    // The per-file test database (already migrated by the test setup).
    databaseFile: process.env.TEST_DATABASE_FILE,
    keepDatabase: true,
    taskMs: o.taskMs ?? 250,
    submitQps: o.submitQps ?? 50,
    tryonQuota: o.tryonQuota,
    nodeEnv: "test",
    env: { LOG_LEVEL: "warn", TRYON_SUBMIT_QPS: String(o.submitQps ?? 20), TRYON_QUERY_QPS: "40" },
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, userAgent: USER_AGENT });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const problems: string[] = [];
  const warnings: string[] = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    // Failed loads are reported with their URL by the response listener below.
    // "Failed to fetch manifest patches": Remix's route discovery request cut off by the test leaving the page.
    if (m.type() !== "error" || /favicon|Failed to load resource|Failed to fetch manifest patches/.test(m.text())) return;
    if (m.text().startsWith("Warning:")) warnings.push(m.text().slice(0, 300));
    else problems.push(`console: ${m.text()}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && !/favicon/.test(r.url())) problems.push(`HTTP ${r.status()} ${r.request().method()} ${r.url().split("?")[0]}`);
  });
  // Each browser test file writes its own names (overwritten on every run): files run in parallel, so
  // none may empty the directory under another.
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    stack,
    browser,
    context,
    page,
    app: page.frameLocator("#app-frame"),
    problems,
    warnings,
    async close() {
      if (warnings.length) console.warn(`React warnings during the browser tests:\n${[...new Set(warnings)].join("\n")}`);
      await browser.close().catch(() => {});
      await stack.close();
    },
  };
}

/** The app's iframe as a Frame (for evaluate and URL checks). */
export function appFrame(page: Page): Frame {
  const frame = page.frame({ name: "app-iframe" });
  if (!frame) throw new Error("The app iframe is not on the page");
  return frame;
}

/** Waits until the app in the frame shows `path` and has rendered its title bar. */
export async function waitForAppPath(page: Page, pathname: string | RegExp, timeout = 30_000): Promise<void> {
  const matches = (url: string) => {
    const p = new URL(url).pathname;
    return typeof pathname === "string" ? p === pathname : pathname.test(p);
  };
  const deadline = Date.now() + timeout;
  while (!matches(appFrame(page).url())) {
    if (Date.now() > deadline) throw new Error(`The app did not reach ${pathname} (at ${appFrame(page).url()})`);
    await page.waitForTimeout(50);
  }
  await appFrame(page).waitForLoadState("domcontentloaded");
}

/** Clicks an item of the app's navigation, rendered by the admin frame like Shopify admin does. */
export async function navigate(page: Page, label: string, pathname: string): Promise<void> {
  // Toasts live in the admin frame and outlast in-app navigation: dismiss the earlier page's, so an
  // `expectToast` on the next page cannot be satisfied by a toast the last page raised.
  for (const close of await page.locator(".toast .toast-close").all()) await close.click().catch(() => undefined);
  await page.locator("#app-subnav a", { hasText: label }).click();
  await waitForAppPath(page, pathname);
}

/** The admin frame's title bar (rendered from the app's <ui-title-bar>). */
export function titleBar(page: Page): Locator {
  return page.locator("#titlebar");
}

export async function expectToast(page: Page, text: string | RegExp, timeout = 15_000): Promise<void> {
  await page.locator(".toast", { hasText: text }).first().waitFor({ timeout });
}

/**
 * A screenshot of the admin frame with the app's whole page visible: the viewport grows to the app's
 * content height first (the app scrolls inside its iframe), then returns to its size.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(SCREENSHOTS, `${name}.png`);
  // Result images are rendered on demand by the local try-on service: wait for them (bounded).
  await appFrame(page)
    .evaluate(
      () =>
        Promise.race([
          Promise.all(
            [...document.images].map((img) =>
              img.complete
                ? null
                : new Promise((r) => {
                    img.addEventListener("load", r, { once: true });
                    img.addEventListener("error", r, { once: true });
                  }),
            ),
          ),
          new Promise((r) => setTimeout(r, 10_000)),
        ]),
    )
    .catch(() => {});
  const height = await appFrame(page)
    .evaluate(() => document.documentElement.scrollHeight)
    .catch(() => 900);
  const original = page.viewportSize() ?? { width: 1400, height: 1000 };
  await page.setViewportSize({ width: original.width, height: Math.min(4000, Math.max(original.height, height + 110)) });
  await page.waitForTimeout(150);
  await page.screenshot({ path: file });
  await page.setViewportSize(original);
  return file;
}

/** Polls `check` (sleeping, with a deadline) until it returns a truthy value. */
export async function eventually<T>(what: string, check: () => Promise<T | null | undefined | false>, timeout = 60_000, every = 250): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ""}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

export interface AdminMedia {
  id: string;
  alt: string | null;
  image: { url: string } | null;
}

/** A product's media as the local Admin API has it (what Shopify would show on the product). */
export async function productMedia(stack: DemoStack, productId: string): Promise<AdminMedia[]> {
  const data = await adminGraphql<{ product: { media: { nodes: AdminMedia[] } } | null }>(
    { url: stack.adminApi.url, accessToken: stack.adminApi.accessToken, shop: stack.shop },
    `query E2EProductMedia($id: ID!) { product(id: $id) { media(first: 50) { nodes { id alt ... on MediaImage { image { url } } } } } }`,
    { id: productId },
  );
  return data.product?.media.nodes ?? [];
}

/** The admin-frame URL that opens `appPath` (e.g. "/app/products/1001") inside the app's iframe. */
export function adminUrl(stack: DemoStack, appPath: string): string {
  return `${stack.frame.origin}/store/${stack.shop.replace(/\.myshopify\.com$/, "")}/apps/fitting-room${appPath}`;
}

/** Opens an app page through the admin frame (a full load, as a merchant's bookmark or link would). */
export async function openApp(e: Pick<E2E, "page" | "stack">, appPath: string): Promise<void> {
  await e.page.goto(adminUrl(e.stack, appPath));
  await waitForAppPath(e.page, new URL(appPath, "http://x").pathname);
}

/**
 * Waits for whichever comes first after a click: a confirmation dialog in the app, or a toast (the
 * action happened at once). Returns which.
 */
export async function dialogOrToast(page: Page, app: FrameLocator, toast: string | RegExp, timeout = 15_000): Promise<"dialog" | "toast"> {
  const dialog = app.getByRole("dialog").first();
  const toastLocator = page.locator(".toast", { hasText: toast }).first();
  return Promise.race([
    dialog.waitFor({ timeout }).then(() => "dialog" as const),
    toastLocator.waitFor({ timeout }).then(() => "toast" as const),
  ]);
}
