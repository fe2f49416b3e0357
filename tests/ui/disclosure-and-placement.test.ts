/**
 * Issue 15.4 (AI disclosure in alt text, worded in Settings) and 15.5 (where approved photos go: a shop
 * setting, a collection override, and the lead photo picked in Review), through the app's real Remix
 * build and its routes — Settings, the collection page, the product page, Review — against the local
 * Admin API and the local try-on service. The product's media order is read from the Admin API's store,
 * which applies `productReorderMedia` asynchronously as Shopify does.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRunner, type Runner } from "../../app/pipeline/runner.server";
import { DEFAULT_ALT_DISCLOSURE } from "../../app/settings/photo-output";
import { buildTestCollection } from "../helpers/pipeline-catalog";
import { FAST_RUNNER, pipelinePrisma, seedShop, stackDeps, startStack, TEST_SHOP, waitFor, type Stack } from "../helpers/pipeline-stack";
import { appRequestHandler } from "../helpers/remix-app";
import { adminDocumentRequest, adminFetchRequest } from "../helpers/shopify-requests";

const WORDING = "Made with AI by Fitting Room";
let stack: Stack;
let runner: Runner;
let handle: (request: Request) => Promise<Response>;
const db = pipelinePrisma();
/** Two products tried on one by one (shop placement), and a collection of one (collection placement). */
let products: string[];
let collection: { collectionId: string; productIds: string[] };

const num = (gid: string) => gid.split("/").pop()!;
const route = (path: string, id: string) => `${path}?_data=${encodeURIComponent(id)}`;

async function post(path: string, routeId: string, form: Record<string, string | string[]>): Promise<Response> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return handle(
    await adminFetchRequest(route(path, routeId), TEST_SHOP, { method: "POST", body: body.toString(), headers: { "Content-Type": "application/x-www-form-urlencoded" } }),
  );
}
const get = async <T>(path: string, routeId: string): Promise<T> => {
  const response = await handle(await adminFetchRequest(route(path, routeId), TEST_SHOP));
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
};

/** Saves the Settings page as the merchant would (the page posts every field). */
const saveSettings = (fields: Record<string, string>) =>
  post("/app/settings", "routes/app.settings", { intent: "save", providerAppKey: "", providerSecret: "", region: "global", dailyImageCap: "", generateCount: "2", placement: "after", altDisclosure: "", ...fields });

/** The product's media ids in the Admin API's order (what the storefront shows; the first is featured). */
function mediaOrder(productGid: string): string[] {
  return stack.admin.store.products.get(Number(num(productGid)))!.mediaIds.map((id) => `gid://shopify/MediaImage/${id}`);
}
function altOf(mediaGid: string): string | null {
  return stack.admin.store.media.get(Number(num(mediaGid)))?.alt ?? null;
}

/** The product's results once they wait for review, by position. */
async function waitingResults(productId: string) {
  const job = await waitFor(() => db.tryOnJob.findFirst({ where: { shop: TEST_SHOP, productId, state: "awaiting_review" } }), { timeoutMs: 90_000, what: `${productId} to wait for review` });
  const images = await db.tryOnImage.findMany({ where: { jobId: job.id }, orderBy: { position: "asc" } });
  // Review shows the Files copies: wait until both are copied (the approval attaches those).
  return waitFor(async () => {
    const now = await db.tryOnImage.findMany({ where: { id: { in: images.map((i) => i.id) } }, orderBy: { position: "asc" } });
    return now.every((i) => i.copyState === "copied") ? now : null;
  }, { what: "the results' Files copies" });
}

/** Waits until every given image is attached; returns their media ids in the given order. */
async function attached(imageIds: string[]): Promise<string[]> {
  const rows = await waitFor(async () => {
    const r = await db.tryOnImage.findMany({ where: { id: { in: imageIds } } });
    return r.length === imageIds.length && r.every((i) => i.attachState === "attached" && i.mediaId) ? r : null;
  }, { timeoutMs: 60_000, what: "the approved images to be attached" });
  return imageIds.map((id) => rows.find((r) => r.id === id)!.mediaId!);
}

/** Starts a one-product run from the product page, as its "Try on" button does. */
async function generate(productId: string) {
  const response = await post(`/app/products/${num(productId)}`, "routes/app.products.$id", { intent: "generate", idempotencyKey: randomUUID() });
  expect(response.status, await response.clone().text()).toBeLessThan(400);
}

beforeAll(async () => {
  stack = await startStack();
  // The app's own runtime (what routes call) reaches the same stand-ins.
  Object.assign(process.env, stack.env);
  handle = await appRequestHandler();
  await seedShop(db, stack, { autoApprove: false, generateCount: 2 });
  products = (await buildTestCollection(stack.admin.store, { good: 2, title: "Placement shop" })).productIds;
  collection = await buildTestCollection(stack.admin.store, { good: 1, title: "Placement collection" });
  const deps = stackDeps(db, stack.env);
  runner = createRunner(deps, FAST_RUNNER);
  deps.notify = runner.wake;
  runner.start();
}, 240_000);

afterAll(async () => {
  await runner?.stop();
  await stack?.close();
  await db.$disconnect();
});

describe("AI disclosure wording (Settings)", () => {
  it.each([
    ["longer than 200 characters", "AI ".repeat(80), /at most 200 characters/],
    ["with markup", "AI-generated <b>try-on</b>", /plain text.*< and >/],
    ["on two lines", "AI-generated\nTry-on", /one line/],
  ])("GIVEN a disclosure %s WHEN saved THEN 400 naming the field with its fix, and nothing is stored", async (_what, value, message) => {
    const response = await saveSettings({ altDisclosure: value });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { fieldErrors: Record<string, string>; formError: string };
    expect(body.fieldErrors.altDisclosure).toMatch(message);
    expect(body.formError).toContain("AI disclosure in alt text:");
    expect((await db.shopSettings.findUnique({ where: { shop: TEST_SHOP } }))?.altDisclosure ?? null).toBeNull();
  });

  it("GIVEN only spaces WHEN saved THEN the default wording applies, and the page says what it is", async () => {
    expect((await saveSettings({ altDisclosure: "   " })).status).toBe(200);
    expect((await db.shopSettings.findUniqueOrThrow({ where: { shop: TEST_SHOP } })).altDisclosure).toBeNull();
    const page = await get<{ altDisclosure: string; defaultAltDisclosure: string; altTextExample: string }>("/app/settings", "routes/app.settings");
    expect(page.altDisclosure).toBe("");
    expect(page.defaultAltDisclosure).toBe(DEFAULT_ALT_DISCLOSURE);
    expect(page.altTextExample.endsWith(` ${DEFAULT_ALT_DISCLOSURE}`)).toBe(true);
  });

  it("GIVEN the merchant's own wording WHEN saved THEN the page shows it and an example alt text ending with it", async () => {
    expect((await saveSettings({ altDisclosure: `  ${WORDING}  ` })).status).toBe(200);
    const page = await get<{ altDisclosure: string; altTextExample: string }>("/app/settings", "routes/app.settings");
    expect(page.altDisclosure).toBe(WORDING);
    expect(page.altTextExample).toMatch(new RegExp(`^Model wearing the .+\\. ${WORDING}\\.$`));
  });
});

describe("where approved photos go", () => {
  it("GIVEN placement 'after' (default) and the wording saved WHEN both results are approved in Review with result 2 as lead THEN the product's photos stay first, then the lead, then result 1, each with the wording in its alt text", async () => {
    const before = mediaOrder(products[0]);
    await generate(products[0]);
    const [one, two] = await waitingResults(products[0]);

    // Review shows the alt text the photos will carry.
    const review = await get<{ groups: Array<{ productId: string; altText: string }> }>("/app/review", "routes/app.review");
    const group = review.groups.find((g) => g.productId === products[0])!;
    expect(group.altText).toMatch(new RegExp(`^Model wearing the .+\\. ${WORDING}\\.$`));

    const response = await post("/app/review", "routes/app.review", { intent: "approve", imageIds: [one.id, two.id], leadImageIds: [two.id] });
    expect(response.status).toBe(200);
    const [m1, m2] = await attached([one.id, two.id]);
    await expect.poll(() => mediaOrder(products[0]), { timeout: 15_000 }).toEqual([...before, m2, m1]);
    for (const m of [m1, m2]) expect(altOf(m)).toBe(group.altText);

    // The product page shows the merchant the stored alt text and which photo leads.
    const page = await get<{ results: Array<{ id: string; altText: string; lead: boolean }> }>(`/app/products/${num(products[0])}`, "routes/app.products.$id");
    expect(page.results.find((r) => r.id === two.id)).toMatchObject({ altText: group.altText, lead: true });
    expect(page.results.find((r) => r.id === one.id)).toMatchObject({ altText: group.altText, lead: false });

    // Read as the merchant: each Remove button names its result and the product, and the garment card says
    // plainly why the two try-on photos are not offered as the garment photo.
    const html = await (await handle(await adminDocumentRequest(`/app/products/${num(products[0])}`, TEST_SHOP))).text();
    const title = html.match(/aria-label="Remove result (\d+) from ([^"]+)"/)?.[2];
    expect(title).toBeTruthy();
    expect([...html.matchAll(/aria-label="Remove (result \d+) from [^"]+"/g)].map((m) => m[1]).sort()).toEqual(["result 1", "result 2"]);
    expect(html).toContain("Not listed: the 2 try-on photos Fitting Room added. Try-on photos can&#x27;t be used as the garment photo.");
    expect(html).not.toContain("not offered as the garment photo");
  });

  it("GIVEN placement 'first' saved in Settings WHEN both results are approved with result 2 as lead THEN the lead is the product's first (featured) photo, then result 1, then the product's own photos", async () => {
    expect((await saveSettings({ placement: "first", altDisclosure: WORDING })).status).toBe(200);
    expect((await get<{ placement: string }>("/app/settings", "routes/app.settings")).placement).toBe("first");
    const before = mediaOrder(products[1]);
    await generate(products[1]);
    const [one, two] = await waitingResults(products[1]);
    expect((await post("/app/review", "routes/app.review", { intent: "approve", imageIds: [one.id, two.id], leadImageIds: [two.id] })).status).toBe(200);
    const [m1, m2] = await attached([one.id, two.id]);
    await expect.poll(() => mediaOrder(products[1]), { timeout: 15_000 }).toEqual([m2, m1, ...before]);
  });

  it("GIVEN the shop back on 'after' and a collection set to 'first' on its page WHEN the collection is tried on and result 2 then result 1 are approved THEN they lead the product in that order", async () => {
    expect((await saveSettings({ placement: "after", altDisclosure: WORDING })).status).toBe(200);
    const path = `/app/collections/${num(collection.collectionId)}`;
    expect((await post(path, "routes/app.collections.$id", { intent: "placement", placement: "first", collectionTitle: "Placement collection" })).status).toBe(200);
    const page = await get<{ placement: { own: string; shop: string } }>(path, "routes/app.collections.$id");
    expect(page.placement).toEqual({ own: "first", shop: "after" });

    const product = collection.productIds[0];
    const before = mediaOrder(product);
    expect((await post(path, "routes/app.collections.$id", { intent: "start", idempotencyKey: randomUUID() })).status).toBeLessThan(400);
    const [one, two] = await waitingResults(product);
    expect((await post("/app/review", "routes/app.review", { intent: "approve", imageIds: [two.id] })).status).toBe(200);
    const [m2] = await attached([two.id]);
    await expect.poll(() => mediaOrder(product), { timeout: 15_000 }).toEqual([m2, ...before]);
    expect((await post("/app/review", "routes/app.review", { intent: "approve", imageIds: [one.id] })).status).toBe(200);
    const [m1] = await attached([one.id]);
    await expect.poll(() => mediaOrder(product), { timeout: 15_000 }).toEqual([m2, m1, ...before]);

    // "Inherit" removes the override.
    expect((await post(path, "routes/app.collections.$id", { intent: "placement", placement: "" })).status).toBe(200);
    expect((await get<{ placement: { own: string } }>(path, "routes/app.collections.$id")).placement.own).toBe("");
  });

  it("GIVEN an unknown placement, or a lead photo that is not being approved WHEN sent THEN 400 naming the field in plain words", async () => {
    const settings = await saveSettings({ placement: "sideways" });
    expect(settings.status).toBe(400);
    const s = (await settings.json()) as { fieldErrors: Record<string, string>; formError: string };
    expect(s.fieldErrors.placement).toMatch(/After the product's existing photos.*First, as the featured image/);
    expect(s.formError).toContain("Where approved photos go:");
    expect((await db.shopSettings.findUniqueOrThrow({ where: { shop: TEST_SHOP } })).placement).toBe("after");

    const c = await post(`/app/collections/${num(collection.collectionId)}`, "routes/app.collections.$id", { intent: "placement", placement: "middle" });
    expect(c.status).toBe(400);
    expect(((await c.json()) as { formError: string }).formError).toMatch(/Where approved photos go: must be “Inherit”/);

    const r = await post("/app/review", "routes/app.review", { intent: "approve", imageIds: ["img-a"], leadImageIds: ["img-b"] });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { message: string }).message).toMatch(/Lead photo: must be among the photos being approved/);
  });
});
