/**
 * TryOnImage access: results per job, review decisions and attach bookkeeping. The job row's
 * imagesGenerated / imagesAttached counters change in the same transaction as the images.
 */
import type { Prisma, PrismaClient, TryOnImage } from "@prisma/client";
import { pageSize, paged, type PageArgs, type PageOf } from "./runs.server";

export const REVIEW_STATES = ["pending", "approved", "rejected"] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];
export const ATTACH_STATES = ["stored", "attaching", "attached", "removed", "failed"] as const;
export type AttachState = (typeof ATTACH_STATES)[number];

export interface ReviewListArgs extends PageArgs {
  runId?: string;
  productId?: string;
  /** Default "pending". */
  review?: ReviewState | "all";
}

export function createImagesModel(db: PrismaClient) {
  /** Sets TryOnJob.imagesAttached from the images (the progress query reads it). */
  async function recountAttached(jobId: string): Promise<void> {
    const attached = await db.tryOnImage.count({ where: { jobId, attachState: "attached" } });
    await db.tryOnJob.updateMany({ where: { id: jobId }, data: { imagesAttached: attached } });
  }

  return {
    async forJob(jobId: string): Promise<TryOnImage[]> {
      return db.tryOnImage.findMany({ where: { jobId }, orderBy: { position: "asc" } });
    },

    async get(shop: string, imageId: string) {
      return db.tryOnImage.findFirst({ where: { shop, id: imageId } });
    },

    /** Images for the Review page, newest first, paginated. */
    async listForReview(shop: string, args: ReviewListArgs = {}): Promise<PageOf<TryOnImage & { job: { productTitle: string; state: string } }>> {
      const take = pageSize(args.take);
      const review = args.review ?? "pending";
      const rows = await db.tryOnImage.findMany({
        where: {
          shop,
          ...(args.runId ? { runId: args.runId } : {}),
          ...(args.productId ? { productId: args.productId } : {}),
          ...(review === "all" ? {} : { review }),
        },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: take + 1,
        ...(args.cursor ? { cursor: { id: args.cursor }, skip: 1 } : {}),
        include: { job: { select: { productTitle: true, state: true } } },
      });
      return paged(rows, take);
    },

    /** Media ids Fitting Room attached to these products (never chosen as garment images). */
    async attachedMediaIds(shop: string, productIds: string[]): Promise<Map<string, string[]>> {
      const out = new Map<string, string[]>();
      if (!productIds.length) return out;
      const rows = await db.tryOnImage.findMany({
        where: { shop, productId: { in: productIds }, OR: [{ mediaId: { not: null } }, { fileId: { not: null } }] },
        select: { productId: true, mediaId: true, fileId: true },
      });
      for (const r of rows) {
        const ids = [r.mediaId, r.fileId].filter((id): id is string => Boolean(id));
        out.set(r.productId, [...new Set([...(out.get(r.productId) ?? []), ...ids])]);
      }
      return out;
    },

    /** Conditional attach-state change of one image; true when it happened. */
    async setAttachState(id: string, from: AttachState | AttachState[], data: Prisma.TryOnImageUpdateManyMutationInput & { attachState: AttachState }): Promise<boolean> {
      const { count } = await db.tryOnImage.updateMany({ where: { id, attachState: Array.isArray(from) ? { in: from } : from }, data });
      return count === 1;
    },

    /**
     * Records a finished attach: image → attached with its media id (conditional), then the job's
     * counter recounted — idempotent, no interactive transaction (a crash between the two is repaired
     * by the next recount).
     */
    async markAttached(image: Pick<TryOnImage, "id" | "jobId">, mediaId: string, altText: string): Promise<boolean> {
      const { count } = await db.tryOnImage.updateMany({
        where: { id: image.id, attachState: "attaching" },
        data: { attachState: "attached", mediaId, altText, errorMessage: null },
      });
      await recountAttached(image.jobId);
      return count === 1;
    },

    /** Records removed media: images → removed, the jobs' counters recounted. */
    async markRemoved(images: Array<Pick<TryOnImage, "id" | "jobId">>): Promise<number> {
      if (!images.length) return 0;
      // fileDelete removed the medium and its Files copy together (the medium's id is the file's).
      const { count } = await db.tryOnImage.updateMany({ where: { id: { in: images.map((i) => i.id) }, attachState: "attached" }, data: { attachState: "removed", copyState: "deleted", fileUrl: null, lead: false } });
      for (const jobId of new Set(images.map((i) => i.jobId))) await recountAttached(jobId);
      return count;
    },

    recountAttached,

    /** Sets the review of pending (or, with `redecide`, any not-yet-attached) images. Returns the affected job ids. */
    async review(shop: string, where: Prisma.TryOnImageWhereInput, decision: "approved" | "rejected"): Promise<string[]> {
      const targets = await db.tryOnImage.findMany({
        where: { ...where, shop, review: "pending", attachState: "stored" },
        select: { id: true, jobId: true },
      });
      if (!targets.length) return [];
      // approvedAt is the attach order ("in the order the merchant approved them").
      await db.tryOnImage.updateMany({ where: { id: { in: targets.map((t) => t.id) }, shop, review: "pending" }, data: { review: decision, ...(decision === "approved" ? { approvedAt: new Date() } : {}) } });
      return [...new Set(targets.map((t) => t.jobId))];
    },

    /**
     * Makes each given image (still waiting for review) the one that leads its product's try-on photos
     * (issue 15.5): the product's other images lose the mark, so a product has at most one lead. The
     * first id per product wins. Returns the ids marked.
     */
    async markLead(shop: string, imageIds: string[]): Promise<string[]> {
      if (!imageIds.length) return [];
      const images = await db.tryOnImage.findMany({ where: { shop, id: { in: imageIds }, review: "pending", attachState: "stored" }, select: { id: true, productId: true } });
      const byProduct = new Map<string, string>();
      for (const id of imageIds) {
        const img = images.find((i) => i.id === id);
        if (img && !byProduct.has(img.productId)) byProduct.set(img.productId, img.id);
      }
      for (const [productId, id] of byProduct) {
        await db.$transaction([
          db.tryOnImage.updateMany({ where: { shop, productId, lead: true, id: { not: id } }, data: { lead: false } }),
          db.tryOnImage.updateMany({ where: { shop, id }, data: { lead: true } }),
        ]);
      }
      return [...byProduct.values()];
    },

    /** Review/attach tallies of one job. */
    async tally(jobId: string): Promise<{ pending: number; toAttach: number; attaching: number; attached: number; failed: number; rejected: number; total: number }> {
      const rows = await db.tryOnImage.groupBy({ by: ["review", "attachState"], where: { jobId }, _count: { _all: true } });
      const t = { pending: 0, toAttach: 0, attaching: 0, attached: 0, failed: 0, rejected: 0, total: 0 };
      for (const r of rows) {
        const n = r._count._all;
        t.total += n;
        if (r.attachState === "attached") t.attached += n;
        else if (r.attachState === "attaching") t.attaching += n;
        else if (r.attachState === "failed") t.failed += n;
        else if (r.review === "pending") t.pending += n;
        else if (r.review === "approved" && r.attachState === "stored") t.toAttach += n;
        else if (r.review === "rejected") t.rejected += n;
      }
      return t;
    },
  };
}
export type ImagesModel = ReturnType<typeof createImagesModel>;
