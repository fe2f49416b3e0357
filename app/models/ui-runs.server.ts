/**
 * What the pages need from the pipeline, in the pages' terms: estimate and start a run with merchant
 * messages instead of exceptions, and upload the merchant's own model photos through Shopify's staged
 * uploads. Each function calls one pipeline (or catalog) service.
 */
import prisma from "../db.server";
import type { RemixAdminGraphql } from "../catalog";
import type { RunProgress as PipelineRunProgress } from "./runs.server";
import { MissingCredentialsError, MissingSessionError } from "../pipeline/ports";
import type { RunScope } from "../pipeline/start-run.server";
import type { EstimateView } from "../components/EstimateSummary";
import { pipeline, StartRunInputError } from "./ui-pipeline.server";

type Failure = { ok: false; message: string };

/** Plain words for what can stop a run from starting. */
export function describeStartError(error: unknown): string {
  if (error instanceof StartRunInputError) return error.issues.map((i) => `${i.field.replace(/^overrides\./, "")}: ${i.message}`).join("; ");
  if (error instanceof MissingCredentialsError || error instanceof MissingSessionError) return error.message;
  const message = (error as Error)?.message ?? String(error);
  return `The run could not be planned: ${message}`;
}

export async function estimateRun(shop: string, scope: RunScope, overrides: Record<string, unknown> = {}): Promise<{ ok: true; estimate: EstimateView } | Failure> {
  try {
    const result = await pipeline().startRun(shop, scope, overrides, { dryRun: true });
    return { ok: true, estimate: result.estimate };
  } catch (error) {
    return { ok: false, message: describeStartError(error) };
  }
}

export async function startRunFor(shop: string, scope: RunScope, options: { force?: boolean; overrides?: Record<string, unknown> } = {}): Promise<{ ok: true; runId: string } | Failure> {
  try {
    const result = await pipeline().startRun(shop, scope, options.overrides ?? {}, { force: options.force });
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
    return { ok: false, message: `The photos could not be uploaded: ${(error as Error).message}` };
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
  const items: RunListItem[] = page.items.map((r) => ({
    id: r.id,
    scopeType: r.scopeType,
    scopeTitle: r.scopeTitle,
    status: r.progress.status,
    createdAt: r.createdAt.toISOString(),
    progress: progressView(r.progress),
  }));
  return { runs: items, nextCursor: page.nextCursor, anyActive: items.some((r) => r.status === "planning" || r.status === "running") };
}

import type { RunJobFilter } from "../forms/list-queries";
const FILTER_STATES: Record<RunJobFilter, string[] | null> = {
  all: null,
  active: ["queued", "submitting", "polling", "succeeded", "attaching"],
  review: ["awaiting_review"],
  attached: ["attached"],
  failed: ["failed"],
  other: ["cancelled", "removed"],
};

/** One run: its progress, the skipped products, and a page of its jobs (one row per product). */
export async function runPage(shop: string, runId: string, args: { filter: RunJobFilter; page: number }) {
  const [run, progress] = await Promise.all([prisma.tryOnRun.findFirst({ where: { shop, id: runId } }), pipeline().getRunProgress(shop, runId)]);
  if (!run || !progress) return null;
  const pageSize = 50;
  const states = FILTER_STATES[args.filter];
  const where = { shop, runId, ...(states ? { state: { in: states } } : {}) };
  const [jobs, matching, pending] = await Promise.all([
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
        updatedAt: true,
      },
    }),
    prisma.tryOnJob.count({ where }),
    prisma.tryOnImage.count({ where: { shop, runId, review: "pending", attachState: "stored" } }),
  ]);
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
      scopeTitle: run.scopeTitle,
      status: progress.status,
      storedStatus: run.status,
      createdAt: run.createdAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      planError: run.planError,
      productsSkipped: run.productsSkipped,
    },
    progress: progressView(progress),
    imagesPending: pending,
    jobs: jobs.map((j) => ({ ...j, updatedAt: j.updatedAt.toISOString() })),
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
  garmentImageUrl: string;
  model: string;
  images: Array<{ id: string; url: string; position: number; width: number | null; height: number | null }>;
}

/** Results waiting for review, grouped by product (its garment beside its results), newest first. */
export async function reviewPage(shop: string, args: { runId?: string | null; take?: number }) {
  const take = Math.min(200, args.take ?? 60);
  const images = await prisma.tryOnImage.findMany({
    where: { shop, review: "pending", attachState: "stored", ...(args.runId ? { runId: args.runId } : {}) },
    orderBy: [{ createdAt: "desc" }, { jobId: "asc" }, { position: "asc" }],
    take,
    include: { job: { select: { productTitle: true, garmentImageUrl: true, productId: true, settingsJson: true } } },
  });
  const [total, run] = await Promise.all([
    prisma.tryOnImage.count({ where: { shop, review: "pending", attachState: "stored", ...(args.runId ? { runId: args.runId } : {}) } }),
    args.runId ? prisma.tryOnRun.findFirst({ where: { shop, id: args.runId }, select: { id: true, scopeTitle: true, scopeType: true } }) : null,
  ]);
  const groups = new Map<string, ReviewGroup>();
  for (const img of images) {
    let g = groups.get(img.jobId);
    if (!g) {
      g = {
        jobId: img.jobId,
        runId: img.runId,
        productId: img.productId,
        productTitle: img.job.productTitle,
        garmentImageUrl: img.job.garmentImageUrl,
        model: modelOf(img.job.settingsJson),
        images: [],
      };
      groups.set(img.jobId, g);
    }
    g.images.push({ id: img.id, url: img.providerUrl, position: img.position, width: img.width, height: img.height });
  }
  for (const g of groups.values()) g.images.sort((a, b) => a.position - b.position);
  return { groups: [...groups.values()], total, shown: images.length, run };
}

/** "Ariel · halfbody" from the job's stored settings summary (app/pipeline/plan.server.ts JobSettingsSummary). */
function modelOf(settingsJson: string): string {
  try {
    const s = JSON.parse(settingsJson) as { model?: string; viewType?: string };
    return [s.model, s.viewType].filter(Boolean).join(" · ");
  } catch {
    return "";
  }
}

export async function reviewImages(shop: string, intent: "approve" | "reject", imageIds: string[]) {
  const p = pipeline();
  const result = intent === "approve" ? await p.approve(shop, { imageIds }) : await p.reject(shop, { imageIds });
  return result;
}
