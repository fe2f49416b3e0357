/**
 * The merchant journeys the first browser test (merchant-journey.test.ts) does not walk (issue 17,
 * "Measured in the browser tests"), in Chromium through the offline demo stack:
 *
 * - the fewest clicks to a first approved image, and to a whole collection reviewed and approved
 *   (counted and reported; the targets are ≤ 4 and ≤ 12);
 * - the trial quota running dry: runs fail with "quota used up", the merchant saves new settings
 *   (credentials, trial off) and retries the failures;
 * - the product page: choose the garment image, generate, approve / reject / remove single images,
 *   remove all;
 * - a selection run started from Products; a run cancelled while it works;
 * - auto-approve (results go on the product without review) and the daily cap (products over it are
 *   left out of the run);
 * - the not-found page and the error page.
 *
 * The local try-on service answers tasks in 1 s at 2 submits/s (so a collection run lasts long enough
 * to cancel), and its trial pool is empty (paid calls are plenty).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locator } from "playwright-core";
import {
  HAS_CHROMIUM,
  MISSING_CHROMIUM,
  appFrame,
  eventually,
  expectToast,
  navigate,
  openApp,
  productMedia,
  screenshot,
  startE2E,
  titleBar,
  waitForAppPath,
  type E2E,
} from "./harness";
import { DEMO_IDS } from "../../local/admin-api/seed";

const P = DEMO_IDS.products;
const C = DEMO_IDS.collections;
const gid = (id: number) => `gid://shopify/Product/${id}`;
/** Our results on a product in the Admin API (the app's alt text names the try-on). */
const ours = (media: Array<{ alt: string | null }>) => media.filter((m) => /try-on/i.test(m.alt ?? ""));

describe("merchant journeys (browser)", () => {
  let e: E2E;
  const counts: Record<string, { clicks: number; keys: number }> = {};

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
    e = await startE2E({ taskMs: 1000, submitQps: 2, tryonQuota: { trial: 0 } });
  }, 240_000);

  afterAll(async () => {
    console.log(`Clicks per journey: ${JSON.stringify(counts)}`);
    await e?.close();
  });

  /** A counter of the merchant's clicks and key presses for one journey. */
  function counter(name: string) {
    const c = (counts[name] = { clicks: 0, keys: 0 });
    return {
      async click(target: Locator) {
        c.clicks++;
        await target.click();
      },
      async select(target: Locator, value: string) {
        c.clicks++;
        await target.selectOption(value);
      },
      async press(key: string) {
        c.keys++;
        await e.page.keyboard.press(key);
      },
      get count() {
        return c;
      },
    };
  }

  /** Waits until the run page's progress bar reads 100 % (every product done, failed or waiting for review). */
  async function runSettled(timeout = 120_000) {
    const progress = e.app.getByRole("progressbar", { name: "Run progress" });
    await progress.waitFor();
    await eventually("the run to settle", async () => (await progress.getAttribute("aria-valuenow")) === "100", timeout);
  }

  /** Clicks a destructive action; confirms in the modal when the app asks first. */
  async function destructive(button: Locator, toast: RegExp, c?: ReturnType<typeof counter>) {
    await (c ? c.click(button) : button.click());
    const modal = e.app.getByRole("dialog");
    const what = await Promise.race([
      modal.waitFor({ timeout: 15_000 }).then(() => "dialog" as const),
      e.page.locator(".toast", { hasText: toast }).first().waitFor({ timeout: 15_000 }).then(() => "toast" as const),
    ]);
    if (what === "dialog") {
      const confirm = modal.locator("footer button.primary, footer button.critical").last();
      await (c ? c.click(confirm) : confirm.click());
    }
    await expectToast(e.page, toast);
  }

  it("GIVEN a fresh install WHEN the merchant tries one product and approves a result THEN the image is on the product, in the fewest clicks the app offers", async () => {
    const { page, app, stack } = e;
    const c = counter("firstApprovedImage");
    await openApp(e, "/app");
    await app.getByText("Get started with Fitting Room").waitFor();
    await c.click(app.getByRole("link", { name: "Choose a product" }).or(app.getByRole("button", { name: "Choose a product" })).first());
    await waitForAppPath(page, "/app/products");
    // "Try on" on the product's row starts a one-product run with its defaults and opens the run page,
    // where its results can be approved without going to Review.
    await c.click(app.getByRole("button", { name: "Try on Floral Wrap Dress" }));
    await waitForAppPath(page, /^\/app\/runs\/[a-z0-9]+$/);
    await runSettled();
    await c.click(app.getByRole("button", { name: /^Approve result 1 for Floral Wrap Dress/ }).first());
    await expectToast(page, /Approved 1 image/);
    const attached = await eventually("the approved image to be on the product", async () => {
      const media = ours(await productMedia(stack, gid(P.floralWrapDress)));
      return media.length === 1 ? media : null;
    });
    expect(attached).toHaveLength(1);
    console.log(`First approved image: ${c.count.clicks} clicks (issue 17 target ≤ 4)`);
    expect(c.count.clicks).toBeLessThanOrEqual(4);
  }, 240_000);

  it("GIVEN a collection WHEN the merchant sets its defaults, runs it, reviews and approves everything THEN every result is on its product, in the fewest clicks the app offers", async () => {
    const { page, app, stack } = e;
    const c = counter("collectionReviewedAndApproved");
    await openApp(e, "/app");
    await c.click(page.locator("#app-subnav a", { hasText: "Collections" }));
    await waitForAppPath(page, "/app/collections");
    await c.click(app.getByRole("link", { name: "Outerwear" }));
    await waitForAppPath(page, `/app/collections/${C.outerwear}`);
    // Its defaults: half body, 2 images per product.
    await c.select(app.getByLabel("View"), "halfbody");
    await c.select(app.getByLabel("Images per product"), "2");
    await c.click(page.locator("#savebar button", { hasText: "Save" }));
    await expectToast(page, "Collection defaults saved");
    await c.click(titleBar(page).getByRole("button", { name: "Try on collection" }));
    const modal = app.getByRole("dialog");
    await modal.getByTestId("estimate-sentence").waitFor({ timeout: 60_000 });
    await c.click(modal.getByRole("button", { name: "Start try-on" }));
    await waitForAppPath(page, /^\/app\/runs\/[a-z0-9]+$/);
    const runId = new URL(appFrame(page).url()).pathname.split("/").pop()!;
    await runSettled();
    await c.click(titleBar(page).getByRole("button", { name: /^Review \d+ images?/ }));
    await waitForAppPath(page, "/app/review");
    await app.getByTestId("review-tile").first().waitFor();
    await destructive(titleBar(page).getByRole("button", { name: /^Approve \d+ (shown|selected)/ }), /Approved \d+ images?/, c);
    // Every product of the run has its 2 results on it.
    await openApp(e, `/app/runs/${runId}`);
    await eventually(
      "every image of the run to be on its product",
      async () => {
        const text = await app.getByText(/^Images waiting for review$/).locator("..").textContent();
        return text?.includes("0") ? true : null;
      },
      90_000,
    );
    const media = ours(await productMedia(stack, gid(P.trenchCoat)));
    expect(media).toHaveLength(2);
    console.log(`Whole collection reviewed and approved: ${c.count.clicks} clicks + ${c.count.keys} keys (issue 17 target ≤ 12)`);
    expect(c.count.clicks + c.count.keys).toBeLessThanOrEqual(12);
  }, 240_000);

  it("GIVEN the trial quota is used up WHEN runs fail, the merchant saves new credentials with trial mode off and retries THEN the failures succeed", async () => {
    const { page, app, stack } = e;
    // The merchant started on the free trial.
    await navigate(page, "Settings", "/app/settings");
    await app.getByLabel("Trial mode (use the free trial quota)").check();
    await page.locator("#savebar button", { hasText: "Save" }).click();
    await expectToast(page, "Settings saved");

    await openApp(e, `/app/products/${P.silkBlouse}`);
    await titleBar(page).getByRole("button", { name: "Try on", exact: true }).click();
    const modal = app.getByRole("dialog");
    await modal.getByTestId("estimate-sentence").waitFor({ timeout: 60_000 });
    await modal.getByRole("button", { name: "Start try-on" }).click();
    await waitForAppPath(page, /^\/app\/runs\/[a-z0-9]+$/);
    const runId = new URL(appFrame(page).url()).pathname.split("/").pop()!;
    await runSettled();
    await app.getByRole("tab", { name: /Failed/ }).click();
    await app.getByText(/quota is used up/i).first().waitFor();
    await screenshot(page, "journey-quota-used-up");

    // New credentials (the key they bought), trial mode off; saved, and kept after a reload.
    await navigate(page, "Settings", "/app/settings");
    await app.getByLabel("App key").fill(stack.tryon.appKey);
    await app.getByLabel("App secret").fill(stack.tryon.appSecret);
    await app.getByLabel("Trial mode (use the free trial quota)").uncheck();
    await page.locator("#savebar button", { hasText: "Save" }).click();
    await expectToast(page, "Settings saved");
    await openApp(e, "/app/settings");
    expect(await app.getByLabel("App key").inputValue()).toBe(stack.tryon.appKey);
    expect(await app.getByLabel("Trial mode (use the free trial quota)").isChecked()).toBe(false);
    expect(await app.getByLabel("App secret").getAttribute("placeholder")).toContain(stack.tryon.appSecret.slice(-4));

    // Retry the run's failures.
    await openApp(e, `/app/runs/${runId}`);
    await app.getByRole("button", { name: /^Retry \d+ failed products?$/ }).click();
    await expectToast(page, /Retrying 1 product/);
    await eventually(
      "the retried product to wait for review",
      async () => ((await app.getByRole("button", { name: /^Review \d+ images?/ }).count()) > 0 || (await titleBar(page).getByRole("button", { name: /^Review \d+ images?/ }).count()) > 0 ? true : null),
      90_000,
    );
    await runSettled();
    await screenshot(page, "journey-retried");
  }, 240_000);

  it("GIVEN a product with two usable photos WHEN the merchant chooses the garment image, generates, approves, rejects and removes images THEN the product's media follow each decision", async () => {
    const { page, app, stack } = e;
    await openApp(e, `/app/products/${P.twoToneShirt}`);
    // Choose the second photo as the garment.
    await app.getByRole("button", { name: "Use this image" }).first().click();
    await expectToast(page, "Garment image chosen");
    await app.getByText("Chosen by you").waitFor();

    await titleBar(page).getByRole("button", { name: "Try on", exact: true }).click();
    const modal = app.getByRole("dialog");
    await modal.getByTestId("estimate-sentence").waitFor({ timeout: 60_000 });
    await modal.getByRole("button", { name: "Start try-on" }).click();
    await waitForAppPath(page, /^\/app\/runs\/[a-z0-9]+$/);
    await runSettled();
    await openApp(e, `/app/products/${P.twoToneShirt}`);
    await app.getByText("Needs review").first().waitFor();
    const pending = () => app.getByRole("button", { name: /^Approve result \d+ for / });
    expect(await pending().count()).toBe(4);

    // Approve one, reject one.
    await pending().first().click();
    await expectToast(page, /Approved 1/);
    await app.getByRole("button", { name: /^Reject result \d+ for / }).first().click();
    await expectToast(page, /Rejected 1/);
    await eventually("one image on the product", async () => (ours(await productMedia(stack, gid(P.twoToneShirt))).length === 1 ? true : null), 60_000);
    await app.getByText("On product").first().waitFor({ timeout: 30_000 });
    await app.getByText("Rejected").first().waitFor();
    await screenshot(page, "journey-product-decisions");

    // Remove the single image from the product.
    await destructive(app.getByRole("button", { name: /^Remove result \d+ from / }).first(), /Removed 1 image/);
    await eventually("the image to leave the product", async () => (ours(await productMedia(stack, gid(P.twoToneShirt))).length === 0 ? true : null), 30_000);

    // Approve the remaining two, then remove all.
    await app.getByRole("button", { name: "Approve all new" }).click();
    await expectToast(page, /Approved 2/);
    await eventually("two images on the product", async () => (ours(await productMedia(stack, gid(P.twoToneShirt))).length === 2 ? true : null), 60_000);
    await destructive(app.getByRole("button", { name: /^Remove 2 from product/ }), /Removed 2 images/);
    await eventually("every try-on image to leave the product", async () => (ours(await productMedia(stack, gid(P.twoToneShirt))).length === 0 ? true : null), 30_000);
    await screenshot(page, "journey-product-removed-all");
  }, 240_000);

  it("GIVEN the Products list WHEN the merchant selects two products and starts a run THEN the run covers exactly those two", async () => {
    const { page, app } = e;
    await navigate(page, "Products", "/app/products");
    for (const title of ["Linen Midi Dress", "Denim Jumpsuit"]) await app.getByRole("row", { name: new RegExp(title) }).getByRole("checkbox").first().check();
    await titleBar(page).getByRole("button", { name: /^Try on 2 selected/ }).click();
    const modal = app.getByRole("dialog");
    await modal.getByTestId("estimate-sentence").waitFor({ timeout: 60_000 });
    expect(await modal.getByTestId("estimate-sentence").textContent()).toMatch(/for 2 of 2 products/);
    await modal.getByRole("button", { name: "Start try-on" }).click();
    await waitForAppPath(page, /^\/app\/runs\/[a-z0-9]+$/);
    await runSettled();
    const rows = app.getByRole("row");
    await app.getByText("Linen Midi Dress").first().waitFor();
    await app.getByText("Denim Jumpsuit").first().waitFor();
    // Header row + two products.
    expect(await rows.count()).toBe(3);
  }, 240_000);

  it("GIVEN a collection run in progress WHEN the merchant cancels it THEN the products not yet done are cancelled and the run says so", async () => {
    const { page, app } = e;
    await openApp(e, `/app/collections/${C.essentialsTops}`);
    await titleBar(page).getByRole("button", { name: "Try on collection" }).click();
    const modal = app.getByRole("dialog");
    await modal.getByTestId("estimate-sentence").waitFor({ timeout: 60_000 });
    await modal.getByRole("button", { name: "Start try-on" }).click();
    await waitForAppPath(page, /^\/app\/runs\/[a-z0-9]+$/);
    await destructive(titleBar(page).getByRole("button", { name: "Cancel run" }), /Run cancelled \(\d+ products? stopped\)/);
    const toast = (await page.locator(".toast", { hasText: /Run cancelled/ }).first().textContent()) ?? "";
    const stopped = Number(/\((\d+) products? stopped\)/.exec(toast)?.[1] ?? "0");
    // Planning runs in the background: a cancel that lands before every product was added says how
    // many were never started; the products already added are listed as cancelled.
    if (stopped > 0) {
      await app.getByRole("tab", { name: /Cancelled/ }).click();
      await app.getByText("Cancelled before it finished.").first().waitFor();
    } else {
      await app.getByText("Cancelled before every product was added").waitFor();
      expect(await app.getByText(/were never started, and nothing was spent on them/).textContent()).toMatch(/^\d+ products? of \d+ were never started/);
    }
    await titleBar(page).getByRole("button", { name: "Cancel run" }).waitFor({ state: "detached" });
    await screenshot(page, "journey-run-cancelled");
  }, 240_000);

  it("GIVEN auto-approve is on WHEN a product is tried on THEN its results go on the product without review", async () => {
    const { page, app, stack } = e;
    await navigate(page, "Settings", "/app/settings");
    await app.getByLabel("Approve results automatically").check();
    await page.locator("#savebar button", { hasText: "Save" }).click();
    await expectToast(page, "Settings saved");

    await openApp(e, `/app/products/${P.oxfordShirt}`);
    await titleBar(page).getByRole("button", { name: "Try on", exact: true }).click();
    const modal = app.getByRole("dialog");
    await modal.getByTestId("estimate-sentence").waitFor({ timeout: 60_000 });
    await modal.getByRole("button", { name: "Start try-on" }).click();
    await waitForAppPath(page, /^\/app\/runs\/[a-z0-9]+$/);
    const media = await eventually("the results to be on the product", async () => {
      const m = ours(await productMedia(stack, gid(P.oxfordShirt)));
      return m.length === 4 ? m : null;
    }, 90_000);
    expect(media).toHaveLength(4);
    await openApp(e, `/app/products/${P.oxfordShirt}`);
    await app.getByText("On product").first().waitFor();
    expect(await app.getByText("Needs review").count()).toBe(0);

    await navigate(page, "Settings", "/app/settings");
    await app.getByLabel("Approve results automatically").uncheck();
    await page.locator("#savebar button", { hasText: "Save" }).click();
    await expectToast(page, "Settings saved");
  }, 240_000);

  it("GIVEN a daily image cap WHEN a collection run would go over it THEN the estimate and the run leave the products over the cap out, and saying so", async () => {
    const { page, app } = e;
    // Today so far: the earlier journeys' images. The estimate states today's use once a cap is set:
    // set a high one and read it back, then a cap that leaves room for exactly one product (4 images).
    await navigate(page, "Settings", "/app/settings");
    await app.getByLabel("Daily image cap").fill("100000");
    await page.locator("#savebar button", { hasText: "Save" }).click();
    await expectToast(page, "Settings saved");
    await openApp(e, `/app/collections/${C.summerDresses}`);
    await titleBar(page).getByRole("button", { name: "Try on collection" }).click();
    let modal = app.getByRole("dialog");
    await modal.getByTestId("estimate-sentence").waitFor({ timeout: 60_000 });
    const sentence = (await modal.getByTestId("estimate-sentence").textContent()) ?? "";
    expect(sentence).toMatch(/Today's cap: \d+ of 100000 used/);
    const usedToday = Number(/Today's cap: (\d+) of 100000 used/.exec(sentence)?.[1]);
    expect(usedToday).toBeGreaterThan(0);
    await modal.getByRole("button", { name: "Cancel" }).click();

    await navigate(page, "Settings", "/app/settings");
    await app.getByLabel("Daily image cap").fill(String(usedToday + 4));
    await page.locator("#savebar button", { hasText: "Save" }).click();
    await expectToast(page, "Settings saved");

    await openApp(e, `/app/collections/${C.summerDresses}`);
    await titleBar(page).getByRole("button", { name: "Try on collection" }).click();
    modal = app.getByRole("dialog");
    await modal.getByTestId("estimate-sentence").waitFor({ timeout: 60_000 });
    expect(await modal.getByTestId("estimate-sentence").textContent()).toMatch(/^4 images will be generated for 1 of \d+ products/);
    await modal.getByText("Over today's image cap").first().waitFor();
    await screenshot(page, "journey-daily-cap-estimate");
    await modal.getByRole("button", { name: "Start try-on" }).click();
    await waitForAppPath(page, /^\/app\/runs\/[a-z0-9]+$/);
    await runSettled();
    await app.getByText(/Not in this run/).waitFor();
    await app.getByText(/limit of \d+ try-on images a day/).first().waitFor();
    await screenshot(page, "journey-daily-cap-run");

    await navigate(page, "Settings", "/app/settings");
    await app.getByLabel("Daily image cap").fill("");
    await page.locator("#savebar button", { hasText: "Save" }).click();
    await expectToast(page, "Settings saved");
  }, 240_000);

  it("GIVEN a wrong address or a failing shop WHEN the merchant opens a page THEN the not-found and error pages say what happened, inside the app, with a way back", async () => {
    const { page, app, stack } = e;
    await openApp(e, "/app/runs/no-such-run");
    await app.getByText("We couldn't find that").waitFor();
    await titleBar(page).getByText("Not found").waitFor();
    await screenshot(page, "journey-not-found");
    await app.getByRole("button", { name: "Back to the Dashboard" }).or(app.getByRole("link", { name: "Back to the Dashboard" })).first().click();
    await waitForAppPath(page, "/app");
    await titleBar(page).getByText("Dashboard").waitFor();

    await openApp(e, `/app/products/999999`);
    await app.getByText("We couldn't find that").waitFor();
    await app.getByText(/This product doesn't exist/).waitFor();

    // Shopify's Admin API stops answering: the product page explains instead of going blank.
    await stack.adminApi.close();
    await openApp(e, `/app/products/${P.linenMidiDress}`);
    await app.getByText("This page could not be shown").waitFor();
    await titleBar(page).getByText("Something went wrong").waitFor();
    await screenshot(page, "journey-error");
    const text = (await appFrame(page).locator("body").textContent()) ?? "";
    expect(text).not.toMatch(/ECONNREFUSED|fetch failed|at [A-Za-z]+ \(|Prisma|GraphQL/);
    // Those answers were the point of this test.
    for (let i = e.problems.length - 1; i >= 0; i--) if (/^HTTP (404|500) GET .*\/app\/(runs\/no-such-run|products\/)/.test(e.problems[i]) || /status of 500/.test(e.problems[i])) e.problems.splice(i, 1);
  }, 120_000);

  it("GIVEN the whole session THEN the browser reported no uncaught errors", () => {
    expect(e.problems).toEqual([]);
  });
});
