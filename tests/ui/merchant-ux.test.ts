/**
 * Issue 17 through the real Remix build: every page and every error path a merchant can reach, read as
 * the merchant reads it. Pages render every review result (bulk approval covers exactly what is shown),
 * statuses tell skipped from failed, runs are named by what they covered, /app/quota is a page, the
 * App key and secret are saved together, and no developer vocabulary (forms/merchant-text
 * DEVELOPER_TEXT: Prisma, zod, P20xx, field paths, bare codes) reaches any page or error message.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { getDashboard } from "../../app/read-models/dashboard.server";
import { updateShopSettings } from "../../app/persistence/shop-settings.server";
import { DEVELOPER_TEXT } from "../../app/forms/merchant-text";
import { reviewDecisionMessage } from "../../app/components/review/review-text";
import { failureHelp } from "../../app/components/failure-help";
import { start as startAdminApi, type LocalAdminApi } from "../../local/admin-api";
import { DEMO_IDS } from "../../local/admin-api/seed";
import { appRequestHandler } from "../helpers/remix-app";
import { seedOfflineSession } from "../helpers/sessions";
import { adminDocumentRequest, adminFetchRequest } from "../helpers/shopify-requests";

const SHOP = "merchant-ux-shop.myshopify.com";
const PRISMA_ERROR = "Invalid `prisma.tryOnJob.update()` invocation: Unique constraint failed on the fields: (`shop`,`dedupeKey`) P2002";
let adminApi: LocalAdminApi;
let handle: (request: Request) => Promise<Response>;

const product = (n: number) => `gid://shopify/Product/${n}`;

/** What a merchant can read on a page: text and the labels assistive technology reads, no scripts. */
function visibleText(html: string): string {
  const attrs = [...html.matchAll(/\s(?:aria-label|title|alt|placeholder)="([^"]*)"/g)].map((m) => m[1]);
  const text = html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<style[\s\S]*?<\/style>/g, " ")
    .replace(/<[^>]+>/g, " ");
  return [text, ...attrs]
    .join(" \n ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

/** Every string value in a JSON answer (keys are field names, not shown). */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

function expectPlain(text: string, where: string) {
  const hit = DEVELOPER_TEXT.exec(text);
  expect(hit ? `${where}: "…${text.slice(Math.max(0, hit.index - 60), hit.index + 60)}…"` : null).toBeNull();
}

async function page(path: string): Promise<string> {
  const response = await handle(await adminDocumentRequest(path, SHOP));
  const html = await response.text();
  expect(response.status, `${path}: ${html.slice(0, 300)}`).toBe(200);
  return html;
}

async function post(path: string, route: string, form: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  const request = await adminFetchRequest(`${path}?_data=${encodeURIComponent(route)}`, SHOP, {
    method: "POST",
    body: body.toString(),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  return handle(request);
}

interface Seeded {
  flaggedRun: string;
  flaggedDoneRun: string;
  reviewRun: string;
  reviewImages: string[];
  mixedRun: string;
  skippedRun: string;
  productRun: string;
  selectionRun: string;
}
let seeded: Seeded;

async function seed(): Promise<Seeded> {
  await updateShopSettings(SHOP, { providerAppKey: "512345", providerSecret: "merchant-ux-secret" });
  const run = (data: { scopeType: string; scopeTitle?: string | null; scopeRef?: string | null; status: string; productsTotal?: number }) =>
    prisma.tryOnRun.create({ data: { shop: SHOP, ...data } });
  let n = 0;
  const job = (runId: string, productId: string, title: string, state: string, extra: Record<string, unknown> = {}) =>
    prisma.tryOnJob.create({
      data: {
        shop: SHOP,
        runId,
        productId,
        productTitle: title,
        garmentImageUrl: "https://cdn.shopify.com/s/files/garment.png",
        settingsJson: JSON.stringify({ model: "Ariel", viewType: "mixed" }),
        requestJson: "{}",
        dedupeKey: `ux-${n++}`,
        imagesExpected: 4,
        state,
        ...extra,
      },
    });

  // A collection run with two products, four results each, waiting for review.
  const reviewRun = await run({ scopeType: "collection", scopeTitle: "Summer dresses", scopeRef: "gid://shopify/Collection/501", status: "running" });
  const reviewImages: string[] = [];
  for (const [i, title] of ["Linen Midi Dress", "Floral Wrap Dress"].entries()) {
    const j = await job(reviewRun.id, product(1001 + i), title, "awaiting_review", { submittedAt: new Date(), attempts: 1, imagesGenerated: 4, ...(i === 1 ? { settingsJson: JSON.stringify({ model: "Ariel", viewType: "halfbody" }) } : {}) });
    for (const position of [0, 1, 2, 3]) {
      const img = await prisma.tryOnImage.create({
        data: { shop: SHOP, runId: reviewRun.id, jobId: j.id, productId: j.productId, position, providerUrl: `https://result.example/ux-${i}-${position}.png`, review: "pending", attachState: "stored",
          // Review shows the shop's own Files copy (provider URLs expire), as the pipeline stores it.
          copyState: "copied", fileId: `gid://shopify/MediaImage/${900 + i * 10 + position}`, fileUrl: `https://cdn.shopify.com/s/files/ux-${i}-${position}.png`,
          // One result whose colour check found another shade (issue 15.3).
          ...(i === 0 && position === 3 ? { colourCheck: "differs", colourDeltaE: 14.2, sourceColour: "#1f3a5f", resultColour: "#3b6fb6" } : {}) },
      });
      reviewImages.push(img.id);
    }
  }

  // A finished run: one product sent and failed (with a raw database error as its message), one refused before sending.
  const mixedRun = await run({ scopeType: "collection", scopeTitle: "Outerwear", status: "completed" });
  await job(mixedRun.id, product(1029), "Long Wool Coat", "failed", { submittedAt: new Date(), attempts: 1, errorCode: "P2002", errorMessage: PRISMA_ERROR });
  await job(mixedRun.id, product(1024), "Mini Logo Tee", "failed", { errorCode: "703", errorMessage: "The only image is 400×400 px (code 703); try-on needs more than 500×500 px." });
  await job(mixedRun.id, product(1030), "Trench Coat", "attached", { submittedAt: new Date(), attempts: 1, imagesAttached: 2 });

  // A run whose every product was refused before sending: nothing was generated.
  const skippedRun = await run({ scopeType: "collection", scopeTitle: "Studio originals", status: "completed" });
  await job(skippedRun.id, product(1012), "Mystery Garment", "failed", { errorCode: "NO_GARMENT_IMAGE", errorMessage: "The product has no images." });

  // Runs without a stored title: a single product and a selection of three.
  const productRun = await run({ scopeType: "product", scopeTitle: null, scopeRef: product(1013), status: "completed" });
  await job(productRun.id, product(1013), "Classic Tee Navy", "attached", { submittedAt: new Date(), attempts: 1 });
  const selectionRun = await run({ scopeType: "selection", scopeTitle: null, scopeRef: JSON.stringify([product(1016), product(1018), product(1021)]), status: "completed", productsTotal: 3 });
  await job(selectionRun.id, product(1016), "Oxford Shirt", "attached", { submittedAt: new Date(), attempts: 1 });
  // Products sent although none of their photos looks like a flat lay: one run still waiting for answers, one finished.
  const flaggedSettings = JSON.stringify({ model: "Ariel", viewType: "mixed", garment: { mediaId: null, reason: "Closest photo", overridden: false, mayBeRefused: true } });
  const flaggedRun = await run({ scopeType: "collection", scopeTitle: "Lifestyle shots", status: "running" });
  await prisma.tryOnRun.update({ where: { id: flaggedRun.id }, data: { productsFlagged: 1 } });
  await job(flaggedRun.id, product(1031), "Weekend Lifestyle Shirt", "polling", { submittedAt: new Date(), attempts: 1, settingsJson: flaggedSettings });
  await job(flaggedRun.id, product(1032), "Poplin Sundress", "polling", { submittedAt: new Date(), attempts: 1 });
  const flaggedDoneRun = await run({ scopeType: "collection", scopeTitle: "Lifestyle shots (done)", status: "completed" });
  await prisma.tryOnRun.update({ where: { id: flaggedDoneRun.id }, data: { productsFlagged: 1 } });
  await job(flaggedDoneRun.id, product(1031), "Weekend Lifestyle Shirt", "attached", { submittedAt: new Date(), attempts: 1, imagesAttached: 4, settingsJson: flaggedSettings });
  return { reviewRun: reviewRun.id, reviewImages, mixedRun: mixedRun.id, skippedRun: skippedRun.id, productRun: productRun.id, selectionRun: selectionRun.id, flaggedRun: flaggedRun.id, flaggedDoneRun: flaggedDoneRun.id };
}

beforeAll(async () => {
  adminApi = await startAdminApi({ seed: "demo", accessTokens: [`shpat_test_${SHOP}`], mediaProcessingMs: 1 });
  process.env.LOCAL_ADMIN_API_URL = adminApi.url;
  handle = await appRequestHandler();
  await seedOfflineSession(SHOP);
  seeded = await seed();
}, 240_000);

afterAll(async () => {
  await adminApi?.close();
});

describe("Review: every result visible, bulk approval covers what was shown (17.1, 17.2, 17.4)", () => {
  it("GIVEN 2 products with 4 results each THEN all 8 are on the page in wrapping grids (no sideways scroller) and the bulk button says 'Approve 8 shown'", async () => {
    const html = await page("/app/review");
    for (const i of [0, 1]) for (const p of [0, 1, 2, 3]) expect(html).toContain(`https://cdn.shopify.com/s/files/ux-${i}-${p}.png`);
    expect(html.match(/data-testid="review-grid"/g)).toHaveLength(2);
    expect(html).not.toMatch(/overflow-x:\s*auto/);
    expect(html).toContain("Approve 8 shown");
    expect(html).toContain("Reject 8 shown");
    expect(html).not.toMatch(/Approve all/);
  });

  it("GIVEN a shop with nothing waiting THEN Review says so without the bulk-approval help (there is no 'Approve 0 shown')", async () => {
    const empty = "merchant-ux-empty.myshopify.com";
    await seedOfflineSession(empty);
    const response = await handle(await adminDocumentRequest("/app/review", empty));
    expect(response.status).toBe(200);
    const text = visibleText(await response.text());
    expect(text).toContain("Nothing waits for review.");
    expect(text).toContain("All caught up");
    expect(text).not.toMatch(/Approve 0|covers only the images/);
  });

  it("GIVEN a run with results waiting THEN its run page shows them with Approve buttons, and approving from there approves exactly the ids sent", async () => {
    const html = await page(`/app/runs/${seeded.reviewRun}`);
    expect(html).toContain("Waiting for your review");
    expect(html).toContain("Approve 8 shown");
    expect(html.match(/data-testid="run-review-grid"/g)).toHaveLength(2);
    // The result whose colour may differ carries the same mark as in Review, and the bulk button's block says so.
    const text = visibleText(html);
    expect(text.match(/Colour may differ/g)?.length).toBeGreaterThanOrEqual(2); // the badge, and the warning naming it
    expect(text).toContain("The garment in this photo looks a different shade from your product photo. Compare before approving.");
    expect(text).toContain("Garment: #1f3a5f");
    expect(text).toContain("1 result of the 8 shown may differ in colour from your product photo");
    expect(text).toContain("“Approve 8 shown” approves them too, so compare them first and reject any that are wrong.");
    expect(html).toContain('aria-label="Approve 8 shown, including 1 result whose colour may differ"');
    const two = seeded.reviewImages.slice(0, 2);
    const response = await post(`/app/runs/${seeded.reviewRun}`, "routes/app.runs.$id", { intent: "approve", imageIds: two });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, message: "Approved 2 images; adding them to the product" });
    // One image reads in the singular; images of two products name how many.
    const one = await post(`/app/runs/${seeded.reviewRun}`, "routes/app.runs.$id", { intent: "approve", imageIds: [seeded.reviewImages[2]] });
    expect(await one.json()).toMatchObject({ ok: true, message: "Approved 1 image; adding it to the product" });
    const both = await post("/app/review", "routes/app.review", { intent: "approve", imageIds: [seeded.reviewImages[3], seeded.reviewImages[4]] });
    const d = (await both.json()) as { ok: true; intent: "approve"; images: number; products: number };
    expect(reviewDecisionMessage(d.intent, d.images, d.products)).toBe("Approved 2 images; adding them to 2 products");
    const approved = await prisma.tryOnImage.findMany({ where: { shop: SHOP, review: "approved" }, select: { id: true } });
    expect(approved.map((i) => i.id).sort()).toEqual([...two, ...seeded.reviewImages.slice(2, 5)].sort());
  });

  it("GIVEN a product with a result waiting THEN its page's Approve and Reject buttons each name the result and the product, as the run page's do", async () => {
    const html = await page("/app/products/1002"); // Floral Wrap Dress: results 2–4 still wait
    const approve = [...html.matchAll(/aria-label="Approve (result \d+) for Floral Wrap Dress"/g)].map((m) => m[1]);
    const reject = [...html.matchAll(/aria-label="Reject (result \d+) for Floral Wrap Dress"/g)].map((m) => m[1]);
    expect(approve.length).toBeGreaterThan(0);
    expect(reject).toEqual(approve);
    expect(new Set(approve).size).toBe(approve.length); // one label per result
  });

  // The modal bodies are portalled on the client (the browser tests open them); the server renders
  // each <ui-modal> with its title and critical action, which is what the title-bar buttons open.
  it("GIVEN destructive actions THEN each opens a confirmation modal (critical action + Cancel) instead of acting", async () => {
    expect(await page("/app/review")).toMatch(/<ui-modal id="review-reject-confirm"><ui-title-bar title="Reject [^"]*"><button variant="primary" tone="critical">/);
    const collection = await page(`/app/collections/${DEMO_IDS.collections.summerDresses}`);
    expect(collection).not.toContain("Use shop defaults"); // nothing saved for it: nothing to wipe
    await prisma.collectionSettings.create({ data: { shop: SHOP, collectionId: `gid://shopify/Collection/${DEMO_IDS.collections.essentialsTops}`, viewType: "halfbody" } });
    expect(await page(`/app/collections/${DEMO_IDS.collections.essentialsTops}`)).toMatch(
      /<ui-modal id="collection-clear-confirm"><ui-title-bar title="Use the shop defaults\?"><button variant="primary" tone="critical">Clear collection settings<\/button><button>Cancel<\/button>/,
    );
    expect(await page(`/app/runs/${seeded.mixedRun}`)).toMatch(/<ui-modal id="run-undo-confirm"><ui-title-bar title="Undo this run\?"><button variant="primary" tone="critical">Remove 2 images<\/button>/);
  });
});

describe("statuses and names (17.5, 17.10)", () => {
  it("GIVEN a finished run with one product sent and failed and one refused before sending THEN they read Failed and Skipped, the run 'Finished with failures', and only the sent one is offered a retry", async () => {
    const text = visibleText(await page(`/app/runs/${seeded.mixedRun}`));
    expect(text).toContain("Finished with failures");
    expect(text).toContain("Skipped");
    expect(text).toContain("Retry 1 failed product");
  });

  it("GIVEN a running run with a product sent although its photos don't look like flat lays THEN the banner says so and that product's row is marked, and the warning is gone once the run has finished", async () => {
    const text = visibleText(await page(`/app/runs/${seeded.flaggedRun}`));
    expect(text).toContain("1 product may be refused as not a flat lay");
    expect(text.match(/May be refused: none of its photos looks like a garment laid flat/g)?.length).toBe(1);
    const done = visibleText(await page(`/app/runs/${seeded.flaggedDoneRun}`));
    expect(done).not.toContain("may be refused as not a flat lay");
    expect(done).not.toContain("May be refused:");
  });

  it("GIVEN a run whose every product was refused before sending THEN it reads 'Nothing to generate' with no retry, and the advice fits the reason", async () => {
    const text = visibleText(await page(`/app/runs/${seeded.skippedRun}`));
    expect(text).toContain("Nothing to generate");
    expect(text).not.toMatch(/Retry \d/);
    expect(text).not.toMatch(/Finished\b(?! with)/);
  });

  it("GIVEN products skipped before anything was sent and one sent that failed WHEN the Dashboard is read THEN Recent failures lists only the sent one, and the skipped ones are listed apart as not sent", async () => {
    const data = (await (await handle(await adminFetchRequest(`/app?index&_data=${encodeURIComponent("routes/app._index")}`, SHOP))).json()) as {
      failures: Array<{ code: string; products: Array<{ title: string }> }>;
      skippedBeforeSending: Array<{ code: string; products: Array<{ title: string }> }>;
    };
    const titles = (groups: typeof data.failures) => groups.flatMap((g) => g.products.map((p) => p.title));
    expect(titles(data.failures)).toContain("Long Wool Coat");
    expect(titles(data.failures)).not.toContain("Mystery Garment");
    expect(titles(data.skippedBeforeSending)).toContain("Mystery Garment");
    expect(titles(data.skippedBeforeSending)).not.toContain("Long Wool Coat");
    const text = visibleText(await page("/app"));
    expect(text).toContain("Skipped before sending");
    expect(text).toContain("They are not failures");
  });

  it("GIVEN a product whose only photo is too small WHEN estimated and run THEN its message says it was skipped and nothing was spent, and 'What to do' says the fix, each once", async () => {
    const response = await post("/app/products", "routes/app.products._index", { intent: "estimate", productIds: product(DEMO_IDS.products.miniLogoTee) });
    const body = (await response.json()) as { ok: true; estimate: { skipped: Array<{ code: string; reason: string; title: string }> } };
    const skip = body.estimate.skipped.find((s) => s.code === "preflight.too_small")!;
    expect(skip.reason).toMatch(/^Skipped before anything was sent to try-on, so nothing was spent\. The product's only photo is \d+×\d+ px; try-on needs more than 500×500 px\.$/);
    const once = (text: string) => {
      expect(text.match(/nothing was spent/gi)).toHaveLength(1);
      expect(text.match(/upload/gi)).toHaveLength(1);
    };
    // The estimate shows the reason, then "What to do" (EstimateSummary).
    once(`${skip.reason} What to do: ${failureHelp(skip.code).action}`);
    // The run page's jobs table shows the stored message and the fix under it.
    await prisma.tryOnJob.create({
      data: { shop: SHOP, runId: seeded.skippedRun, productId: product(1024), productTitle: "Mini Logo Tee", garmentImageUrl: "", settingsJson: "{}", requestJson: "{}", dedupeKey: "ux-too-small", imagesExpected: 0, state: "failed", errorCode: skip.code, errorMessage: skip.reason },
    });
    const text = visibleText(await page(`/app/runs/${seeded.skippedRun}`));
    once(text);
    expect(text).toContain("Upload a photo of the whole garment larger than 500×500 px, then try it on again.");
  });

  it("GIVEN a shop as the demo seeds it (connected; one collection that only says where approved photos go) THEN the checklist reads 1 of 3 done, with a whole percentage; try-on defaults on a collection tick step 2", async () => {
    const fresh = "merchant-ux-checklist.myshopify.com";
    await seedOfflineSession(fresh);
    await updateShopSettings(fresh, { providerAppKey: "512345", providerSecret: "checklist-secret" });
    await prisma.collectionSettings.create({ data: { shop: fresh, collectionId: "gid://shopify/Collection/777", collectionTitle: "Colour Check Demo", placement: "first" } });
    const dashboard = async () => {
      const response = await handle(await adminDocumentRequest("/app", fresh));
      expect(response.status).toBe(200);
      return response.text();
    };
    const before = await dashboard();
    expect(visibleText(before)).toContain("1 of 3 done");
    expect(before).not.toMatch(/\d+\.\d{3,}/); // no "33.333333333333336"
    expect(before).toMatch(/<progress aria-labelledby="checklist-progress"[^>]*value="33"/);
    await prisma.collectionSettings.update({ where: { shop_collectionId: { shop: fresh, collectionId: "gid://shopify/Collection/777" } }, data: { viewType: "halfbody" } });
    const after = await dashboard();
    expect(visibleText(after)).toContain("2 of 3 done");
    expect(after).not.toMatch(/66\.6/);
  });

  it("GIVEN runs without stored titles THEN the Runs page names them by what they covered", async () => {
    const text = visibleText(await page("/app/runs"));
    expect(text).toContain("Classic Tee Navy");
    expect(text).toContain("3 selected products");
    expect(text).toContain("Finished with failures");
    expect(text).toContain("Nothing to generate");
  });

  it("GIVEN /app/quota opened directly THEN it is a page in the app, not raw JSON", async () => {
    const response = await handle(await adminDocumentRequest("/app/quota", SHOP));
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    expect(visibleText(await response.text())).toMatch(/Try-on quota/);
  });

  it("GIVEN the Settings and a collection's page THEN 'Images per product' says quota is counted in calls, as the estimate does, never per image", async () => {
    for (const path of ["/app/settings", `/app/collections/${DEMO_IDS.collections.summerDresses}`]) {
      const text = visibleText(await page(path));
      expect(text, path).toContain("More images don't use more quota: Aidge counts one call per product (or colour) tried on, whatever the number of images.");
      expect(text, path).not.toMatch(/each image counts against/i);
    }
  });

  it("GIVEN the Products list THEN each row has its own Try on button", async () => {
    const html = await page("/app/products");
    expect(html).toMatch(/aria-label="Try on Linen Midi Dress"/);
  });

  it("GIVEN a product with no photo on the Products list THEN its Try on button is disabled and says what to do; a product with a photo keeps it enabled", async () => {
    const html = await page("/app/products?q=Mystery");
    const button = (title: string) => html.match(new RegExp(`<button[^>]*aria-label="Try on ${title}"[^>]*>`))?.[0] ?? "";
    expect(button("Mystery Garment")).toContain('aria-disabled="true"');
    expect(button("Mystery Garment")).toMatch(/aria-describedby="cant-try-on-\d+"/);
    expect(visibleText(html)).toContain("Add a photo of the garment to try it on");
    const linen = await page("/app/products?q=Linen");
    expect(linen.match(/<button[^>]*aria-label="Try on Linen Midi Dress"[^>]*>/)?.[0]).toContain('aria-disabled="false"');
    expect(visibleText(linen)).not.toContain("to try it on");
  });
});

describe("one name per setting on every page", () => {
  it("GIVEN a job tried on with the view chosen as 'Half body' THEN Review names it 'Half body', as the settings form does", async () => {
    const text = visibleText(await page("/app/review"));
    expect(text).toContain("Ariel · Half body");
    expect(text).not.toMatch(/Upper body|Full length/);
  });

  it("GIVEN settings left to inherit THEN Settings, a collection and a product name where the value comes from in the same words, and no value reads like code", async () => {
    const settings = visibleText(await page("/app/settings"));
    expect(settings).toContain("Built-in default: 4");
    const collection = visibleText(await page(`/app/collections/${DEMO_IDS.collections.summerDresses}`));
    expect(collection).toContain("Inherit: 4 (built-in default)");
    expect(collection).toContain("Empty fields inherit the shop defaults, set in Settings.");
    const product = visibleText(await page(`/app/products/${DEMO_IDS.products.linenMidiDress}`));
    expect(product).toMatch(/Library model Chosen automatically/);
    expect(product).toMatch(/Own model photos None/);
    expect(product).toContain("Built-in default");
    for (const [where, text] of [["settings", settings], ["collection", collection], ["product", product]]) {
      expect(text, where).not.toMatch(/Try-on default|try-on default|Inherit —|Default —|Shop settings|\(Settings\)|: auto\b| auto | none /);
    }
  });
});

describe("Settings: the App key and secret are one credential (17.3)", () => {
  const save = (fields: Record<string, string>) => post("/app/settings", "routes/app.settings", { intent: "save", providerAppKey: "", providerSecret: "", region: "global", dailyImageCap: "", ...fields });

  it("GIVEN a saved secret WHEN the App key is emptied and saved THEN 400 on the App key, and the shop stays connected", async () => {
    const response = await save({});
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.fieldErrors.providerAppKey).toMatch(/Enter the App key.*Disconnect/);
    expect((await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } })).providerAppKey).toBe("512345");
  });

  it("GIVEN a typed secret without an App key, or a new shop's App key without a secret THEN each names the missing half", async () => {
    expect((await (await save({ providerSecret: "abc" })).json()).fieldErrors.providerAppKey).toMatch(/Enter the App key that goes with this secret/);
    await prisma.shopSettings.update({ where: { shop: SHOP }, data: { providerSecretEnc: null } });
    expect((await (await save({ providerAppKey: "512345" })).json()).fieldErrors.providerSecret).toMatch(/Enter the App secret/);
    await updateShopSettings(SHOP, { providerAppKey: "512345", providerSecret: "merchant-ux-secret" });
  });

  it("GIVEN the connected shop THEN Disconnect is an explicit, confirmed action that removes both", async () => {
    expect(await page("/app/settings")).toMatch(/<ui-modal id="settings-disconnect-confirm"><ui-title-bar title="Disconnect from Aidge\?"><button variant="primary" tone="critical">Disconnect<\/button>/);
    const response = await post("/app/settings", "routes/app.settings", { intent: "disconnect" });
    expect(response.status).toBe(200);
    const row = await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } });
    expect([row.providerAppKey, row.providerSecretEnc]).toEqual([null, null]);
    await updateShopSettings(SHOP, { providerAppKey: "512345", providerSecret: "merchant-ux-secret" });
  });

  it("GIVEN 99999999999999999999 as the daily cap THEN it is refused as too large, not as 'not a whole number'", async () => {
    const body = await (await save({ providerAppKey: "512345", dailyImageCap: "99999999999999999999" })).json();
    expect(body.fieldErrors.dailyImageCap).toMatch(/too large/);
  });
});

describe("no developer text reaches a merchant (17.7)", () => {
  const pages = () => [
    "/app",
    "/app/products",
    `/app/products/${DEMO_IDS.products.linenMidiDress}`,
    `/app/products/${DEMO_IDS.products.miniLogoTee}`,
    `/app/products/${DEMO_IDS.products.mysteryGarment}`,
    "/app/collections",
    `/app/collections/${DEMO_IDS.collections.summerDresses}`,
    "/app/runs",
    `/app/runs/${seeded.mixedRun}`,
    `/app/runs/${seeded.skippedRun}`,
    `/app/runs/${seeded.reviewRun}`,
    `/app/runs/${seeded.mixedRun}?filter=failed`,
    "/app/review",
    "/app/settings",
    "/app/quota",
    "/app/runs/does-not-exist",
    "/app/products/999999999",
  ];

  it("GIVEN every page, with a raw database error stored as a product's message THEN no page shows developer vocabulary", async () => {
    for (const path of pages()) {
      const response = await handle(await adminDocumentRequest(path, SHOP));
      expect([200, 404], path).toContain(response.status);
      expectPlain(visibleText(await response.text()), path);
    }
  });

  it("GIVEN every form's error paths THEN each answer's messages are plain words", async () => {
    const long = "x".repeat(300);
    const cases: Array<[string, string, Record<string, string | string[]>]> = [
      ["/app/settings", "routes/app.settings", { intent: "save", providerAppKey: "512345", region: "global", modelBase: long, modelStyle: long, generateCount: "99999999999999999999" }],
      ["/app/settings", "routes/app.settings", { intent: "save", providerAppKey: "512345", region: "mars", viewType: "sideways", modelImageUrls: "not-a-url", dailyImageCap: "1.5" }],
      ["/app/settings", "routes/app.settings", { intent: "explode" }],
      ["/app/settings", "routes/app.settings", { intent: "test", providerAppKey: "", region: "global" }],
      [`/app/collections/${DEMO_IDS.collections.summerDresses}`, "routes/app.collections.$id", { intent: "save", modelBase: long, garmentType: "hats" }],
      [`/app/collections/${DEMO_IDS.collections.summerDresses}`, "routes/app.collections.$id", { intent: "save", collectionTitle: long.repeat(2) }],
      [`/app/products/${DEMO_IDS.products.linenMidiDress}`, "routes/app.products.$id", { intent: "saveSettings", generateCount: "0", modelBase: long }],
      [`/app/products/${DEMO_IDS.products.linenMidiDress}`, "routes/app.products.$id", { intent: "chooseGarment", garmentMediaId: "nope" }],
      [`/app/products/${DEMO_IDS.products.linenMidiDress}`, "routes/app.products.$id", { intent: "approve", imageIds: [] }],
      ["/app/products", "routes/app.products._index", { intent: "start", productIds: ["gid://shopify/Collection/1", long] }],
      ["/app/products", "routes/app.products._index", { intent: "estimate", productIds: product(DEMO_IDS.products.miniLogoTee) }],
      ["/app/review", "routes/app.review", { intent: "approve", imageIds: Array.from({ length: 3 }, () => long) }],
      ["/app/review", "routes/app.review", { intent: "maybe" }],
      [`/app/runs/${seeded.mixedRun}`, "routes/app.runs.$id", { intent: "explode" }],
      [`/app/runs/${seeded.mixedRun}`, "routes/app.runs.$id", { intent: "approve" }],
    ];
    for (const [path, route, form] of cases) {
      const response = await post(path, route, form);
      expect(response.status, `${path} ${JSON.stringify(form).slice(0, 80)}`).toBeLessThan(500);
      const body = (await response.json()) as unknown;
      for (const s of strings(body)) expectPlain(s, `${path} ${String(form.intent)}`);
    }
  });
});

describe("the Dashboard reads runs and failures as the Runs page does (found trying the demo)", () => {
  it("GIVEN one run still generating and one whose results all wait for review THEN only the generating one counts as active; once it is done the other shows under Latest runs as 'Needs review' and nothing refreshes", async () => {
    const shop = "merchant-ux-active-runs.myshopify.com";
    const run = (title: string) => prisma.tryOnRun.create({ data: { shop, scopeType: "collection", scopeTitle: title, status: "running" } });
    const job = (runId: string, n: number, state: string) =>
      prisma.tryOnJob.create({
        data: { shop, runId, productId: product(n), productTitle: `Product ${n}`, garmentImageUrl: "https://cdn.shopify.com/s/files/g.png", settingsJson: "{}", requestJson: "{}", dedupeKey: `ux-active-${n}`, imagesExpected: 4, state, attempts: 1, submittedAt: new Date() },
      });
    const waiting = await run("Knitwear");
    await job(waiting.id, 1040, "awaiting_review");
    const generating = await run("Tops");
    const polling = await job(generating.id, 1041, "polling");
    await job(generating.id, 1042, "awaiting_review");

    const data = await getDashboard(shop);
    expect(data.activeRuns.map((r) => r.id)).toEqual([generating.id]);
    expect(data.summary.activeRuns).toBe(1);
    expect(data.runsAreActive).toBe(true);

    await prisma.tryOnJob.update({ where: { id: polling.id }, data: { state: "awaiting_review" } });
    const reviewOnly = await getDashboard(shop);
    expect(reviewOnly.summary.activeRuns).toBe(0);
    expect(reviewOnly.runsAreActive).toBe(false);
    expect(reviewOnly.activeRuns.map((r) => r.status)).toEqual(["awaiting_review", "awaiting_review"]);
  });

  it("GIVEN a product that failed and was then tried on again with success, and one skipped in two runs THEN Recent failures leaves out the first, and the skipped one counts once", async () => {
    const shop = "merchant-ux-failures.myshopify.com";
    const at = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    const job = async (runId: string, productId: string, title: string, state: string, createdAt: Date, extra: Record<string, unknown> = {}) =>
      prisma.tryOnJob.create({
        data: { shop, runId, productId, productTitle: title, garmentImageUrl: "", settingsJson: "{}", requestJson: "{}", dedupeKey: `ux-f-${productId}-${createdAt.getTime()}`, imagesExpected: 4, state, createdAt, ...extra },
      });
    const first = await prisma.tryOnRun.create({ data: { shop, scopeType: "collection", scopeTitle: "Tops", status: "completed" } });
    const second = await prisma.tryOnRun.create({ data: { shop, scopeType: "collection", scopeTitle: "Tops", status: "completed" } });
    await job(first.id, product(1050), "Oversized Tee", "failed", at(30), { attempts: 1, submittedAt: at(30), errorCode: "700", errorMessage: "Invalid try-on settings." });
    await job(second.id, product(1050), "Oversized Tee", "awaiting_review", at(10), { attempts: 1, submittedAt: at(10) });
    await job(first.id, product(1051), "Knit Cardigan", "failed", at(30), { attempts: 1, submittedAt: at(30), errorCode: "700", errorMessage: "Invalid try-on settings." });
    await job(first.id, product(1024), "Mini Logo Tee", "failed", at(30), { errorCode: "preflight.too_small", errorMessage: "Skipped: too small." });
    await job(second.id, product(1024), "Mini Logo Tee", "failed", at(10), { errorCode: "preflight.too_small", errorMessage: "Skipped: too small." });

    const data = await getDashboard(shop);
    expect(data.failures.map((g) => [g.code, g.count, g.products.map((p) => p.title)])).toEqual([["700", 1, ["Knit Cardigan"]]]);
    expect(data.skippedBeforeSending.map((g) => [g.code, g.count, g.products.map((p) => p.title)])).toEqual([["preflight.too_small", 1, ["Mini Logo Tee"]]]);
  });

  it("GIVEN a product whose last try-on was skipped before sending THEN the Products list reads 'Skipped', not 'Failed', and the Failed filter leaves it out", async () => {
    type Rows = { products: Array<{ id: string; lastJob: { state: string } | null }> };
    const rows = async (query: string) =>
      (await (await handle(await adminFetchRequest(`/app/products?${query}&_data=${encodeURIComponent("routes/app.products._index")}`, SHOP))).json()) as Rows;
    const mini = (await rows("q=Mini")).products.find((p) => p.id === product(DEMO_IDS.products.miniLogoTee));
    expect(mini?.lastJob?.state).toBe("skipped");
    const failed = (await rows("status=failed")).products.map((p) => p.id);
    expect(failed).toContain(product(1029));
    expect(failed).not.toContain(product(DEMO_IDS.products.miniLogoTee));
    const skipped = (await rows("status=skipped")).products.map((p) => p.id);
    expect(skipped).toContain(product(DEMO_IDS.products.miniLogoTee));
    expect(skipped).not.toContain(product(1029));
  });
});
