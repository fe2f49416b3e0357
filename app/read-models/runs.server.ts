/**
 * What the pages need from the pipeline, in the pages' terms: estimate and start a run with merchant
 * messages instead of exceptions, and the Runs and Run pages. Each function calls one pipeline service or reads the database for one page.
 */
import prisma from "../db.server";
import type { RunProgress as PipelineRunProgress } from "../persistence/runs.server";
import { MissingCredentialsError, MissingSessionError } from "../pipeline/ports";
import type { RunScope } from "../pipeline/start-run.server";
import type { EstimateView } from "../components/EstimateSummary";
import { pipeline, StartRunInputError } from "./pipeline.server";
import { fieldLabel, merchantText } from "../forms/merchant-text";
import { SETTING_LABELS } from "../forms/try-on-settings";
import type { RunJobFilter } from "../forms/list-queries";
import { readJobSettings } from "../pipeline/job-settings";
import { describeRuns, SKIPPED_JOB_WHERE, withSkipped } from "./run-view.server";
import { reviewPage } from "./review.server";

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
  const [jobs, matching, described, attachedProducts, review] = await Promise.all([
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
        settingsJson: true,
        replanRequested: true,
      },
    }),
    prisma.tryOnJob.count({ where }),
    describeRuns(shop, [run]),
    prisma.tryOnJob.count({ where: { shop, runId, imagesAttached: { gt: 0 } } }),
    // The first results waiting for a decision, so a run is approved from its own page (issue 17, fewer
    // steps); its total is the run's count of images waiting for review.
    reviewPage(shop, { runId, take: RUN_PAGE_REVIEW_IMAGES }),
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
    imagesPending: review.total,
    /** Products with at least one image on them: what "Undo run" takes images off. */
    productsWithImages: attachedProducts,
    review: review.groups,
    /** Try-on calls sent to the provider (Aidge's quota unit: one per product task, whatever the image count). */
    quotaUsed: progress.jobsSent,
    jobs: jobs.map(({ settingsJson, ...j }) => ({ ...j, mayBeRefused: readJobSettings(settingsJson).garment?.mayBeRefused === true, submittedAt: j.submittedAt?.toISOString() ?? null, updatedAt: j.updatedAt.toISOString() })),
    matching,
    page: args.page,
    pageCount: Math.max(1, Math.ceil(matching / pageSize)),
    skipped: skipped.filter((s) => s.kind !== "unusable"),
  };
}
