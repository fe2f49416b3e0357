/**
 * TryOnRun access: creating a run, planning progress, status, progress counters and the lists pages
 * read. Progress is ONE grouped query that reads only the covering index TryOnJob_run_progress_idx;
 * image counts are kept on the job rows (imagesGenerated / imagesAttached) so they come from the same query.
 */
import type { Prisma, PrismaClient, TryOnRun } from "@prisma/client";
import { ACTIVE_STATES, JOB_STATES, type JobState } from "../jobs/job-state";

/** Stored run statuses. `running` runs are shown as awaiting review / completed from their counters. */
export const RUN_STATUSES = ["planning", "running", "completed", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** What the merchant sees: stored status refined by the job counters. */
export type RunDisplayStatus = "planning" | "running" | "awaiting_review" | "completed" | "cancelled";

export interface RunProgress {
  runId: string;
  status: RunDisplayStatus;
  /** Jobs per state (every state present, 0 when none). */
  jobs: Record<JobState, number>;
  jobsTotal: number;
  /** Jobs in a final state (attached, failed, cancelled, removed). */
  jobsDone: number;
  /** Jobs sent to the provider at least once: the provider's quota used (one call per task). */
  jobsSent: number;
  images: { expected: number; generated: number; attached: number };
  /**
   * total: products in the scope (while planning, the scope's expected count when known); planned: looked
   * at so far; flagged: sent although none of their photos looks like a flat lay ("may be refused").
   */
  products: { total: number; planned: number; skipped: number; flagged?: number; expected?: number | null };
  planError: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface PageArgs {
  /** Page size; default 25, at most 100. */
  take?: number;
  /** The last id of the previous page. */
  cursor?: string | null;
}

export interface PageOf<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export const pageSize = (take?: number) => Math.min(100, Math.max(1, take ?? 25));

/** Cursor pagination over (createdAt desc, id desc); reads one extra row to know whether more exist. */
export function paged<T extends { id: string }>(rows: T[], take: number): PageOf<T> {
  const more = rows.length > take;
  const items = more ? rows.slice(0, take) : rows;
  return { items, nextCursor: more ? items[items.length - 1].id : null };
}

function emptyCounts(): Record<JobState, number> {
  return Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
}

/**
 * What a run is, as the merchant reads it: a run stays `running` in the database while its results wait
 * for review, but nothing moves until the merchant acts, so it shows "Needs review". `jobs`: job counts
 * by state (missing states count 0). Shared by the Runs pages and the Dashboard.
 */
export function runDisplayStatus(status: string, jobs: Partial<Record<string, number>>): RunDisplayStatus {
  if (status === "cancelled") return "cancelled";
  if (status === "planning") return "planning";
  if (ACTIVE_STATES.some((s) => (jobs[s] ?? 0) > 0)) return "running";
  if ((jobs.awaiting_review ?? 0) > 0) return "awaiting_review";
  return "completed";
}

type Counts = Map<string, { jobs: Record<JobState, number>; sent: number; expected: number; generated: number; attached: number }>;

async function countsFor(db: PrismaClient, shop: string, runIds: string[]): Promise<Counts> {
  const out: Counts = new Map(runIds.map((id) => [id, { jobs: emptyCounts(), sent: 0, expected: 0, generated: 0, attached: 0 }]));
  if (!runIds.length) return out;
  const groups = await db.tryOnJob.groupBy({
    by: ["runId", "state"],
    where: runIds.length === 1 ? { runId: runIds[0], shop } : { runId: { in: runIds }, shop },
    // COUNT(submittedAt) counts the jobs ever sent; every column read is in TryOnJob_run_progress_idx,
    // so this reads the index alone.
    _count: { _all: true, submittedAt: true },
    _sum: { imagesExpected: true, imagesGenerated: true, imagesAttached: true },
  });
  for (const g of groups) {
    const c = out.get(g.runId)!;
    if (g.state in c.jobs) c.jobs[g.state as JobState] += g._count._all;
    c.sent += g._count.submittedAt;
    c.expected += g._sum.imagesExpected ?? 0;
    c.generated += g._sum.imagesGenerated ?? 0;
    c.attached += g._sum.imagesAttached ?? 0;
  }
  return out;
}

function toProgress(run: TryOnRun, c: Counts extends Map<string, infer V> ? V : never): RunProgress {
  const jobsTotal = Object.values(c.jobs).reduce((a, b) => a + b, 0);
  const jobsDone = c.jobs.attached + c.jobs.failed + c.jobs.cancelled + c.jobs.removed;
  return {
    runId: run.id,
    status: runDisplayStatus(run.status, c.jobs),
    jobs: c.jobs,
    jobsTotal,
    jobsDone,
    jobsSent: c.sent,
    images: { expected: c.expected, generated: c.generated, attached: c.attached },
    products: {
      total: run.status === "planning" ? Math.max(run.productsTotal, run.productsExpected ?? 0) : run.productsTotal,
      planned: run.productsPlanned,
      skipped: run.productsSkipped,
      flagged: run.productsFlagged,
      expected: run.productsExpected,
    },
    planError: run.planError,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  };
}

export function createRunsModel(db: PrismaClient) {
  return {
    async create(data: Omit<Prisma.TryOnRunUncheckedCreateInput, "id">): Promise<TryOnRun> {
      return db.tryOnRun.create({ data });
    },

    async get(shop: string, runId: string): Promise<TryOnRun | null> {
      return db.tryOnRun.findFirst({ where: { id: runId, shop } });
    },

    async update(shop: string, runId: string, data: Prisma.TryOnRunUpdateManyMutationInput): Promise<boolean> {
      const { count } = await db.tryOnRun.updateMany({ where: { id: runId, shop }, data });
      return count === 1;
    },

    /** Counters by state for one run: one grouped query (plus the run row by primary key). */
    async progress(shop: string, runId: string): Promise<RunProgress | null> {
      const run = await db.tryOnRun.findFirst({ where: { id: runId, shop } });
      if (!run) return null;
      const counts = await countsFor(db, shop, [run.id]);
      return toProgress(run, counts.get(run.id)!);
    },

    /** The shop's runs, newest first, each with its progress (one grouped query per page). */
    async list(shop: string, args: PageArgs = {}): Promise<PageOf<TryOnRun & { progress: RunProgress }>> {
      const take = pageSize(args.take);
      const rows = await db.tryOnRun.findMany({
        where: { shop },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: take + 1,
        ...(args.cursor ? { cursor: { id: args.cursor }, skip: 1 } : {}),
      });
      const page = paged(rows, take);
      const counts = await countsFor(db, shop, page.items.map((r) => r.id));
      return { items: page.items.map((r) => ({ ...r, progress: toProgress(r, counts.get(r.id)!) })), nextCursor: page.nextCursor };
    },

    /**
     * Runs left in "planning" by a process that died (no batch for `staleMs`): they keep the jobs planned
     * so far and say why the rest are missing.
     */
    /** Runs from before leased planning (planInBackground false) whose planner died; leased runs are resumed by the planner instead. */
    async recoverStalePlanning(staleMs = 10 * 60_000): Promise<number> {
      const stale = await db.tryOnRun.findMany({ where: { status: "planning", planInBackground: false, updatedAt: { lt: new Date(Date.now() - staleMs) } }, select: { id: true, productsPlanned: true } });
      for (const r of stale) {
        await db.tryOnRun.updateMany({
          where: { id: r.id, status: "planning" },
          data: { status: "running", planError: `Planning stopped after ${r.productsPlanned} products (the app restarted). Start the run again to include the rest; products already done are skipped.` },
        });
      }
      return stale.length;
    },

    /**
     * Marks running runs whose jobs have all left the active states (and review) as completed
     * (finishedAt set). Walks every running run in pages of `pageSize` (by id), one grouped query per
     * page, so a backlog of long runs never hides the settled ones behind it.
     */
    async finishSettledRuns(pageSize = 200): Promise<number> {
      let finished = 0;
      let cursor: string | undefined;
      for (;;) {
        const page = await db.tryOnRun.findMany({
          where: { status: "running", ...(cursor ? { id: { gt: cursor } } : {}) },
          orderBy: { id: "asc" },
          take: pageSize,
          select: { id: true },
        });
        if (!page.length) break;
        cursor = page[page.length - 1].id;
        const ids = page.map((r) => r.id);
        const busy = await db.tryOnJob.groupBy({ by: ["runId"], where: { runId: { in: ids }, state: { in: [...ACTIVE_STATES, "awaiting_review"] } } });
        const busyIds = new Set(busy.map((b) => b.runId));
        const settled = ids.filter((id) => !busyIds.has(id));
        if (settled.length) {
          const { count } = await db.tryOnRun.updateMany({ where: { id: { in: settled }, status: "running" }, data: { status: "completed", finishedAt: new Date() } });
          finished += count;
        }
        if (page.length < pageSize) break;
      }
      return finished;
    },
  };
}
export type RunsModel = ReturnType<typeof createRunsModel>;
