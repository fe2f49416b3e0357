/**
 * Issue 15.3–15.5 in the browser, on the offline demo exactly as seeded: the Colour Check Demo
 * collection (590) holds the Coral Linen Tee (1090), whose garment file name makes the local try-on
 * service recolour its results, and puts approved photos first (the demo seed's collection setting).
 *
 * The merchant tries the collection on, sees "Colour may differ" with both swatches in Review, reads the
 * alt text shoppers will get (the AI disclosure), picks result 2 as the lead photo and approves: in the
 * Admin API the lead is the product's first (featured) medium, followed by result 1, then the tee's own
 * photo; the product page shows each photo's alt text and which one leads.
 * Then (issue 15.1) the Everyday Crew T-Shirt, one flat lay per colour: Review and the product page group its
 * results by colour, and after approval each colour's variants show that colour's try-on.
 * Screenshots: test-artifacts/screenshots/beyond-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HAS_CHROMIUM, MISSING_CHROMIUM, appFrame, eventually, expectToast, openApp, productMedia, screenshot, startE2E, titleBar, waitForAppPath, type E2E } from "./harness";
import { DEMO_IDS } from "../../local/admin-api/seed";
import { adminGraphql } from "../../local/demo/admin-client";

const TEE = `gid://shopify/Product/${DEMO_IDS.products.coralLinenTee}`;
const COLLECTION = DEMO_IDS.collections.colourCheckDemo;
/** The CDN path of a file (renditions differ only in the query). */
const pathOf = (url: string | null | undefined) => (url ? new URL(url).pathname : "");

describe("colour check, AI disclosure and placement (browser)", () => {
  let e: E2E;

  beforeAll(async () => {
    if (!HAS_CHROMIUM) throw new Error(MISSING_CHROMIUM);
    e = await startE2E();
  }, 240_000);

  afterAll(async () => {
    await e?.close();
  });

  it("GIVEN the demo's Colour Check collection (photos first) WHEN its tee is tried on, reviewed with result 2 as lead and approved THEN Review warns of the colour with swatches and shows the disclosure, and the lead is the product's first photo", async () => {
    const { page, app, stack } = e;
    const ownBefore = await productMedia(stack, TEE);
    expect(ownBefore).toHaveLength(1);

    // The collection page: its placement comes from the demo seed; two photos per product for a lead to choose from.
    await openApp(e, `/app/collections/${COLLECTION}`);
    const placement = app.getByLabel("Where approved photos go");
    expect(await placement.inputValue()).toBe("first");
    await app.getByLabel("Images per product").selectOption("2");
    await page.locator("#savebar button", { hasText: "Save" }).click();
    await expectToast(page, "Collection defaults saved");
    await screenshot(page, "beyond-01-collection-placement");

    await titleBar(page).getByRole("button", { name: "Try on collection" }).click();
    const modal = app.getByRole("dialog");
    await modal.getByTestId("estimate-sentence").waitFor({ timeout: 60_000 });
    await modal.getByRole("button", { name: "Start try-on" }).click();
    await waitForAppPath(page, /^\/app\/runs\/[a-z0-9]+$/);
    const progress = app.getByRole("progressbar", { name: "Run progress" });
    await progress.waitFor();
    await eventually("the run to settle", async () => (await progress.getAttribute("aria-valuenow")) === "100", 120_000);

    // Review: the recoloured results wait (never approved automatically) with the verdict and both swatches.
    await openApp(e, "/app/review");
    await app.getByTestId("review-tile").nth(1).waitFor();
    await app.getByText("Colour may differ").first().waitFor();
    expect(await app.getByText("Colour may differ").count()).toBe(2);
    await app.getByRole("img", { name: /^Garment: #[0-9a-f]{6}$/ }).first().waitFor();
    await app.getByRole("img", { name: /^Photo: #[0-9a-f]{6}$/ }).first().waitFor();
    // The disclosure: the alt text shoppers will read ends with the default AI sentence.
    const alt = (await app.getByTestId("review-alt-text").textContent())!;
    expect(alt).toMatch(/^Model wearing the Coral Linen Tee.*\. AI-generated try-on image\.$/);

    // Result 2 leads.
    await app.getByLabel("Lead photo").selectOption({ label: "Result 2" });
    await app.getByText("Lead photo", { exact: true }).last().waitFor();
    const src = (n: number) => app.getByRole("checkbox", { name: `Result ${n} for Coral Linen Tee` }).locator("img").getAttribute("src");
    const [first, second] = [pathOf(await src(1)), pathOf(await src(2))];
    expect(first && second && first !== second).toBe(true);
    await screenshot(page, "beyond-02-review-colour-and-disclosure");

    await app.getByRole("button", { name: "Approve 2", exact: true }).click();
    await expectToast(page, /Approved 2 images/);

    // The Admin API: lead first (featured), then result 1, then the tee's own photo; each with the disclosure.
    const media = await eventually(
      "the lead photo to be the tee's first medium",
      async () => {
        const m = await productMedia(stack, TEE);
        return m.length === 3 && pathOf(m[0].image?.url) === second && pathOf(m[1].image?.url) === first ? m : null;
      },
      60_000,
    );
    expect(media[2].id).toBe(ownBefore[0].id);
    expect(media[0].alt).toBe(alt);
    expect(media[1].alt).toBe(alt);

    // The product page shows the merchant each photo's alt text and which one leads.
    await openApp(e, `/app/products/${DEMO_IDS.products.coralLinenTee}`);
    await app.getByTestId("result-alt-text").first().waitFor();
    await eventually("both photos to show as on the product", async () => ((await app.getByTestId("result-alt-text").count()) === 2 ? true : null), 30_000);
    for (const text of await app.getByTestId("result-alt-text").allTextContents()) expect(text).toBe(`Alt text: ${alt}`);
    await app.getByText("Lead photo", { exact: true }).first().waitFor();
    await screenshot(page, "beyond-03-product-disclosure-and-lead");
    expect(appFrame(page).url()).toContain(`/app/products/${DEMO_IDS.products.coralLinenTee}`);
    expect(e.problems).toEqual([]);
  }, 300_000);

  it("GIVEN the demo's Everyday Crew T-Shirt in Navy, Heather Grey and White WHEN the merchant tries it on and approves THEN Review and the product page group the results by colour and each colour's variants show that colour's try-on", async () => {
    const { page, app, stack } = e;
    await openApp(e, `/app/products/${DEMO_IDS.products.everydayCrewTee}`);
    await titleBar(page).getByRole("button", { name: "Try on", exact: true }).click();
    const modal = app.getByRole("dialog");
    await modal.getByTestId("estimate-sentence").waitFor({ timeout: 60_000 });
    await modal.getByRole("button", { name: "Start try-on" }).click();
    await waitForAppPath(page, /^\/app\/runs\/[a-z0-9]+$/);
    const progress = app.getByRole("progressbar", { name: "Run progress" });
    await progress.waitFor();
    await eventually("the run to settle", async () => (await progress.getAttribute("aria-valuenow")) === "100", 120_000);

    // Review: one group per colour, each labelled with its colour and showing that colour's flat lay.
    await openApp(e, "/app/review");
    await eventually("three colour groups in Review", async () => ((await app.getByTestId("review-colour").count()) === 3 ? true : null), 60_000);
    // (Polaris badges carry their tone in hidden text before the label.)
    expect((await app.getByTestId("review-colour").allTextContents()).map((t) => t.replace(/^.*Colour: /, "")).sort()).toEqual(["Heather Grey", "Navy", "White"]);
    for (const colour of ["Navy", "Heather Grey", "White"]) await app.getByRole("img", { name: `Garment: Everyday Crew T-Shirt in ${colour}` }).waitFor();
    await screenshot(page, "beyond-04-review-colour-variants");

    await titleBar(page).getByRole("button", { name: /^Approve \d+ shown$/ }).click();
    await expectToast(page, /Approved \d+ images/);

    // The Admin API: every colour's variants show a try-on of that colour (one medium per variant).
    const tee = `gid://shopify/Product/${DEMO_IDS.products.everydayCrewTee}`;
    const variants = await eventually(
      "each colour's variant to show its try-on",
      async () => {
        const data = await adminGraphql<{ product: { variants: { nodes: Array<{ selectedOptions: Array<{ name: string; value: string }>; media: { nodes: Array<{ id: string; alt: string | null }> } }> } } }>(
          { url: stack.adminApi.url, accessToken: stack.adminApi.accessToken, shop: stack.shop },
          `query E2EVariantMedia($id: ID!) { product(id: $id) { variants(first: 20) { nodes { selectedOptions { name value } media(first: 1) { nodes { id alt } } } } } }`,
          { id: tee },
        );
        const nodes = data.product.variants.nodes;
        return nodes.every((v) => /try-on/i.test(v.media.nodes[0]?.alt ?? "")) ? nodes : null;
      },
      90_000,
    );
    for (const v of variants) {
      const colour = v.selectedOptions.find((o) => o.name === "Color")!.value;
      expect(v.media.nodes[0].alt).toContain(colour);
    }

    // The product page: results under a heading per colour.
    await openApp(e, `/app/products/${DEMO_IDS.products.everydayCrewTee}`);
    await eventually("three colour headings on the product page", async () => ((await app.getByTestId("result-colour").count()) === 3 ? true : null), 30_000);
    expect((await app.getByTestId("result-colour").allTextContents()).sort()).toEqual(["Heather Grey", "Navy", "White"]);
    await screenshot(page, "beyond-05-product-colour-variants");
    expect(e.problems).toEqual([]);
  }, 300_000);
});
