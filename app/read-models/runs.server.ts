/**
 * What the pages need from the pipeline, in the pages' terms: estimate and start a run with merchant
 * messages instead of exceptions, and upload the merchant's own model photos through Shopify's staged
 * uploads. Each function calls one pipeline (or catalog) service.
 */
import prisma from "../db.server";
import type { RemixAdminGraphql } from "../catalog";
import type { RunProgress as PipelineRunProgress } from "../persistence/runs.server";
import { altTextForJob, jobModelLabel } from "../pipeline/alt-text";
import { MissingCredentialsError, MissingSessionError } from "../pipeline/ports";
import type { RunScope } from "../pipeline/start-run.server";
import type { EstimateView } from "../components/EstimateSummary";
import { pipeline, StartRunInputError } from "./pipeline.server";
import { fieldLabel, merchantText } from "../forms/merchant-text";
import { SETTING_LABELS } from "../forms/try-on-settings";
import { describeRuns, SKIPPED_JOB_WHERE, withSkipped } from "./run-view.server";

type Failure = { ok: false; message: string };

/** Plain words for what can stop a run from starting. */
export function describeStartError(error: unknown): string {
  if (error instanceof StartRunInputError) {
    return error.issues.map((i) => `${fieldLabel(i.field.replace(/^overrides\./, ""), SETTING_LABELS)}: ${merchantText(i.message, "is not valid")}`).join("; ");
  }
  if (error instanceof MissingCredentialsError || error instanceof MissingSessionError) return merchantText(error.message);
  // Anything else (catalog, database) is logged by the pipeline; the merchant gets a plain sentence.
  return `The run could not be planned. ${merchantText((error as Error)?.message, "Try again in a minute; if it keeps happening, contact support.")}`;
}

export async function estimateRun(shop: string, scope: RunScope, overrides: Record<string, unknown> = {}): Promise<{ ok: true; estimate: EstimateView } | Failure> {
  try {
    const result = await pipeline().startRun(shop, scope, overrides, { dryRun: true });
    return { ok: true, estimate: result.estimate };
  } catch (error) {
    return { ok: false, message: describeStartError(error) };
  }
}

/**
 * Starts a run and returns its id at once: selections and collections are planned by the runner in the
 * background (progress on the Run page); one product is planned here. `idempotencyKey` (the start
 * form's hidden field) makes a double submit return the same run.
 */
export async function startRunFor(
  shop: string,
  scope: RunScope,
  options: { force?: boolean; overrides?: Record<string, unknown>; idempotencyKey?: string } = {},
): Promise<{ ok: true; runId: string } | Failure> {
  try {
    const result = await pipeline().startRun(shop, scope, options.overrides ?? {}, { force: options.force, background: scope.type !== "product", idempotencyKey: options.idempotencyKey || undefined });
    if (!result.runId) return { ok: false, message: "The run was not created." };
    return { ok: true, runId: result.runId };
  } catch (error) {
    return { ok: false, message: describeStartError(error) };
  }
}

// ------------------------------------------------------------------ own model photos

const STAGED_UPLOAD = `#graphql
  mutation UiModelPhotoStage($input: [StagedUploadInput!]!) {
    stagedUploadsCreate(input: $input) {
      stagedTargets {
        url
        resourceUrl
        parameters {
          name
          value
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;

const FILE_CREATE = `#graphql
  mutation UiModelPhotoCreate($files: [FileCreateInput!]!) {
    fileCreate(files: $files) {
      files {
        id
        fileStatus
        ... on MediaImage {
          image {
            url
          }
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;

const FILE_STATUS = `#graphql
  query UiModelPhotoStatus($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on MediaImage {
        id
        fileStatus
        image {
          url
        }
      }
    }
  }
`;

const PHOTO_TYPES = new Set(["image/jpeg", "image/png", "image/webp"]);
/** Largest model photo accepted, in bytes (20 MB, Shopify's image limit). */
export const MAX_PHOTO_BYTES = 20 * 1024 * 1024;

async function gql<T>(graphql: RemixAdminGraphql, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await graphql(query, { variables });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors?.length || !body.data) throw new Error(body.errors?.map((e) => e.message).join("; ") ?? "no data");
  return body.data;
}

/**
 * Uploads model photos into the shop's Files: staged upload, then fileCreate, then waits (briefly) for
 * Shopify to give each file its public URL. Returns the URLs (what try-on needs).
 */
export async function uploadModelPhotos(shop: string, graphql: RemixAdminGraphql, files: File[], o: { waitMs?: number } = {}): Promise<{ ok: true; urls: string[] } | Failure> {
  if (!files.length) return { ok: false, message: "Choose at least one photo to upload." };
  for (const f of files) {
    if (!PHOTO_TYPES.has(f.type)) return { ok: false, message: `${f.name} is a ${f.type || "unknown"} file; upload JPG, PNG or WebP photos.` };
    if (f.size > MAX_PHOTO_BYTES) return { ok: false, message: `${f.name} is ${(f.size / 1048576).toFixed(1)} MB; photos must be at most 20 MB.` };
  }
  try {
    const staged = await gql<{ stagedUploadsCreate: { stagedTargets: Array<{ url: string; resourceUrl: string; parameters: Array<{ name: string; value: string }> }>; userErrors: Array<{ message: string }> } }>(
      graphql,
      STAGED_UPLOAD,
      { input: files.map((f) => ({ resource: "IMAGE", filename: f.name, mimeType: f.type, httpMethod: "POST", fileSize: String(f.size) })) },
    );
    if (staged.stagedUploadsCreate.userErrors.length) return { ok: false, message: `Shopify refused the upload: ${staged.stagedUploadsCreate.userErrors.map((e) => e.message).join("; ")}` };
    const targets = staged.stagedUploadsCreate.stagedTargets;
    await Promise.all(
      targets.map(async (t, i) => {
        const form = new FormData();
        for (const p of t.parameters) form.append(p.name, p.value);
        form.append("file", files[i], files[i].name);
        const res = await fetch(t.url, { method: "POST", body: form });
        if (!res.ok) throw new Error(`uploading ${files[i].name} failed (HTTP ${res.status})`);
      }),
    );
    const created = await gql<{ fileCreate: { files: Array<{ id: string; fileStatus: string; image?: { url: string } | null }> | null; userErrors: Array<{ message: string }> } }>(graphql, FILE_CREATE, {
      files: targets.map((t, i) => ({ originalSource: t.resourceUrl, contentType: "IMAGE", alt: `Fitting Room model photo (${shop}): ${files[i].name}` })),
    });
    if (created.fileCreate.userErrors.length) return { ok: false, message: `Shopify refused the photos: ${created.fileCreate.userErrors.map((e) => e.message).join("; ")}` };
    const ids = (created.fileCreate.files ?? []).map((f) => f.id);
    const urls = new Map((created.fileCreate.files ?? []).filter((f) => f.image?.url).map((f) => [f.id, f.image!.url]));
    const deadline = Date.now() + (o.waitMs ?? 20_000);
    let wait = 300;
    while (urls.size < ids.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 1.5, 2000);
      const status = await gql<{ nodes: Array<{ id?: string; fileStatus?: string; image?: { url: string } | null } | null> }>(graphql, FILE_STATUS, { ids });
      for (const n of status.nodes) {
        if (n?.id && n.fileStatus === "FAILED") return { ok: false, message: "Shopify could not process one of the photos; try another file." };
        if (n?.id && n.image?.url) urls.set(n.id, n.image.url);
      }
    }
    if (urls.size < ids.length) return { ok: false, message: "Shopify is still processing the photos; add them again in a minute." };
    return { ok: true, urls: ids.map((id) => urls.get(id)!) };
  } catch (error) {
    return { ok: false, message: `The photos could not be uploaded. ${merchantText((error as Error).message, "Try again in a minute.")}` };
  }
}

// ------------------------------------------------------------------ Runs and Run pages

export interface RunListItem {
  id: string;
  scopeType: string;
  scopeTitle: string | null;
  status: string;
  createdAt: string;
  progress: { counts: Record<string, number>; jobs: number; settled: number; imagesGenerated: number; imagesAttached: number; imagesExpected: number };
}

function progressView(p: PipelineRunProgress) {
  const counts = Object.fromEntries(Object.entries(p.jobs).filter(([, n]) => n > 0));
  const settled = p.jobsTotal - (p.jobs.queued + p.jobs.submitting + p.jobs.polling + p.jobs.succeeded + p.jobs.attaching);
  return {
    counts,
    jobs: p.jobsTotal,
    settled,
    imagesGenerated: p.images.generated,
    imagesAttached: p.images.attached,
    imagesExpected: p.images.expected,
  };
}

export async function runsPage(shop: string, cursor: string | null) {
  const page = await pipeline().listRuns(shop, { take: 25, cursor });
  const { names, skipped } = await describeRuns(shop, page.items);
  const items: RunListItem[] = page.items.map((r) => {
    const progress = progressView(r.progress);
    return {
      id: r.id,
      scopeType: r.scopeType,
      scopeTitle: names.get(r.id) ?? r.scopeTitle,
      status: r.progress.status,
      createdAt: r.createdAt.toISOString(),
      progress: { ...progress, counts: withSkipped(progress.counts, skipped.get(r.id) ?? 0) },
    };
  });
  return { runs: items, nextCursor: page.nextCursor, anyActive: items.some((r) => r.status === "planning" || r.status === "running") };
}

import type { RunJobFilter } from "../forms/list-queries";
const FILTER_STATES: Record<RunJobFilter, string[] | null> = {
  all: null,
  active: ["queued", "submitting", "polling", "succeeded", "attaching"],
  review: ["awaiting_review"],
  attached: ["attached"],
  failed: ["failed"],
  skipped: ["failed"],
  other: ["cancelled", "removed"],
};
/** Job filters beyond states: "failed" means sent and failed; never-sent jobs are "skipped". */
function filterWhere(filter: RunJobFilter) {
  if (filter === "failed") return { state: "failed", NOT: { attempts: 0, submittedAt: null } };
  if (filter === "skipped") return SKIPPED_JOB_WHERE;
  const states = FILTER_STATES[filter];
  return states ? { state: { in: states } } : {};
}

/** Results a run page shows for approval (more wait on the Review page). */
export const RUN_PAGE_REVIEW_IMAGES = 24;

/** One run: its progress, the skipped products, and a page of its jobs (one row per product). */
export async function runPage(shop: string, runId: string, args: { filter: RunJobFilter; page: number }) {
  const [run, progress] = await Promise.all([prisma.tryOnRun.findFirst({ where: { shop, id: runId } }), pipeline().getRunProgress(shop, runId)]);
  if (!run || !progress) return null;
  const pageSize = 50;
  const where = { shop, runId, ...filterWhere(args.filter) };
  const [jobs, matching, pending, described, attachedProducts, review, sent] = await Promise.all([
    prisma.tryOnJob.findMany({
      where,
      orderBy: [{ productTitle: "asc" }, { id: "asc" }],
      skip: (args.page - 1) * pageSize,
      take: pageSize,
      select: {
        id: true,
        productId: true,
        productTitle: true,
        garmentImageUrl: true,
        state: true,
        errorCode: true,
        errorMessage: true,
        imagesExpected: true,
        imagesGenerated: true,
        imagesAttached: true,
        attempts: true,
        submittedAt: true,
        updatedAt: true,
      },
    }),
    prisma.tryOnJob.count({ where }),
    prisma.tryOnImage.count({ where: { shop, runId, review: "pending", attachState: "stored" } }),
    describeRuns(shop, [run]),
    prisma.tryOnJob.count({ where: { shop, runId, imagesAttached: { gt: 0 } } }),
    // The first results waiting for a decision, so a run is approved from its own page (issue 17, fewer steps).
    reviewPage(shop, { runId, take: RUN_PAGE_REVIEW_IMAGES }),
    prisma.tryOnJob.count({ where: { shop, runId, submittedAt: { not: null } } }),
  ]);
  const view = progressView(progress);
  let skipped: Array<{ productId: string; title: string; kind: string; code: string; reason: string }> = [];
  try {
    skipped = run.skippedJson ? JSON.parse(run.skippedJson) : [];
  } catch {
    skipped = [];
  }
  return {
    run: {
      id: run.id,
      scopeType: run.scopeType,
      scopeRef: run.scopeRef,
      scopeTitle: described.names.get(run.id) ?? run.scopeTitle,
      status: progress.status,
      storedStatus: run.status,
      createdAt: run.createdAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      planError: run.planError,
      productsSkipped: run.productsSkipped,
      /** Planning progress: products looked at so far, of the scope's expected count (null when unknown). */
      productsPlanned: run.productsPlanned,
      productsExpected: run.productsExpected,
      /** Sent although none of their photos looks like a flat lay: try-on may refuse them. */
      productsFlagged: run.productsFlagged,
    },
    progress: { ...view, counts: withSkipped(view.counts, described.skipped.get(run.id) ?? 0) },
    imagesPending: pending,
    /** Products with at least one image on them: what "Undo run" takes images off. */
    productsWithImages: attachedProducts,
    review: review.groups,
    /** Try-on calls sent to the provider (Aidge's quota unit: one per product task, whatever the image count). */
    quotaUsed: sent,
    jobs: jobs.map((j) => ({ ...j, submittedAt: j.submittedAt?.toISOString() ?? null, updatedAt: j.updatedAt.toISOString() })),
    matching,
    page: args.page,
    pageCount: Math.max(1, Math.ceil(matching / pageSize)),
    skipped: skipped.filter((s) => s.kind !== "unusable"),
  };
}

// ------------------------------------------------------------------ Review page

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

/** "Ariel · Upper body" from the job's stored settings summary (app/pipeline/plan.server.ts JobSettingsSummary). */
const modelOf = jobModelLabel;

export async function reviewImages(shop: string, intent: "approve" | "reject", imageIds: string[], leadImageIds: string[] = []) {
  const p = pipeline();
  const result = intent === "approve" ? await p.approve(shop, { imageIds }, { leadImageIds }) : await p.reject(shop, { imageIds });
  return result;
}

// ------------------------------------------------------------------ New products (issue 15.2)

/** Records the baseline of collections that just turned "Try on new products" on, in the background. */
export function recordNewProductsBaseline(shop: string): void {
  const p = pipeline();
  void p.autoTryOn.sweepShop(shop).catch((error) => p.deps.log.warn("recording the new-products baseline failed; the sweep retries", { shop, error: (error as Error).message }));
}

/** products/create | products/update: start the product's try-on when a collection asks for it. */
export async function productChanged(shop: string, productId: string, event: "create" | "update"): Promise<void> {
  const p = pipeline();
  try {
    await p.autoTryOn.onProductEvent(shop, productId, event);
  } catch (error) {
    // Without an offline session nothing can run; the sweep picks the product up once the shop reconnects.
    if (error instanceof MissingSessionError) return;
    throw error;
  }
}

/** The dashboard card: products tried on by themselves. */
export async function autoTryOnRecent(shop: string) {
  const rows = await pipeline().autoTryOn.recent(shop, 8);
  return rows.map((r) => ({ id: r.id, productId: r.productId, productTitle: r.productTitle ?? r.productId, status: r.status, runId: r.runId, reason: r.reason, at: r.updatedAt.toISOString() }));
}
