/**
 * Browser tests through the offline demo stack (tests/e2e/harness.ts): the merchant's whole journey in
 * the local admin frame, the demo's bad products with their specific errors, and a screenshot of every
 * page (test-artifacts/screenshots/). Without /usr/bin/chromium they fail with the command that installs
 * it; they are skipped only on request (FITTING_ROOM_SKIP=browser, printed in the run's summary).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  HAS_CHROMIUM,
  MISSING_CHROMIUM,
  appFrame,
  eventually,
  expectToast,
  navigate,
  productMedia,
  screenshot,
  startE2E,
  titleBar,
  waitForAppPath,
  type E2E,
} from "./harness";
import sharp from "sharp";
import type { Frame } from "playwright-core";
import { DEMO_IDS } from "../../local/admin-api/seed";

/** A plain portrait-format photo standing in for a merchant's model photo. */
const modelPhoto = () => sharp({ create: { width: 600, height: 800, channels: 3, background: "#d8c4b0" } }).png().toBuffer();

const gid = (kind: string, id: number) => `gid://shopify/${kind}/${id}`;
const ESSENTIALS = DEMO_IDS.collections.essentialsTops;
const NAVY_TEE = gid("Product", DEMO_IDS.products.classicTeeNavy);

describe("the merchant's app in the local admin frame (browser)", () => {
  let e: E2E;

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
    e = await startE2E();
  }, 240_000);

  afterAll(async () => {
    await e?.close();
  });

  it("GIVEN the demo shop WHEN the app opens in the admin frame THEN the Dashboard shows, authenticated by session tokens, with the app's navigation in the admin", async () => {
    const { page, app } = e;
    await page.goto(e.stack.url);
    await waitForAppPath(page, "/app");
    await titleBar(page).getByText("Dashboard").waitFor();
    await app.getByText("Get started with Fitting Room").waitFor();
    // The App Bridge stand-in rendered the app's <ui-nav-menu> in the admin's sidebar.
    const nav = await page.locator("#app-subnav a").allTextContents();
    expect(nav).toEqual(["Products", "Collections", "Runs", "Review", "Settings"]);
    // The quota comes from a signed balance call to the local try-on service.
    await app.getByText(/· checked/).waitFor({ timeout: 20_000 });
    await screenshot(page, "01-dashboard");
  });

  it("GIVEN a document load without a session token WHEN the app answers with the bounce page THEN App Bridge fetches a token and reloads into the page (no redirect loop)", async () => {
    const { page, app, stack } = e;
    await page.goto(stack.url);
    await waitForAppPath(page, "/app");
    const host = new URL(appFrame(page).url()).searchParams.get("host")!;
    const bare = `${stack.appUrl}/app/runs?embedded=1&shop=${stack.shop}&host=${encodeURIComponent(host)}`;
    const visited: string[] = [];
    const onNav = (f: Frame) => {
      if (f.name() === "app-iframe") visited.push(new URL(f.url()).pathname);
    };
    page.on("framenavigated", onNav);
    await page.evaluate((src) => ((document.getElementById("app-frame") as HTMLIFrameElement).src = src), bare);
    await waitForAppPath(page, "/app/runs");
    await titleBar(page).getByText("Runs").waitFor();
    await app.getByText(/Every try-on you started/).waitFor();
    page.off("framenavigated", onNav);
    expect(visited).toContain("/auth/session-token");
    expect(visited.filter((p) => p === "/auth/session-token")).toHaveLength(1);
    expect(new URL(appFrame(page).url()).searchParams.get("id_token")).toBeTruthy();
  });

  it("GIVEN a collection WHEN the merchant sets its defaults, runs the whole collection, reviews and approves THEN the images are on the product in the Admin API, and undo removes them", async () => {
    const { page, app, stack } = e;
    await page.goto(stack.url);
    await waitForAppPath(page, "/app");

    // Collections → Essentials Tops.
    await navigate(page, "Collections", "/app/collections");
    await app.getByText("Essentials Tops").waitFor();
    await screenshot(page, "02-collections");
    await app.getByRole("link", { name: "Essentials Tops" }).click();
    await waitForAppPath(page, `/app/collections/${ESSENTIALS}`);
    await app.getByText("Who wears the garment in the try-on photos.").waitFor();

    // Defaults: a model typed from the merchant's Aidge library, half body, 2 images per product, the flat-lay quality check on.
    await app.getByText("A model from your Aidge model library").click();
    await app.getByLabel("Model name").fill("James");
    await app.getByLabel("View").selectOption("halfbody");
    await app.getByLabel("Images per product").selectOption("2");
    await app.getByLabel("Flat-lay quality check").selectOption("1");
    await page.locator("#savebar").waitFor({ state: "visible" });
    await screenshot(page, "03-collection-defaults-unsaved");
    await page.locator("#savebar button", { hasText: "Save" }).click();
    await expectToast(page, "Collection defaults saved");
    await eventually("the save bar to close", async () => page.locator("#savebar").isHidden());
    // The saved values come back from the loader.
    expect(await app.getByLabel("View").inputValue()).toBe("halfbody");
    expect(await app.getByLabel("Images per product").inputValue()).toBe("2");
    await screenshot(page, "04-collection");

    // Try on the whole collection: estimate first, then confirmation.
    await titleBar(page).getByRole("button", { name: "Try on collection" }).click();
    const modal = app.getByRole("dialog");
    await modal.getByTestId("estimate-sentence").waitFor({ timeout: 60_000 });
    const sentence = await modal.getByTestId("estimate-sentence").textContent();
    expect(sentence).toMatch(/images? will be generated for \d+ of 19 products/);
    // The bad demo products are named with their specific reasons before anything is spent.
    await modal.getByText(/Mini Logo Tee/).waitFor();
    await modal.getByText(/400×400 px/).first().waitFor();
    await screenshot(page, "05-collection-estimate");
    await modal.getByRole("button", { name: "Start try-on" }).click();

    // The run page: live progress without reloading.
    await waitForAppPath(page, /^\/app\/runs\/[a-z0-9]+$/);
    const runId = new URL(appFrame(page).url()).pathname.split("/").pop()!;
    await app.getByRole("progressbar", { name: "Run progress" }).waitFor();
    await screenshot(page, "06-run-in-progress");
    await eventually(
      "every product of the run to be done or waiting for review",
      async () => (await app.getByRole("progressbar", { name: "Run progress" }).getAttribute("aria-valuenow")) === "100",
      120_000,
    );
    await screenshot(page, "07-run-finished");

    // Products that could not be sent are skipped (nothing spent), with their specific reasons.
    await app.getByRole("tab", { name: "Skipped" }).click();
    await app.getByText("Mini Logo Tee").waitFor();
    await app.getByText(/400×400 px; try-on needs more than 500×500 px/).first().waitFor();
    await screenshot(page, "08-run-failures");

    // Review: the source garment beside its results; approve everything.
    await navigate(page, "Review", "/app/review");
    await app.getByText("Garment (source)").first().waitFor();
    const tiles = await app.getByTestId("review-tile").count();
    expect(tiles).toBeGreaterThan(0);
    await screenshot(page, "09-review");
    // Keyboard: select the first result with X, reject it with R.
    await app.getByTestId("review-tile").first().focus();
    await page.keyboard.press("x");
    await page.keyboard.press("r");
    await expectToast(page, "Rejected 1 image");
    await eventually("the rejected image to leave the page", async () => (await app.getByTestId("review-tile").count()) === tiles - 1);
    await titleBar(page).getByRole("button", { name: /^Approve \d+ (shown|selected)/ }).click();
    await expectToast(page, /Approved \d+ images?/);

    // Attached: the images are on the product in the local Admin API, with our alt text.
    const attached = await eventually(
      "the approved images to be on the Navy tee in the Admin API",
      async () => {
        const media = await productMedia(stack, NAVY_TEE);
        const ours = media.filter((m) => (m.alt ?? "").includes("AI-generated try-on"));
        return ours.length > 0 ? ours : null;
      },
      90_000,
    );
    expect(attached.length).toBeGreaterThan(0);
    expect(attached[0].alt).toMatch(/Classic Crew T-Shirt – Navy/);

    // The product page shows them as "On product".
    await page.goto(`${stack.frame.origin}/store/fitting-room-demo/apps/fitting-room/app/products/${DEMO_IDS.products.classicTeeNavy}`);
    await waitForAppPath(page, `/app/products/${DEMO_IDS.products.classicTeeNavy}`);
    await app.getByText("On product").first().waitFor({ timeout: 30_000 });
    await screenshot(page, "10-product");
    // …and the admin's own product page (local Admin API) lists them too.
    await page.goto(`${stack.frame.origin}/store/fitting-room-demo/products/${DEMO_IDS.products.classicTeeNavy}`);
    await page.getByTestId("admin-product-media").locator("li", { hasText: "AI-generated try-on" }).first().waitFor();
    await page.screenshot({ path: "test-artifacts/screenshots/11-admin-product-media.png" });

    // Undo the run: the images leave the product.
    await page.goto(`${stack.frame.origin}/store/fitting-room-demo/apps/fitting-room/app/runs/${runId}`);
    await waitForAppPath(page, `/app/runs/${runId}`);
    // Undo asks first (it removes images from live product pages), then removes them.
    await app.getByRole("button", { name: "Undo run" }).click();
    const confirmUndo = app.getByRole("dialog");
    await confirmUndo.waitFor({ timeout: 15_000 });
    await screenshot(page, "12a-undo-confirm");
    await confirmUndo.locator("footer button.primary, footer button.critical").last().click();
    await expectToast(page, /Removed \d+ images? from products/);
    const remaining = await productMedia(stack, NAVY_TEE);
    expect(remaining.filter((m) => (m.alt ?? "").includes("AI-generated try-on"))).toEqual([]);
    await screenshot(page, "12-run-undone");
  }, 300_000);

  it("GIVEN the remaining pages WHEN the merchant opens them THEN each renders (screenshots) and the bad products show their specific errors", async () => {
    const { page, app } = e;
    await page.goto(e.stack.url);
    await waitForAppPath(page, "/app");
    await screenshot(page, "13-dashboard-after-run");

    await navigate(page, "Runs", "/app/runs");
    await app.getByText("Essentials Tops").first().waitFor();
    await screenshot(page, "14-runs");

    await navigate(page, "Products", "/app/products");
    await app.getByText("Mystery Garment").waitFor();
    await app.getByText("No image").first().waitFor();
    await screenshot(page, "15-products");

    // The resource picker (App Bridge): pick a product, see its estimate, cancel.
    await titleBar(page).getByRole("button", { name: "Pick products…" }).click();
    const picker = page.getByRole("dialog", { name: "Select products" });
    // A product the collection run above did not touch (Essentials Tops' products are already tried on).
    await picker.getByPlaceholder("Search products").fill("Trench");
    await picker.getByLabel("Trench Coat").check();
    await picker.getByRole("button", { name: "Select" }).click();
    const estimate = app.getByRole("dialog");
    await estimate.getByTestId("estimate-sentence").waitFor({ timeout: 60_000 });
    expect(await estimate.getByTestId("estimate-sentence").textContent()).toMatch(/for 1 of 1 product/);
    await estimate.getByRole("button", { name: "Cancel" }).click();

    // A product's own setting overrides the collection's, and the page says where each value comes from.
    await page.goto(`${e.stack.frame.origin}/store/fitting-room-demo/apps/fitting-room/app/products/${DEMO_IDS.products.oxfordShirt}`);
    await waitForAppPath(page, `/app/products/${DEMO_IDS.products.oxfordShirt}`);
    await app.getByText("Collection Essentials Tops").first().waitFor();
    await app.getByRole("button", { name: "Customize" }).click();
    await app.getByLabel("View").selectOption("fullbody");
    await page.locator("#savebar button", { hasText: "Save" }).click();
    await expectToast(page, "Product settings saved");
    await app.getByText("This product").first().waitFor();
    await screenshot(page, "16-product-own-settings");

    // A product whose only image is too small: the verdict says so on the product page.
    await page.goto(`${e.stack.frame.origin}/store/fitting-room-demo/apps/fitting-room/app/products/${DEMO_IDS.products.miniLogoTee}`);
    await waitForAppPath(page, `/app/products/${DEMO_IDS.products.miniLogoTee}`);
    await app.getByText("This product can't be tried on yet").waitFor();
    await app.getByText(/400×400/).first().waitFor();
    await screenshot(page, "17-product-too-small");

    // The lifestyle photo: not a flat lay, so it may be refused.
    await page.goto(`${e.stack.frame.origin}/store/fitting-room-demo/apps/fitting-room/app/products/${DEMO_IDS.products.weekendLifestyleShirt}`);
    await waitForAppPath(page, `/app/products/${DEMO_IDS.products.weekendLifestyleShirt}`);
    // A lifestyle-only product is still sent (the verdict ranks, never blocks), flagged for the merchant.
    await app.getByText("May be refused: not a flat lay").first().waitFor();
    await screenshot(page, "18-product-lifestyle-photo");

    // Own model photos for a collection: uploaded through Shopify staged uploads into the shop's Files.
    await page.goto(`${e.stack.frame.origin}/store/fitting-room-demo/apps/fitting-room/app/collections/${DEMO_IDS.collections.summerDresses}`);
    await waitForAppPath(page, `/app/collections/${DEMO_IDS.collections.summerDresses}`);
    await app.getByText("Your own model photos").click();
    await app.locator('input[type="file"]').setInputFiles({ name: "model-ana.png", mimeType: "image/png", buffer: await modelPhoto() });
    await app.getByText("1 of 8 photos.").waitFor();
    await page.locator("#savebar button", { hasText: "Save" }).click();
    await expectToast(page, "Collection defaults saved");
    // The saved photo URL is a file of the shop (served by the local Admin API), not the browser's upload.
    const src = await app.getByRole("img", { name: "Model photo" }).first().getAttribute("src");
    expect(src?.startsWith(e.stack.adminApi.url)).toBe(true);
    const served = await fetch(src!);
    expect(served.headers.get("content-type")).toMatch(/^image\//);
    await screenshot(page, "19-collection-own-model-photos");

    // Settings: a bad key gives a clear error from a signed quota call.
    await navigate(page, "Settings", "/app/settings");
    await app.getByLabel("App secret").fill("not-the-right-secret");
    await app.getByRole("button", { name: "Test connection" }).click();
    await app.getByText("The connection test failed").waitFor({ timeout: 20_000 });
    await app.getByText(/rejected our credentials/).waitFor();
    await screenshot(page, "20-settings-bad-key");
    await page.locator("#savebar button", { hasText: "Discard" }).click();
    await app.getByRole("button", { name: "Test connection" }).click();
    await app.getByText("Connected to Aidge Virtual Try-on").waitFor({ timeout: 20_000 });
    await screenshot(page, "21-settings");

    await navigate(page, "Review", "/app/review");
    await screenshot(page, "22-review-empty");
  }, 180_000);

  it("GIVEN the whole session THEN the browser reported no uncaught errors", () => {
    expect(e.problems).toEqual([]);
  });
});
