/**
 * Issue 15.1, colour variants, through the app's real Remix build and routes (collection page, product
 * page, Review, POST /api/estimate) against the local Admin API (demo seed: the Colour Variants
 * collection, 5 products with 2–4 colours, each colour its own flat lay) and the local try-on service:
 *
 * - planning makes one job per colour from that colour's image (colour on the job, distinct dedupe
 *   keys, productsPlanned counting products), and never sends the same product + colour + settings twice;
 * - estimates count colours; "One try-on per colour" off (collection or product) plans one job per product;
 * - approving attaches each colour's results to the product and to that colour's variants (the first
 *   approved result, ADR 0012) with the colour in the alt text; removing them restores the variant's
 *   previous photo.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRunner, type Runner } from "../../app/pipeline/runner.server";
import { DEMO_IDS } from "../../local/admin-api/seed";
import { FAST_RUNNER, gidCollection, gidProduct, pipelinePrisma, seedShop, stackDeps, startStack, TEST_SHOP, waitFor, type Stack } from "../helpers/pipeline-stack";
import { appRequestHandler } from "../helpers/remix-app";
import { adminFetchRequest } from "../helpers/shopify-requests";

let stack: Stack;
let runner: Runner;
let handle: (request: Request) => Promise<Response>;
const db = pipelinePrisma();

const COLLECTION = gidCollection(DEMO_IDS.collections.colourVariants);
const TEE = gidProduct(DEMO_IDS.products.everydayCrewTee);
const HOODIE = gidProduct(DEMO_IDS.products.fleeceHoodie);
/** Colours of the collection's products: tee 3, linen shirt 2, hoodie 4, wrap dress 3, polo 2. */
const COLOURS = 14;
const PRODUCTS = 5;

const num = (gid: string) => gid.split("/").pop()!;
const route = (path: string, id: string) => `${path}?_data=${encodeURIComponent(id)}`;
const PRODUCT_ROUTE = "routes/app.products.$id";
const COLLECTION_ROUTE = "routes/app.collections.$id";

async function post(path: string, routeId: string, form: Record<string, string | string[]>): Promise<Response> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return handle(await adminFetchRequest(route(path, routeId), TEST_SHOP, { method: "POST", body: body.toString(), headers: { "Content-Type": "application/x-www-form-urlencoded" } }));
}
async function get<T>(path: string, routeId: string): Promise<T> {
  const response = await handle(await adminFetchRequest(route(path, routeId), TEST_SHOP));
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

interface PageEstimate {
  products: number;
  productsToGenerate: number;
  tryOnsToGenerate: number;
  coloursToGenerate: number;
  imagesToGenerate: number;
  skippedCounts: Record<string, number>;
}
async function collectionEstimate(): Promise<PageEstimate> {
  const response = await post(`/app/collections/${num(COLLECTION)}`, COLLECTION_ROUTE, { intent: "estimate" });
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as { estimate: PageEstimate }).estimate;
}
async function productEstimate(productId: string): Promise<PageEstimate> {
  const response = await post(`/app/products/${num(productId)}`, PRODUCT_ROUTE, { intent: "estimate" });
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as { estimate: PageEstimate }).estimate;
}

/** The variants of a product in the Admin API's store, with the medium each shows. */
function variantsOf(productGid: string): Array<{ id: string; colour: string; mediaId: string | null }> {
  const product = stack.admin.store.products.get(Number(num(productGid)))!;
  const colourOption = product.options![0].name;
  return product.variants!.map((v) => ({
    id: `gid://shopify/ProductVariant/${v.id}`,
    colour: v.selectedOptions.find((o) => o.name === colourOption)!.value,
    mediaId: v.mediaId === null ? null : `gid://shopify/MediaImage/${v.mediaId}`,
  }));
}
const mediaOf = (productGid: string) => stack.admin.store.products.get(Number(num(productGid)))!.mediaIds.map((id) => `gid://shopify/MediaImage/${id}`);
const altOf = (mediaGid: string) => stack.admin.store.media.get(Number(num(mediaGid)))?.alt ?? null;

beforeAll(async () => {
  stack = await startStack();
  Object.assign(process.env, stack.env);
  handle = await appRequestHandler();
  await seedShop(db, stack, { autoApprove: false, generateCount: 2 });
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

describe("estimates count colours", () => {
  it("GIVEN the Colour Variants collection (default: one try-on per colour) WHEN estimated on its page and through POST /api/estimate THEN every colour is a try-on, the products are still counted as products", async () => {
    const e = await collectionEstimate();
    expect(e).toMatchObject({ products: PRODUCTS, productsToGenerate: PRODUCTS, tryOnsToGenerate: COLOURS, coloursToGenerate: COLOURS, imagesToGenerate: COLOURS * 2 });

    const response = await handle(await adminFetchRequest("/api/estimate", TEST_SHOP, { method: "POST", json: { scope: { type: "collection", collectionId: COLLECTION } } }));
    expect(response.status, await response.clone().text()).toBe(200);
    const { estimate } = (await response.json()) as { estimate: Record<string, number> };
    expect(estimate).toMatchObject({ productsTotal: PRODUCTS, productsToTryOn: PRODUCTS, tryOnsToGenerate: COLOURS, coloursToGenerate: COLOURS, imagesToGenerate: COLOURS * 2 });
    expect(await db.tryOnJob.count()).toBe(0);
  });

  it("GIVEN 'One try-on per colour' turned off on the collection page WHEN estimated THEN one try-on per product; turned back to the default THEN per colour again", async () => {
    expect((await post(`/app/collections/${num(COLLECTION)}`, COLLECTION_ROUTE, { intent: "colours", onePerColour: "off", collectionTitle: "Colour Variants" })).status).toBe(200);
    expect((await db.collectionSettings.findFirstOrThrow({ where: { shop: TEST_SHOP, collectionId: COLLECTION } })).onePerColour).toBe(false);
    const page = await get<{ onePerColour: { own: string } }>(`/app/collections/${num(COLLECTION)}`, COLLECTION_ROUTE);
    expect(page.onePerColour.own).toBe("off");
    expect(await collectionEstimate()).toMatchObject({ products: PRODUCTS, tryOnsToGenerate: PRODUCTS, coloursToGenerate: 0, imagesToGenerate: PRODUCTS * 2 });

    expect((await post(`/app/collections/${num(COLLECTION)}`, COLLECTION_ROUTE, { intent: "colours", onePerColour: "" })).status).toBe(200);
    expect(await collectionEstimate()).toMatchObject({ tryOnsToGenerate: COLOURS, coloursToGenerate: COLOURS });
  });

  it("GIVEN a value that is not a choice WHEN saved THEN 400 naming the setting, nothing stored", async () => {
    const response = await post(`/app/products/${num(HOODIE)}`, PRODUCT_ROUTE, { intent: "colours", onePerColour: "sometimes" });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/One try-on per colour/);
    expect(await db.productSettings.findFirst({ where: { shop: TEST_SHOP, productId: HOODIE } })).toBeNull();
  });

  it("GIVEN the hoodie set to 'Off' on its page WHEN estimated THEN one try-on for the product, while the collection still counts the other products' colours", async () => {
    expect((await post(`/app/products/${num(HOODIE)}`, PRODUCT_ROUTE, { intent: "colours", onePerColour: "off" })).status).toBe(200);
    expect(await productEstimate(HOODIE)).toMatchObject({ products: 1, tryOnsToGenerate: 1, coloursToGenerate: 0 });
    expect(await collectionEstimate()).toMatchObject({ tryOnsToGenerate: COLOURS - 4 + 1, coloursToGenerate: COLOURS - 4 });
    const page = await get<{ colours: { names: string[]; own: string; effective: boolean } }>(`/app/products/${num(HOODIE)}`, PRODUCT_ROUTE);
    expect(page.colours).toMatchObject({ names: ["Schwarz", "Rot", "Grün", "Blau"], own: "off", effective: false });
  });
});

describe("one job per colour, attached to the colour's variants", () => {
  let runId: string;

  it("GIVEN the T-shirt in Navy, Heather Grey and White WHEN tried on from its page THEN three jobs, one per colour from that colour's own photo, with distinct dedupe keys; the run counts one product", async () => {
    const before = variantsOf(TEE);
    const response = await post(`/app/products/${num(TEE)}`, PRODUCT_ROUTE, { intent: "generate", idempotencyKey: randomUUID() });
    expect(response.status, await response.clone().text()).toBeLessThan(400);
    const run = await waitFor(() => db.tryOnRun.findFirst({ where: { shop: TEST_SHOP, scopeType: "product", scopeRef: TEE, status: { not: "planning" } } }), { timeoutMs: 60_000, what: "the tee's run to be planned" });
    runId = run.id;
    expect(run).toMatchObject({ productsPlanned: 1, productsTotal: 1, productsSkipped: 0, jobsCreated: 3, imagesEstimated: 6 });
    const jobs = await db.tryOnJob.findMany({ where: { runId }, orderBy: { createdAt: "asc" } });
    expect(jobs.map((j) => j.colour).sort()).toEqual(["Heather Grey", "Navy", "White"]);
    expect(new Set(jobs.map((j) => j.dedupeKey)).size).toBe(3);
    for (const job of jobs) {
      // Each colour from the photo its variants show.
      const shown = before.find((v) => v.colour === job.colour)!.mediaId;
      expect(job.garmentMediaId).toBe(shown);
      expect(JSON.parse(job.settingsJson).colour).toMatchObject({ value: job.colour, option: "Color" });
    }
  });

  it("GIVEN the same T-shirt, colours and settings WHEN estimated again THEN every colour is a duplicate: nothing would be sent twice", async () => {
    const e = await productEstimate(TEE);
    expect(e).toMatchObject({ products: 1, productsToGenerate: 0, tryOnsToGenerate: 0, imagesToGenerate: 0 });
    expect(e.skippedCounts.duplicate).toBe(3);
  });

  it("GIVEN the results wait for review THEN Review and the product page group them by colour", async () => {
    await waitFor(async () => ((await db.tryOnJob.count({ where: { runId, state: "awaiting_review" } })) === 3 ? true : null), { timeoutMs: 120_000, what: "three colours to wait for review" });
    await waitFor(async () => ((await db.tryOnImage.count({ where: { runId, copyState: "copied" } })) === 6 ? true : null), { timeoutMs: 60_000, what: "the Files copies" });
    const review = await get<{ groups: Array<{ productId: string; colour: string | null; altText: string; images: unknown[] }> }>("/app/review", "routes/app.review");
    const tee = review.groups.filter((g) => g.productId === TEE);
    expect(tee.map((g) => g.colour).sort()).toEqual(["Heather Grey", "Navy", "White"]);
    expect(tee.every((g) => g.images.length === 2)).toBe(true);
    expect(tee.find((g) => g.colour === "Navy")!.altText).toMatch(/^Model wearing the Everyday Crew T-Shirt in Navy, full-length view\. /);
    // A product's colours sit together in Review.
    const first = review.groups.findIndex((g) => g.productId === TEE);
    expect(review.groups.slice(first, first + 3).every((g) => g.productId === TEE)).toBe(true);

    const page = await get<{ results: Array<{ colour: string | null }>; colours: { names: string[]; withImages: string[]; effective: boolean } }>(`/app/products/${num(TEE)}`, PRODUCT_ROUTE);
    expect(page.colours).toMatchObject({ names: ["Navy", "Heather Grey", "White"], withImages: ["Navy", "Heather Grey", "White"], effective: true });
    expect(page.results.filter((r) => r.colour === "Navy")).toHaveLength(2);
  });

  it("GIVEN Navy's two results WHEN approved on the product page THEN both go on the product with 'in Navy' in the alt text, the Navy variants show the first, the other colours' variants are untouched", async () => {
    const before = variantsOf(TEE);
    const navyJob = (await db.tryOnJob.findFirst({ where: { runId, colour: "Navy" } }))!;
    const images = await db.tryOnImage.findMany({ where: { jobId: navyJob.id }, orderBy: { position: "asc" } });
    expect((await post(`/app/products/${num(TEE)}`, PRODUCT_ROUTE, { intent: "approve", imageIds: images.map((i) => i.id) })).status).toBe(200);
    const attached = await waitFor(async () => {
      const rows = await db.tryOnImage.findMany({ where: { jobId: navyJob.id }, orderBy: { position: "asc" } });
      return rows.every((r) => r.attachState === "attached") && rows[0].variantMediaJson ? rows : null;
    }, { timeoutMs: 60_000, what: "Navy's results on the product and its variants" });
    for (const image of attached) {
      expect(mediaOf(TEE)).toContain(image.mediaId);
      expect(altOf(image.mediaId!)).toMatch(/^Model wearing the Everyday Crew T-Shirt in Navy, full-length view\. AI-generated try-on image\.$/);
    }
    const after = await waitFor(async () => {
      const v = variantsOf(TEE);
      return v.filter((x) => x.colour === "Navy").every((x) => x.mediaId === attached[0].mediaId) ? v : null;
    }, { what: "the Navy variants to show the first result" });
    for (const v of after.filter((x) => x.colour !== "Navy")) expect(v.mediaId).toBe(before.find((b) => b.id === v.id)!.mediaId);
    // The flat lay the Navy variants showed stays in the product's photos, and is recorded for undo.
    const navyFlatLay = before.find((b) => b.colour === "Navy")!.mediaId!;
    expect(mediaOf(TEE)).toContain(navyFlatLay);
    expect(JSON.parse(attached[0].variantMediaJson!)).toEqual(before.filter((b) => b.colour === "Navy").map((b) => ({ variantId: b.id, previousMediaId: navyFlatLay })));
    expect(attached[1].variantMediaJson).toBeNull();
  });

  it("GIVEN Navy's results on the product WHEN removed from the product page THEN the Navy variants show their flat lay again and the results are gone", async () => {
    const navyJob = (await db.tryOnJob.findFirst({ where: { runId, colour: "Navy" } }))!;
    const images = await db.tryOnImage.findMany({ where: { jobId: navyJob.id } });
    const navyFlatLay = JSON.parse(images.find((i) => i.variantMediaJson)!.variantMediaJson!)[0].previousMediaId as string;
    const response = await post(`/app/products/${num(TEE)}`, PRODUCT_ROUTE, { intent: "remove", imageIds: images.map((i) => i.id) });
    expect(response.status, await response.clone().text()).toBe(200);
    for (const v of variantsOf(TEE).filter((x) => x.colour === "Navy")) expect(v.mediaId).toBe(navyFlatLay);
    for (const i of images) expect(mediaOf(TEE)).not.toContain(i.mediaId);
    expect((await db.tryOnImage.findMany({ where: { jobId: navyJob.id } })).every((i) => i.attachState === "removed")).toBe(true);
  });
});

describe("the setting off, the colour-pattern link, and retry", () => {
  /** Starts a one-product run from the product page and waits until it is planned. */
  async function generate(productId: string) {
    const response = await post(`/app/products/${num(productId)}`, PRODUCT_ROUTE, { intent: "generate", idempotencyKey: randomUUID() });
    expect(response.status, await response.clone().text()).toBeLessThan(400);
    return waitFor(() => db.tryOnRun.findFirst({ where: { shop: TEST_SHOP, scopeType: "product", scopeRef: productId, status: { not: "planning" } }, orderBy: { createdAt: "desc" } }), { timeoutMs: 60_000, what: `${productId}'s run to be planned` });
  }

  it("GIVEN the hoodie set to 'Off' WHEN tried on THEN one job for the whole product, without a colour", async () => {
    const run = await generate(HOODIE);
    const jobs = await db.tryOnJob.findMany({ where: { runId: run.id } });
    expect(jobs).toHaveLength(1);
    expect(jobs[0].colour).toBeNull();
    expect(run).toMatchObject({ productsPlanned: 1, jobsCreated: 1 });
  });

  it("GIVEN the Knit Polo whose option 'Shade' is linked to the colour attribute WHEN tried on THEN one job per shade; a colour job that failed before sending is planned again for the same colour on retry", async () => {
    const polo = gidProduct(DEMO_IDS.products.knitPolo);
    const shown = variantsOf(polo);
    const run = await generate(polo);
    const jobs = await db.tryOnJob.findMany({ where: { runId: run.id } });
    expect(jobs.map((j) => j.colour).sort()).toEqual(["Olive", "Rust"]);
    await waitFor(async () => ((await db.tryOnJob.count({ where: { runId: run.id, state: "awaiting_review" } })) === 2 ? true : null), { timeoutMs: 120_000, what: "both shades to wait for review" });

    // As if Rust had been refused before anything was sent (a local check): failed, nothing sent.
    const rust = jobs.find((j) => j.colour === "Rust")!;
    await db.tryOnImage.deleteMany({ where: { jobId: rust.id } });
    await db.tryOnJob.update({ where: { id: rust.id }, data: { state: "failed", requestJson: "{}", attempts: 0, submittedAt: null, providerTaskId: null, imagesGenerated: 0, errorCode: "preflight.no_image", errorMessage: "No photo." } });
    await db.tryOnRun.update({ where: { id: run.id }, data: { status: "completed" } });
    const response = await post(`/app/runs/${run.id}`, "routes/app.runs.$id", { intent: "retry" });
    expect(response.status, await response.clone().text()).toBe(200);
    // Planned again by the runner's planner, in the background.
    const again = await waitFor(async () => {
      const job = await db.tryOnJob.findUniqueOrThrow({ where: { id: rust.id } });
      return job.replanRequested ? null : job;
    }, { what: "Rust to be planned again" });
    expect(again.state).not.toBe("failed");
    expect(again).toMatchObject({ colour: "Rust", garmentMediaId: shown.find((v) => v.colour === "Rust")!.mediaId, dedupeKey: rust.dedupeKey });
  });
});
