/** The Review page: results waiting for review, grouped by product and colour, and the approve/reject decisions. */
import prisma from "../db.server";
import { altTextForJob, jobModelLabel } from "../pipeline/alt-text";
import { pipeline } from "./pipeline.server";
import { describeRuns } from "./run-view.server";

export interface ReviewGroup {
  jobId: string;
  runId: string;
  productId: string;
  productTitle: string;
  /** The colour this group tried on (one try-on per colour, issue 15.1); null = the whole product. */
  colour: string | null;
  garmentImageUrl: string;
  model: string;
  /** What shoppers will read as each photo's alt text once approved, AI disclosure included (issue 15.4). */
  altText: string;
  images: Array<{
    id: string;
    url: string | null;
    position: number;
    width: number | null;
    height: number | null;
    /** Colour fidelity (issue 15.3): "differs" shows "colour may differ" with both swatches. */
    colourCheck: string | null;
    colourDeltaE: number | null;
    sourceColour: string | null;
    resultColour: string | null;
  }>;
}

/** Results waiting for review, grouped by product (its garment beside its results), newest first. */
export async function reviewPage(shop: string, args: { runId?: string | null; take?: number }) {
  const take = Math.min(200, args.take ?? 60);
  const images = await prisma.tryOnImage.findMany({
    where: { shop, review: "pending", attachState: "stored", ...(args.runId ? { runId: args.runId } : {}) },
    orderBy: [{ createdAt: "desc" }, { jobId: "asc" }, { position: "asc" }],
    take,
    include: { job: { select: { productTitle: true, garmentImageUrl: true, productId: true, settingsJson: true, colour: true } } },
  });
  const [total, run, shopRow] = await Promise.all([
    prisma.tryOnImage.count({ where: { shop, review: "pending", attachState: "stored", ...(args.runId ? { runId: args.runId } : {}) } }),
    args.runId ? prisma.tryOnRun.findFirst({ where: { shop, id: args.runId }, select: { id: true, scopeTitle: true, scopeType: true, scopeRef: true, productsTotal: true } }) : null,
    prisma.shopSettings.findUnique({ where: { shop }, select: { altDisclosure: true } }),
  ]);
  const runView = run ? { id: run.id, scopeType: run.scopeType, scopeTitle: (await describeRuns(shop, [run])).names.get(run.id) ?? run.scopeTitle } : null;
  const groups = new Map<string, ReviewGroup>();
  for (const img of images) {
    let g = groups.get(img.jobId);
    if (!g) {
      g = {
        jobId: img.jobId,
        runId: img.runId,
        productId: img.productId,
        productTitle: img.job.productTitle,
        colour: img.job.colour,
        garmentImageUrl: img.job.garmentImageUrl,
        model: modelOf(img.job.settingsJson),
        altText: altTextForJob(img.job, shopRow?.altDisclosure),
        images: [],
      };
      groups.set(img.jobId, g);
    }
    g.images.push({
      id: img.id,
      url: img.fileUrl,
      position: img.position,
      width: img.width,
      height: img.height,
      colourCheck: img.colourCheck,
      colourDeltaE: img.colourDeltaE,
      sourceColour: img.sourceColour,
      resultColour: img.resultColour,
    });
  }
  for (const g of groups.values()) g.images.sort((a, b) => a.position - b.position);
  // A product's colours side by side (in the order they first appear), so Review reads by colour.
  const productOrder = new Map<string, number>();
  for (const g of groups.values()) if (!productOrder.has(g.productId)) productOrder.set(g.productId, productOrder.size);
  const ordered = [...groups.values()].map((g, i) => ({ g, i })).sort((a, b) => productOrder.get(a.g.productId)! - productOrder.get(b.g.productId)! || a.i - b.i).map((x) => x.g);
  return { groups: ordered, total, shown: images.length, run: runView };
}

/** "Ariel · Half body" from the job's stored settings summary (app/pipeline/plan-types.ts JobSettingsSummary). */
const modelOf = jobModelLabel;

/**
 * Approves or rejects results; `products` is how many products the decided images belong to, so the
 * confirmation can say "adding it to the product" or "adding them to 3 products".
 */
export async function reviewImages(shop: string, intent: "approve" | "reject", imageIds: string[], leadImageIds: string[] = []) {
  const p = pipeline();
  const decided = await prisma.tryOnImage.findMany({ where: { shop, id: { in: imageIds }, review: "pending", attachState: "stored" }, select: { productId: true }, distinct: ["productId"] });
  const result = intent === "approve" ? await p.approve(shop, { imageIds }, { leadImageIds }) : await p.reject(shop, { imageIds });
  return { ...result, products: decided.length };
}
