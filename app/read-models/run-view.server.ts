/**
 * How runs read on every page (issue 17.5, 17.10): a name that says what the run covered (the
 * product's title, the collection's title, "3 selected products"), and the products that were never
 * sent to the provider (no usable image, product gone) counted as "skipped" rather than "failed", so
 * statuses and "Retry failed" tell the truth.
 */
import prisma from "../db.server";

/** A failed job that never reached the provider: the planner's local checks refused its product. */
export const SKIPPED_JOB_WHERE = { state: "failed", attempts: 0, submittedAt: null } as const;

export interface RunLike {
  id: string;
  scopeType: string;
  scopeTitle: string | null;
  scopeRef?: string | null;
  productsTotal?: number;
}

function selectionSize(run: RunLike): number | null {
  if (!run.scopeRef) return run.productsTotal || null;
  try {
    const ids = JSON.parse(run.scopeRef) as unknown;
    return Array.isArray(ids) ? ids.length : (run.productsTotal ?? null);
  } catch {
    return run.productsTotal || null;
  }
}

/**
 * Names and skipped counts for a page of runs: at most two grouped queries, whatever the page size.
 * `skipped` maps run id → jobs that never reached the provider.
 */
export async function describeRuns(shop: string, runs: RunLike[]): Promise<{ names: Map<string, string>; skipped: Map<string, number> }> {
  const ids = runs.map((r) => r.id);
  const productRuns = runs.filter((r) => r.scopeType === "product" && !r.scopeTitle).map((r) => r.id);
  const [titles, skippedGroups] = await Promise.all([
    productRuns.length
      ? prisma.tryOnJob.findMany({ where: { shop, runId: { in: productRuns } }, distinct: ["runId"], select: { runId: true, productTitle: true } })
      : Promise.resolve([]),
    ids.length ? prisma.tryOnJob.groupBy({ by: ["runId"], where: { shop, runId: { in: ids }, ...SKIPPED_JOB_WHERE }, _count: { _all: true } }) : Promise.resolve([]),
  ]);
  const titleOf = new Map(titles.map((t) => [t.runId, t.productTitle]));
  const names = new Map<string, string>();
  for (const r of runs) names.set(r.id, runName(r, titleOf.get(r.id)));
  return { names, skipped: new Map(skippedGroups.map((g) => [g.runId, g._count._all])) };
}

/** "Linen Midi Dress", "Summer dresses", "3 selected products" — never a bare "Product". */
export function runName(run: RunLike, productTitle?: string | null): string {
  if (run.scopeTitle) return run.scopeTitle;
  if (run.scopeType === "product") return productTitle || "One product";
  if (run.scopeType === "selection") {
    const n = selectionSize(run);
    return n ? `${n} selected product${n === 1 ? "" : "s"}` : "Selected products";
  }
  return run.scopeType === "collection" ? "A collection" : "Run";
}

/** Moves never-sent jobs from `failed` to `skipped` in a run's state counts. */
export function withSkipped(counts: Record<string, number>, skipped: number): Record<string, number> {
  if (!skipped) return counts;
  const out: Record<string, number> = { ...counts, skipped };
  const failed = (out.failed ?? 0) - skipped;
  if (failed > 0) out.failed = failed;
  else delete out.failed;
  return out;
}

/** Applies names and skipped counts to runs that carry `counts` (Dashboard, Collection page, Runs). */
export async function presentRuns<T extends RunLike & { counts: Record<string, number> }>(shop: string, runs: T[]): Promise<T[]> {
  const { names, skipped } = await describeRuns(shop, runs);
  return runs.map((r) => ({ ...r, scopeTitle: names.get(r.id) ?? r.scopeTitle, counts: withSkipped(r.counts, skipped.get(r.id) ?? 0) }));
}
