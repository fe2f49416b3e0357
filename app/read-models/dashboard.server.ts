import prisma from "../db.server";
import { ACTIVE_STATES } from "../jobs/job-state";
import { runDisplayStatus } from "../persistence/runs.server";

/** The Dashboard's numbers, each one cheap indexed query, all filtered by shop. */
export type DashboardSummary = {
  providerConnected: boolean;
  hasShopDefaults: boolean;
  collectionsConfigured: number;
  activeRuns: number;
  runsTotal: number;
  imagesAwaitingReview: number;
  imagesAttached: number;
};

const DEFAULT_FIELDS = ["modelName", "modelGender", "modelStyle", "modelBody", "viewType", "generateCount", "inputQualityDetect", "garmentType", "modelImageUrls"] as const;

/**
 * Runs that still move without the merchant: being planned, or with a job queued, sending, generating
 * or being added. A run whose results all wait for review stays `running` in the database, but the
 * Runs page shows it as "Needs review" and so does the Dashboard: it is not counted as active, and the
 * page does not keep refreshing for it.
 */
async function activeRunsWhere(shop: string) {
  const moving = await prisma.tryOnJob.groupBy({ by: ["runId"], where: { shop, state: { in: [...ACTIVE_STATES] } } });
  return { shop, OR: [{ status: "planning" }, { status: "running", id: { in: moving.map((m) => m.runId) } }] };
}

/** `active`: the active-runs filter when the caller already built it (getDashboard reads the runs too). */
export async function getDashboardSummary(shop: string, active?: Awaited<ReturnType<typeof activeRunsWhere>>): Promise<DashboardSummary> {
  active ??= await activeRunsWhere(shop);
  const [settings, collectionsConfigured, activeRuns, runsTotal, imagesAwaitingReview, imagesAttached] =
    await Promise.all([
      prisma.shopSettings.findUnique({ where: { shop } }),
      // Collections with try-on defaults of their own: a row that only sets where approved photos go,
      // "Try on new products" or "One try-on per colour" (the demo seeds one) does not set defaults.
      prisma.collectionSettings.count({ where: { shop, OR: DEFAULT_FIELDS.map((f) => ({ [f]: { not: null } })) } }),
      prisma.tryOnRun.count({ where: active }),
      prisma.tryOnRun.count({ where: { shop } }),
      prisma.tryOnImage.count({ where: { shop, review: "pending", attachState: "stored" } }),
      prisma.tryOnImage.count({ where: { shop, attachState: "attached" } }),
    ]);
  return {
    providerConnected: Boolean(settings?.providerAppKey && settings.providerSecretEnc),
    hasShopDefaults: DEFAULT_FIELDS.some((f) => settings?.[f] !== null && settings?.[f] !== undefined),
    collectionsConfigured,
    activeRuns,
    runsTotal,
    imagesAwaitingReview,
    imagesAttached,
  };
}

/** A run as a progress bar: jobs counted by state (one grouped query for all active runs). */
export interface RunProgressView {
  id: string;
  scopeType: string;
  scopeTitle: string | null;
  status: string;
  createdAt: string;
  productsTotal: number;
  imagesEstimated: number;
  counts: Record<string, number>;
  /** Jobs that no longer move without the merchant (attached, awaiting review, failed, …). */
  settled: number;
  jobs: number;
}

const MOVING = ["queued", "submitting", "polling", "succeeded", "attaching"];

export async function runProgress(shop: string, runIds: string[]): Promise<Map<string, { counts: Record<string, number>; settled: number; jobs: number }>> {
  const out = new Map<string, { counts: Record<string, number>; settled: number; jobs: number }>();
  if (!runIds.length) return out;
  const groups = await prisma.tryOnJob.groupBy({ by: ["runId", "state"], where: { shop, runId: { in: runIds } }, _count: { _all: true } });
  for (const id of runIds) out.set(id, { counts: {}, settled: 0, jobs: 0 });
  for (const g of groups) {
    const entry = out.get(g.runId)!;
    entry.counts[g.state] = g._count._all;
    entry.jobs += g._count._all;
    if (!MOVING.includes(g.state)) entry.settled += g._count._all;
  }
  return out;
}

/** Codes of products the planner did not send: pre-flight checks, already done, the daily limit. */
const NOT_SENT_CODES = new Set(["DUPLICATE", "DAILY_CAP"]);

/** A failed job that never reached the provider (as the run page counts "Skipped"), or a not-sent code. */
function skippedBeforeSending(j: { errorCode: string | null; attempts: number; submittedAt: Date | null }): boolean {
  const code = j.errorCode ?? "";
  return code.startsWith("preflight.") || NOT_SENT_CODES.has(code) || (j.attempts === 0 && j.submittedAt === null);
}

export interface FailureGroup {
  code: string;
  count: number;
  /** One job's merchant message as an example. */
  message: string;
  products: Array<{ productId: string; title: string; runId: string }>;
}

export interface DashboardData {
  summary: DashboardSummary;
  /** False when `activeRuns` holds the latest (finished) runs because nothing is running. */
  runsAreActive: boolean;
  activeRuns: RunProgressView[];
  /** url: the Files copy once Shopify processed it (null for a moment after the task finished). */
  awaitingReview: Array<{ id: string; url: string | null; productTitle: string; productId: string }>;
  /** Products that failed after they were sent to try-on (worth a retry or a fix). */
  failures: FailureGroup[];
  /** Products skipped before anything was sent (no usable photo, invalid settings, already done, daily limit): not failures. */
  skippedBeforeSending: FailureGroup[];
  triedOneProduct: boolean;
}

/** Everything the Dashboard shows except the provider quota (loaded separately: it is a network call). */
export async function getDashboard(shop: string, options: { failureDays?: number } = {}): Promise<DashboardData> {
  const since = new Date(Date.now() - (options.failureDays ?? 7) * 86_400_000);
  const activeWhere = await activeRunsWhere(shop);
  const [summary, active, pending, failedJobs, anyJob, latest] = await Promise.all([
    getDashboardSummary(shop, activeWhere),
    prisma.tryOnRun.findMany({
      where: activeWhere,
      orderBy: { createdAt: "desc" },
      take: 5,
    }),
    prisma.tryOnImage.findMany({
      where: { shop, review: "pending", attachState: "stored" },
      orderBy: { createdAt: "desc" },
      take: 8,
      select: { id: true, fileUrl: true, productId: true, job: { select: { productTitle: true } } },
    }),
    prisma.tryOnJob.findMany({
      where: { shop, state: "failed", updatedAt: { gte: since } },
      orderBy: { updatedAt: "desc" },
      take: 200,
      select: { productId: true, productTitle: true, colour: true, runId: true, errorCode: true, errorMessage: true, attempts: true, submittedAt: true, createdAt: true },
    }),
    prisma.tryOnJob.findFirst({ where: { shop }, select: { id: true } }),
    prisma.tryOnRun.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take: 3 }),
  ]);
  // Nothing running: show the latest runs instead, so the card still tells what happened.
  const runs = active.length ? active : latest;
  const progress = await runProgress(
    shop,
    runs.map((r) => r.id),
  );
  // A failure a later job of the same product (and colour) got past is history, not something to fix.
  const later = failedJobs.length
    ? await prisma.tryOnJob.groupBy({
        by: ["productId", "colour"],
        where: { shop, productId: { in: [...new Set(failedJobs.map((j) => j.productId))] }, state: { notIn: ["failed", "cancelled"] } },
        _max: { createdAt: true },
      })
    : [];
  const lastGood = new Map(later.map((g) => [`${g.productId}|${g.colour ?? ""}`, g._max.createdAt?.getTime() ?? 0]));
  const current = failedJobs.filter((j) => (lastGood.get(`${j.productId}|${j.colour ?? ""}`) ?? 0) < j.createdAt.getTime());
  const failureGroups = new Map<string, FailureGroup>();
  const skippedGroups = new Map<string, FailureGroup>();
  const productsOf = new Map<FailureGroup, Set<string>>();
  for (const j of current) {
    const groups = skippedBeforeSending(j) ? skippedGroups : failureGroups;
    const code = j.errorCode ?? "UNKNOWN";
    const g = groups.get(code) ?? { code, count: 0, message: j.errorMessage ?? "", products: [] };
    // Counted in products: one product skipped in two runs is one product to fix.
    const seen = productsOf.get(g) ?? new Set<string>();
    seen.add(j.productId);
    productsOf.set(g, seen);
    g.count = seen.size;
    if (g.products.length < 3 && !g.products.some((p) => p.productId === j.productId)) {
      g.products.push({ productId: j.productId, title: j.productTitle, runId: j.runId });
    }
    groups.set(code, g);
  }
  return {
    summary,
    runsAreActive: active.length > 0,
    activeRuns: runs.map((r) => {
      const p = progress.get(r.id) ?? { counts: {}, settled: 0, jobs: 0 };
      return {
        id: r.id,
        scopeType: r.scopeType,
        scopeTitle: r.scopeTitle,
        status: runDisplayStatus(r.status, p.counts),
        createdAt: r.createdAt.toISOString(),
        productsTotal: r.productsTotal,
        imagesEstimated: r.imagesEstimated,
        ...p,
      };
    }),
    awaitingReview: pending.map((i) => ({ id: i.id, url: i.fileUrl, productId: i.productId, productTitle: i.job.productTitle })),
    failures: [...failureGroups.values()].sort((a, b) => b.count - a.count),
    skippedBeforeSending: [...skippedGroups.values()].sort((a, b) => b.count - a.count),
    triedOneProduct: Boolean(anyJob),
  };
}
