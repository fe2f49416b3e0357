import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { FilesPort } from "../../app/catalog/files";
import { systemClock } from "../../app/pipeline/clock";
import { createModels, type PipelineDeps } from "../../app/pipeline/context.server";
import { altTextFor } from "../../app/pipeline/alt-text";
import { PollSchedule } from "../../app/pipeline/poll-schedule";
import { silentLogger, type CatalogPort } from "../../app/pipeline/ports";
import { unlimited } from "../../app/pipeline/rate-limit";
import { attachStep, DEFAULT_STEP_CONFIG, type StepContext } from "../../app/pipeline/steps.server";
import { pipelinePrisma } from "../helpers/pipeline-stack";

/**
 * Attach from the Files copy, with a scripted catalog: the copy is added to the product with
 * `fileUpdate referencesToAdd` (idempotent), so an image found `attaching` after a crash is sent again
 * and ends on the product once; an image whose copy is not READY waits; a failed copy fails the image.
 */
const db = pipelinePrisma();
const SHOP = "attach-test.myshopify.com";
const PRODUCT = "gid://shopify/Product/77";
const FILE = "gid://shopify/MediaImage/555";
const models = createModels(db);

function scriptedCatalog() {
  /** The product's media ids, as Shopify would hold them. */
  const productMedia: string[] = [];
  const alts = new Map<string, string>();
  let calls = 0;
  const files: FilesPort = {
    createFiles: async () => [],
    fileInfo: async (ids) => ids.map((id) => ({ id, status: "READY", url: `https://cdn.shopify.example/${id}`, error: null })),
    findByFilename: async () => null,
    async attachFiles(_productId, list) {
      calls++;
      for (const f of list) {
        alts.set(f.id, f.alt);
        if (!productMedia.includes(f.id)) productMedia.push(f.id);
      }
    },
    deleteFiles: async (ids) => ids,
    reorderMedia: async () => {},
  };
  const port: CatalogPort = {
    getProduct: async () => null,
    productVariants: async () => [],
    appendVariantMedia: async () => {},
    detachVariantMedia: async () => {},
    getCollection: async () => null,
    streamCollectionProducts: async function* () {},
    productCollectionIds: async () => new Map(),
    deleteMedia: async (ids) => ids,
    listProductMedia: async () => [],
    attachImage: async () => {
      throw new Error("attach goes through Files now");
    },
    files,
  };
  return { port, productMedia, alts, calls: () => calls };
}

function ctxFor(catalog: CatalogPort): StepContext {
  const deps: PipelineDeps = {
    db,
    clock: systemClock,
    log: silentLogger,
    tryOnFor: async () => {
      throw new Error("not used");
    },
    catalogFor: async () => catalog,
    downloadResult: async () => ({ bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), contentType: "image/png" }),
  };
  return { deps, models, config: { ...DEFAULT_STEP_CONFIG, leaseMs: { ...DEFAULT_STEP_CONFIG.leaseMs, attach: 60_000 } }, schedule: new PollSchedule(), submitLimiter: unlimited, queryLimiter: unlimited };
}

async function seedAttachingJob() {
  const run = await db.tryOnRun.create({ data: { shop: SHOP, scopeType: "product", status: "running" } });
  const job = await db.tryOnJob.create({
    data: { shop: SHOP, runId: run.id, productId: PRODUCT, productTitle: "Linen Shirt", garmentImageUrl: "https://cdn.example/g.png", settingsJson: JSON.stringify({ model: "Ariel", viewType: "halfbody" }), requestJson: "{}", dedupeKey: "k", imagesExpected: 1, imagesGenerated: 1, state: "attaching" },
  });
  const image = await db.tryOnImage.create({
    data: { shop: SHOP, runId: run.id, jobId: job.id, productId: PRODUCT, position: 1, providerUrl: "https://api.aidc-ai.com/r/1.png", review: "approved", copyState: "copied", fileId: FILE, fileUrl: `https://cdn.shopify.example/${FILE}` },
  });
  return { job, image };
}

const lease = async (jobId: string, owner: string) => {
  const until = new Date(Date.now() + 60_000);
  await db.tryOnJob.update({ where: { id: jobId }, data: { leaseOwner: owner, leaseExpiresAt: until, availableAt: until } });
  return (await db.tryOnJob.findUnique({ where: { id: jobId } }))!;
};

beforeEach(async () => {
  await db.tryOnImage.deleteMany();
  await db.tryOnJob.deleteMany();
  await db.tryOnRun.deleteMany();
});
afterAll(async () => {
  await db.$disconnect();
});

describe("attach from the Files copy, exactly once", () => {
  it("GIVEN an approved image with a READY copy WHEN attached THEN the file is added to the product with shopper alt text and its id stored", async () => {
    const { job, image } = await seedAttachingJob();
    const cat = scriptedCatalog();
    await attachStep(ctxFor(cat.port), await lease(job.id, "a#1"), "a#1");
    const alt = altTextFor({ productTitle: "Linen Shirt", viewType: "halfbody" });
    expect(alt).toBe("Model wearing the Linen Shirt, upper-body view. AI-generated try-on image.");
    expect(await db.tryOnImage.findUnique({ where: { id: image.id } })).toMatchObject({ attachState: "attached", mediaId: FILE, altText: alt });
    expect(cat.productMedia).toEqual([FILE]);
    expect(await db.tryOnJob.findUnique({ where: { id: job.id } })).toMatchObject({ state: "attached", imagesAttached: 1 });
  });

  it("GIVEN an image left `attaching` after a crash whose file is already on the product WHEN attached again THEN it is recorded and the product still shows it once", async () => {
    const { job, image } = await seedAttachingJob();
    const cat = scriptedCatalog();
    cat.productMedia.push(FILE);
    await db.tryOnImage.update({ where: { id: image.id }, data: { attachState: "attaching", attachAttempts: 1, attachStartedAt: new Date(Date.now() - 3_600_000) } });
    await attachStep(ctxFor(cat.port), await lease(job.id, "b#1"), "b#1");
    expect(cat.productMedia).toEqual([FILE]);
    expect(await db.tryOnImage.findUnique({ where: { id: image.id } })).toMatchObject({ attachState: "attached", mediaId: FILE, attachAttempts: 2 });
  });

  it("GIVEN an approved image whose copy is not READY yet WHEN attach runs THEN nothing is sent and the job waits briefly", async () => {
    const { job, image } = await seedAttachingJob();
    await db.tryOnImage.update({ where: { id: image.id }, data: { fileUrl: null } });
    const cat = scriptedCatalog();
    await attachStep(ctxFor(cat.port), await lease(job.id, "c#1"), "c#1");
    expect(cat.calls()).toBe(0);
    const after = (await db.tryOnJob.findUnique({ where: { id: job.id } }))!;
    expect(after).toMatchObject({ state: "attaching", leaseOwner: null });
    expect(after.availableAt.getTime() - Date.now()).toBeLessThan(5_000);
  });

  it("GIVEN an approved image whose copy failed (the provider URL expired first) WHEN attach runs THEN the image and job fail with the copy's reason", async () => {
    const { job, image } = await seedAttachingJob();
    await db.tryOnImage.update({ where: { id: image.id }, data: { copyState: "failed", fileId: null, fileUrl: null, errorMessage: "The generated image was no longer available from the try-on service, so it could not be kept. Generate this product again." } });
    const cat = scriptedCatalog();
    await attachStep(ctxFor(cat.port), await lease(job.id, "d#1"), "d#1");
    expect(cat.calls()).toBe(0);
    expect(await db.tryOnImage.findUnique({ where: { id: image.id } })).toMatchObject({ attachState: "failed" });
    expect(await db.tryOnJob.findUnique({ where: { id: job.id } })).toMatchObject({ state: "failed", errorMessage: expect.stringContaining("no longer available") });
  });
});
