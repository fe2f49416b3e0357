/**
 * What the chaos run must leave behind, and the waiting for it: the run settles (every job final, each
 * webhook answered 200 processed), then the figures are counted from three independent witnesses — the
 * database, the Admin API's store and the provider's wire — and every broken invariant is named.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { PrismaClient } from "@prisma/client";
import { tryOnMediaOf } from "../../tests/helpers/pipeline-catalog";
import type { ChaosStack } from "./stack";

const FINAL_STATES = ["attached", "failed", "cancelled", "removed"];

/** Waits until every job of the run is final (the instances keep working); returns when (epoch ms), or null at the deadline. */
export async function waitForRunToSettle(db: PrismaClient, runId: string, deadline: number): Promise<number | null> {
  for (;;) {
    const open = await db.tryOnJob.count({ where: { runId, state: { notIn: FINAL_STATES } } });
    const run = await db.tryOnRun.findUnique({ where: { id: runId }, select: { status: true } });
    if (open === 0 && run?.status !== "planning") return Date.now();
    if (Date.now() > deadline) return null;
    await sleep(1000);
  }
}

/** How many of the webhooks answered 200 are processed. A 200 means processed; the wait gives a crashed first attempt's retry time to land. */
export async function waitForWebhooks(db: PrismaClient, webhookIds: string[]): Promise<number> {
  const deadline = Date.now() + 30_000;
  let processed = 0;
  for (;;) {
    processed = await db.webhookEvent.count({ where: { id: { in: webhookIds }, status: "done" } });
    if (processed === webhookIds.length || Date.now() > deadline) break;
    await sleep(500);
  }
  return processed;
}

export interface Figures {
  jobsLost: number;
  jobsByState: Record<string, number>;
  failedByCode: Record<string, number>;
  imagesAttached: number;
  imagesAttachedTwice: number;
  providerSubmits: number;
  providerTasks: number;
  /** Tasks the provider created whose id the app never queried. */
  extraProviderSubmits: number;
  faultsInjected: Record<string, number>;
}

export async function countFigures(stack: ChaosStack, runId: string, products: number): Promise<Figures> {
  const { db, admin, tryon, created, queried, collection } = stack;
  const jobs = await db.tryOnJob.findMany({ where: { runId }, select: { productId: true, state: true, errorCode: true } });
  const jobsByState: Record<string, number> = {};
  const failedByCode: Record<string, number> = {};
  const finalProducts = new Set<string>();
  for (const j of jobs) {
    jobsByState[j.state] = (jobsByState[j.state] ?? 0) + 1;
    if (j.state === "failed") failedByCode[j.errorCode ?? "?"] = (failedByCode[j.errorCode ?? "?"] ?? 0) + 1;
    if (FINAL_STATES.includes(j.state)) finalProducts.add(j.productId);
  }
  const run = await db.tryOnRun.findUnique({ where: { id: runId } });
  const skipped = run?.productsSkipped ?? 0;
  let imagesAttached = 0;
  let imagesAttachedTwice = 0;
  for (const productId of collection.productIds) {
    const refs = tryOnMediaOf(admin.store, productId).map((m) => /\(ref ([^)]+)\)/.exec(m.alt ?? "")?.[1] ?? m.alt);
    imagesAttached += refs.length;
    imagesAttachedTwice += refs.length - new Set(refs).size;
  }
  const metrics = tryon.metrics();
  const faultsInjected: Record<string, number> = {};
  for (const [code, n] of Object.entries(metrics.requests["/ai/virtual/tryon"] ?? metrics.requests["submit"] ?? {})) if (code !== "200") faultsInjected[code] = n;
  return {
    jobsLost: products - skipped - finalProducts.size,
    jobsByState,
    failedByCode,
    imagesAttached,
    imagesAttachedTwice,
    providerSubmits: metrics.submits,
    providerTasks: created.size,
    extraProviderSubmits: [...created].filter((id) => !queried.has(id)).length,
    faultsInjected,
  };
}

/** The invariants the run asserts, each broken one as a line of the verdict. A kill may cut off one submit's answer, hence ≤ kills. */
export function brokenInvariants(f: Figures, kills: number, webhooks: { delivered: number; processed: number }): string[] {
  const failures: string[] = [];
  if (f.jobsLost !== 0) failures.push(`jobs lost: ${f.jobsLost} (expected 0)`);
  if (f.imagesAttachedTwice !== 0) failures.push(`images attached twice: ${f.imagesAttachedTwice} (expected 0)`);
  if (f.extraProviderSubmits > kills) failures.push(`extra provider submits: ${f.extraProviderSubmits} (expected ≤ ${kills} kills)`);
  if (webhooks.processed !== webhooks.delivered) failures.push(`webhooks processed: ${webhooks.processed} of ${webhooks.delivered}`);
  return failures;
}
