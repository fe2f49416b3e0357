/**
 * TryOnJob access: batched claims with leases, conditional state transitions, cancels, retries and the
 * lifecycle helpers the webhooks call. Every shop-facing function filters by shop.
 *
 * Leases: a claim sets `leaseOwner` and moves `availableAt` (and `leaseExpiresAt`) to the end of the
 * lease. A job is claimable when its state is right and `availableAt <= now`, so a lease that expires
 * (its worker died) makes the job claimable again with no separate recovery sweep. Every transition is
 * one `updateMany WHERE id AND state = expected [AND leaseOwner = me]`, checked by its count.
 */
import type { Prisma, PrismaClient, TryOnJob } from "@prisma/client";
import { assertTransition, CANCELLABLE_STATES, IN_FLIGHT_OR_DONE_STATES, type JobState } from "../jobs/job-state";
import { defaultDb } from "./db-handle.server";

type Db = PrismaClient | Prisma.TransactionClient;

/** Which states each kind of runner work picks up. */
export const PHASE_STATES = {
  /** queued, plus submitting whose lease expired (the submit was in flight when its worker died). */
  submit: ["queued", "submitting"],
  poll: ["polling"],
  /** succeeded jobs whose worker died before routing them to review or attach. */
  route: ["succeeded"],
  attach: ["attaching"],
} as const satisfies Record<string, readonly JobState[]>;
export type Phase = keyof typeof PHASE_STATES;

/** Every state some phase picks up: the jobs the runner still has work for. */
const RUNNER_STATES: JobState[] = [...new Set(Object.values(PHASE_STATES).flat())];

export interface ClaimOptions {
  /** Unique per claim batch (worker id + sequence), so the batch can be read back exactly. */
  owner: string;
  limit: number;
  /** Epoch ms. */
  now: number;
  leaseMs: number;
  /** Only these shops (tests); default all. */
  shops?: string[];
}

export interface TransitionOptions {
  from: JobState | readonly JobState[];
  to: JobState;
  /** When set, the job must still be leased by this owner. */
  owner?: string | null;
  /** Also require the job to belong to this shop (merchant actions). */
  shop?: string;
  data?: Prisma.TryOnJobUpdateManyMutationInput;
}

export function createJobsModel(db: PrismaClient) {
  /** Claims up to `limit` due jobs of a phase: one read of candidate ids, one conditional update, one read back. */
  async function claim(phase: Phase, o: ClaimOptions): Promise<TryOnJob[]> {
    if (o.limit <= 0) return [];
    const states = [...PHASE_STATES[phase]];
    const now = new Date(o.now);
    // A job a retry queued to be planned again is the planner's (planner.server.ts), never a submit's.
    const where: Prisma.TryOnJobWhereInput = { state: { in: states }, availableAt: { lte: now }, replanRequested: false, ...(o.shops ? { shop: { in: o.shops } } : {}) };
    const candidates = await db.tryOnJob.findMany({ where, orderBy: { availableAt: "asc" }, take: o.limit, select: { id: true } });
    if (!candidates.length) return [];
    const until = new Date(o.now + o.leaseMs);
    const ids = candidates.map((c) => c.id);
    const { count } = await db.tryOnJob.updateMany({
      where: { ...where, id: { in: ids } },
      data: { leaseOwner: o.owner, leaseExpiresAt: until, availableAt: until },
    });
    if (count === 0) return [];
    return db.tryOnJob.findMany({ where: { id: { in: ids }, leaseOwner: o.owner } });
  }

  /** When the next job becomes due (for the runner's sleep); null when nothing is active. */
  async function nextDueAt(): Promise<Date | null> {
    const row = await db.tryOnJob.findFirst({ where: { state: { in: RUNNER_STATES }, replanRequested: false }, orderBy: { availableAt: "asc" }, select: { availableAt: true } });
    return row?.availableAt ?? null;
  }

  /**
   * For each phase, when its earliest job is due (epoch ms; absent: no job in that phase). One grouped
   * read answers what four claims and a next-due read would: the runner claims only the phases with
   * work due, and sleeps until the earliest of the rest.
   */
  async function dueByPhase(shops?: string[]): Promise<Partial<Record<Phase, number>>> {
    const rows = await db.tryOnJob.groupBy({
      by: ["state"],
      where: { state: { in: RUNNER_STATES }, replanRequested: false, ...(shops ? { shop: { in: shops } } : {}) },
      _min: { availableAt: true },
    });
    const due: Partial<Record<Phase, number>> = {};
    for (const row of rows) {
      const at = row._min.availableAt?.getTime();
      if (at === undefined) continue;
      for (const phase of Object.keys(PHASE_STATES) as Phase[]) {
        if (!(PHASE_STATES[phase] as readonly string[]).includes(row.state)) continue;
        due[phase] = Math.min(due[phase] ?? Infinity, at);
      }
    }
    return due;
  }

  return {
    claim,
    nextDueAt,
    dueByPhase,
    transition: (id: string, o: TransitionOptions) => transitionJob(db, id, o),

    /** Extends a lease the caller still holds; false when it was lost (expired and re-claimed, or cancelled). */
    async extendLease(id: string, owner: string, untilMs: number): Promise<boolean> {
      const until = new Date(untilMs);
      const { count } = await db.tryOnJob.updateMany({ where: { id, leaseOwner: owner }, data: { leaseExpiresAt: until, availableAt: until } });
      return count === 1;
    },

    /** Gives a job back without changing its state: due again at `availableAtMs`. */
    async release(id: string, owner: string, state: JobState, availableAtMs: number, data: Prisma.TryOnJobUpdateManyMutationInput = {}): Promise<boolean> {
      const { count } = await db.tryOnJob.updateMany({
        where: { id, state, leaseOwner: owner },
        data: { ...data, leaseOwner: null, leaseExpiresAt: null, availableAt: new Date(availableAtMs) },
      });
      return count === 1;
    },

    async get(shop: string, id: string) {
      return db.tryOnJob.findFirst({ where: { shop, id } });
    },

    /** Dedupe keys of the shop already generated or in flight (any run). */
    async existingDedupeKeys(shop: string, keys: string[], excludeJobId?: string): Promise<Map<string, { runId: string; state: string }>> {
      if (!keys.length) return new Map();
      const rows = await db.tryOnJob.findMany({
        where: { shop, dedupeKey: { in: keys }, state: { in: [...IN_FLIGHT_OR_DONE_STATES] }, ...(excludeJobId ? { id: { not: excludeJobId } } : {}) },
        select: { dedupeKey: true, runId: true, state: true },
      });
      return new Map(rows.map((r) => [r.dedupeKey, { runId: r.runId, state: r.state }]));
    },

    /**
     * Images reserved since `since` (jobs not failed or cancelled): the daily cap counts these. A job
     * counts on the day it was planned or, once retried, on the day of the retry (`reservedAt`).
     */
    async imagesReservedSince(shop: string, since: Date): Promise<number> {
      const agg = await db.tryOnJob.aggregate({
        where: { shop, reservedAt: { gte: since }, state: { notIn: ["failed", "cancelled"] } },
        _sum: { imagesExpected: true },
      });
      return agg._sum.imagesExpected ?? 0;
    },

    /** Recent task durations (submit → results), newest first, in ms: seeds the poll schedule at start-up. */
    async recentTaskDurations(limit = 20): Promise<number[]> {
      const rows = await db.tryOnJob.findMany({
        where: { resultAt: { not: null }, submittedAt: { not: null } },
        orderBy: { resultAt: "desc" },
        take: limit,
        select: { resultAt: true, submittedAt: true },
      });
      return rows.map((r) => r.resultAt!.getTime() - r.submittedAt!.getTime()).reverse();
    },
  };
}
export type JobsModel = ReturnType<typeof createJobsModel>;

/** One conditional transition (validated against the state machine). True when it happened. */
export async function transitionJob(db: Db, id: string, o: TransitionOptions): Promise<boolean> {
  const froms = (Array.isArray(o.from) ? o.from : [o.from]) as JobState[];
  for (const f of froms) assertTransition(f, o.to);
  const { count } = await db.tryOnJob.updateMany({
    where: {
      id,
      state: froms.length === 1 ? froms[0] : { in: froms },
      ...(o.owner !== undefined ? { leaseOwner: o.owner } : {}),
      ...(o.shop ? { shop: o.shop } : {}),
    },
    data: { ...o.data, state: o.to },
  });
  return count === 1;
}

const cancelData = (now: Date, message: string): Prisma.TryOnJobUpdateManyMutationInput => ({
  state: "cancelled",
  leaseOwner: null,
  leaseExpiresAt: null,
  finishedAt: now,
  errorCode: "CANCELLED",
  errorMessage: message,
});

/**
 * Fails jobs that are still queued with a refusal the provider gave another job of theirs for the same
 * request (a worker that claimed one finds it no longer queued and sends nothing). Each counts one
 * attempt: the provider's answer is theirs too, so they read "Failed" and are offered a retry, not
 * "Skipped" like a product our own checks never sent. Returns how many.
 */
export async function failQueuedJobsAsRefused(db: PrismaClient, shop: string, ids: string[], code: string, message: string, now: Date): Promise<number> {
  if (!ids.length) return 0;
  const { count } = await db.tryOnJob.updateMany({
    where: { shop, id: { in: ids }, state: "queued", replanRequested: false },
    data: { state: "failed", attempts: { increment: 1 }, leaseOwner: null, leaseExpiresAt: null, finishedAt: now, errorCode: code, errorMessage: message },
  });
  return count;
}

/** Cancels the run's unfinished jobs (attaching ones finish: exactly once). Returns how many. */
export async function cancelRunJobs(db: PrismaClient, shop: string, runId: string, message = "Cancelled before it finished."): Promise<number> {
  const { count } = await db.tryOnJob.updateMany({ where: { shop, runId, state: { in: [...CANCELLABLE_STATES] } }, data: cancelData(new Date(), message) });
  return count;
}

/** app/uninstalled: stop all of the shop's try-on work. */
export async function cancelShopJobsIn(db: PrismaClient, shop: string): Promise<number> {
  const now = new Date();
  const { count } = await db.tryOnJob.updateMany({
    where: { shop, state: { in: [...CANCELLABLE_STATES, "attaching"] } },
    data: cancelData(now, "Cancelled: the app was uninstalled."),
  });
  await db.tryOnRun.updateMany({ where: { shop, status: { in: ["planning", "running"] } }, data: { status: "cancelled", finishedAt: now } });
  return count;
}

/** products/delete: the product is gone, so its work stops (attaching too: there is nothing to attach to). */
export async function cancelProductJobsIn(db: PrismaClient, shop: string, productId: string): Promise<number> {
  const { count } = await db.tryOnJob.updateMany({
    where: { shop, productId, state: { in: [...CANCELLABLE_STATES, "attaching"] } },
    data: cancelData(new Date(), "Cancelled: the product was deleted."),
  });
  return count;
}

/** products/delete: forget the product's try-on records and settings. */
export async function deleteProductRecordsIn(db: PrismaClient, shop: string, productId: string): Promise<void> {
  await db.$transaction([
    db.tryOnImage.deleteMany({ where: { shop, productId } }),
    db.tryOnJob.deleteMany({ where: { shop, productId } }),
    db.productSettings.deleteMany({ where: { shop, productId } }),
  ]);
}

// ---- Default-bound helpers for webhook handlers (app/routes/webhooks.*) ----

/** app/uninstalled → cancels every unfinished try-on job of the shop and its running runs. */
export async function cancelShopJobs(shop: string): Promise<number> {
  return cancelShopJobsIn(await defaultDb(), shop);
}

/** products/delete → cancels the product's unfinished jobs. */
export async function cancelProductJobs(shop: string, productId: string): Promise<number> {
  return cancelProductJobsIn(await defaultDb(), shop, productId);
}

/** products/delete → deletes the product's jobs, images and settings. */
export async function deleteProductRecords(shop: string, productId: string): Promise<void> {
  return deleteProductRecordsIn(await defaultDb(), shop, productId);
}
