import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { CatalogMedia } from "../../app/catalog";
import { systemClock } from "../../app/pipeline/clock";
import { createModels, type PipelineDeps } from "../../app/pipeline/context.server";
import { altTextFor } from "../../app/pipeline/alt-text";
import { PollSchedule } from "../../app/pipeline/poll-schedule";
import { silentLogger, type CatalogPort } from "../../app/pipeline/ports";
import { unlimited } from "../../app/pipeline/rate-limit";
import { attachStep, DEFAULT_STEP_CONFIG, type StepContext } from "../../app/pipeline/steps.server";
import { pipelinePrisma } from "../helpers/pipeline-stack";

/**
 * The exactly-once guard of attach, with a scripted catalog: an image already on the product is
 * recorded, not uploaded again; an attach still in progress in another (live) worker is waited for.
 */
const db = pipelinePrisma();
const SHOP = "attach-test.myshopify.com";
const PRODUCT = "gid://shopify/Product/77";
const models = createModels(db);

function scriptedCatalog() {
  const media: CatalogMedia[] = [];
  let uploads = 0;
  let gate: Promise<void> = Promise.resolve();
  const port: CatalogPort = {
    getProduct: async () => null,
    getCollection: async () => null,
    streamCollectionProducts: async function* () {},
    productCollectionIds: async () => new Map(),
    deleteMedia: async (ids) => ids,
    listProductMedia: async () => [...media],
    async attachImage(input) {
      uploads++;
      await gate;
      const m: CatalogMedia = { id: `gid://shopify/MediaImage/${900 + media.length}`, alt: input.alt, status: "UPLOADED", contentType: "IMAGE", url: null, previewUrl: null, width: null, height: null };
      media.push(m);
      return { mediaId: m.id, status: "UPLOADED", alt: input.alt, resourceUrl: "https://upload.example/x" };
    },
  };
  return {
    port,
    media,
    uploads: () => uploads,
    hold() {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return release;
    },
  };
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
  const image = await db.tryOnImage.create({ data: { shop: SHOP, runId: run.id, jobId: job.id, productId: PRODUCT, position: 1, providerUrl: "https://api.aidc-ai.com/r/1.png", review: "approved" } });
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

describe("attach exactly once", () => {
  it("GIVEN an approved image WHEN attached THEN the alt text carries the product, model, view and the image's ref, and the media id is stored", async () => {
    const { job, image } = await seedAttachingJob();
    const cat = scriptedCatalog();
    await attachStep(ctxFor(cat.port), await lease(job.id, "a#1"), "a#1");
    const after = (await db.tryOnImage.findUnique({ where: { id: image.id } }))!;
    expect(after).toMatchObject({ attachState: "attached", mediaId: cat.media[0].id, altText: altTextFor("Linen Shirt", "Ariel", "halfbody", image.id) });
    expect(after.altText).toMatch(/^Linen Shirt — AI try-on, Ariel, halfbody \(ref [0-9a-f]{10}\)$/);
    expect((await db.tryOnJob.findUnique({ where: { id: job.id } }))).toMatchObject({ state: "attached", imagesAttached: 1 });
  });

  it("GIVEN an image left `attaching` whose medium is on the product WHEN the job is attached again THEN the medium is recorded and nothing is uploaded", async () => {
    const { job, image } = await seedAttachingJob();
    const cat = scriptedCatalog();
    cat.media.push({ id: "gid://shopify/MediaImage/555", alt: altTextFor("Linen Shirt", "Ariel", "halfbody", image.id), status: "READY", contentType: "IMAGE", url: null, previewUrl: null, width: null, height: null });
    await db.tryOnImage.update({ where: { id: image.id }, data: { attachState: "attaching", attachAttempts: 1, attachStartedAt: new Date(Date.now() - 3_600_000) } });
    await attachStep(ctxFor(cat.port), await lease(job.id, "b#1"), "b#1");
    expect(cat.uploads()).toBe(0);
    expect((await db.tryOnImage.findUnique({ where: { id: image.id } }))).toMatchObject({ attachState: "attached", mediaId: "gid://shopify/MediaImage/555", attachAttempts: 1 });
  });

  it("GIVEN a live worker still uploading WHEN another worker takes over the job THEN it waits instead of uploading a second copy", async () => {
    const { job, image } = await seedAttachingJob();
    const cat = scriptedCatalog();
    const release = cat.hold();
    const a = attachStep(ctxFor(cat.port), await lease(job.id, "a#1"), "a#1");
    while (cat.uploads() === 0) await new Promise((r) => setTimeout(r, 10));
    // A's lease is taken over (say its process stalled): B finds the image `attaching`, not yet on the product.
    await attachStep(ctxFor(cat.port), await lease(job.id, "b#1"), "b#1");
    expect(cat.uploads()).toBe(1);
    expect((await db.tryOnJob.findUnique({ where: { id: job.id } }))).toMatchObject({ state: "attaching", leaseOwner: null });
    release();
    await a;
    // A records its upload; the next pass (any worker) finds nothing left to do but to finish the job.
    expect((await db.tryOnImage.findUnique({ where: { id: image.id } }))?.attachState).toBe("attached");
    await attachStep(ctxFor(cat.port), await lease(job.id, "c#1"), "c#1");
    expect(cat.media).toHaveLength(1);
    expect((await db.tryOnJob.findUnique({ where: { id: job.id } }))?.state).toBe("attached");
  });

  it("GIVEN an image left `attaching` by a dead worker (stale heartbeat) and not on the product WHEN attached again THEN it is uploaded once more", async () => {
    const { job, image } = await seedAttachingJob();
    const cat = scriptedCatalog();
    await db.tryOnImage.update({ where: { id: image.id }, data: { attachState: "attaching", attachAttempts: 1, attachStartedAt: new Date(Date.now() - 3_600_000) } });
    await attachStep(ctxFor(cat.port), await lease(job.id, "b#1"), "b#1");
    expect(cat.uploads()).toBe(1);
    expect((await db.tryOnImage.findUnique({ where: { id: image.id } }))).toMatchObject({ attachState: "attached", attachAttempts: 2 });
  });
});
