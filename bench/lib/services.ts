/**
 * The local stand-ins a workload runs against, started in the bench process itself (the app side runs
 * in child processes, so its memory and CPU are its own): the local try-on service with the workload's
 * rate limit and task time, and the local Admin API with a generated collection.
 */
import { start as startTryOn, type MetricsSnapshot, type TryOnService } from "../../local/tryon-service/server";
import { start as startAdmin, type LocalAdminApi } from "../../local/admin-api/server";
import { API_QUERY, API_SUBMIT } from "../../app/tryon/sign";

export { API_QUERY, API_SUBMIT };

export interface TryOnParams {
  /** Submits per second the service accepts (its token bucket; burst = one second's worth). */
  submitQps: number;
  /** Result queries per second the service accepts. */
  queryQps: number;
  /** Submit → last sub-task done, ms. */
  taskMs: number;
  /** Tasks kept (must exceed the products of the run, or polls of evicted tasks answer 700). */
  maxTasks?: number;
}

export interface TryOnHandle {
  service: TryOnService;
  /** Completion times (epoch ms) of submits the service accepted (answer 200). */
  acceptedSubmitTimes: number[];
  /** Epoch ms of the first submit answered (any code), or null. */
  firstSubmitAt: () => number | null;
  metrics(): MetricsSnapshot;
}

/** Starts the local try-on service; records when submits were accepted (from its request log). */
export async function startTryOnService(p: TryOnParams): Promise<TryOnHandle> {
  const acceptedSubmitTimes: number[] = [];
  let firstSubmitAt: number | null = null;
  const service = await startTryOn({
    port: 0,
    taskMs: p.taskMs,
    submitQps: p.submitQps,
    queryQps: p.queryQps,
    maxTasks: p.maxTasks ?? 20_000,
    // One line per request, written when the answer is sent: "POST /rest/ai/virtual/tryon → 200 (12 ms)".
    log: (line) => {
      if (!line.includes(` /rest${API_SUBMIT} `)) return;
      const t = Date.now();
      firstSubmitAt ??= t;
      if (/→ 200 /.test(line)) acceptedSubmitTimes.push(t);
    },
  });
  return { service, acceptedSubmitTimes, firstSubmitAt: () => firstSubmitAt, metrics: () => service.metrics() };
}

export interface AdminParams {
  /** Products in the generated collection. */
  products: number;
  /** Points restored per second (Shopify: 100 Standard … 2000 Plus). */
  restoreRate?: number;
  /** Bucket size in points. */
  bucketSize?: number;
  /** Simulated media processing time, ms. */
  mediaProcessingMs?: number;
}

export const BENCH_COLLECTION_ID = 900;
export const BENCH_COLLECTION_GID = `gid://shopify/Collection/${BENCH_COLLECTION_ID}`;

/** Starts the local Admin API with an empty shop plus one generated collection of `products` products. */
export async function startAdminApi(p: AdminParams): Promise<LocalAdminApi> {
  return startAdmin({
    port: 0,
    seed: { base: "empty", generate: { collectionSize: p.products, collectionId: BENCH_COLLECTION_ID, title: `Bench collection (${p.products})` } },
    restoreRate: p.restoreRate ?? 100,
    bucketSize: p.bucketSize ?? 2000,
    mediaProcessingMs: p.mediaProcessingMs ?? 50,
    bulkDelayMs: 50,
  });
}

/** Requests by answer code for one endpoint of the try-on service. */
export function codes(m: MetricsSnapshot, endpoint: string): Record<string, number> {
  return m.requests[endpoint] ?? {};
}

export const sum = (o: Record<string, number>): number => Object.values(o).reduce((a, b) => a + b, 0);

/** Answers with code 501 on submit and query together. */
export function rateLimitedAnswers(m: MetricsSnapshot): { submit: number; query: number } {
  return { submit: codes(m, API_SUBMIT)["501"] ?? 0, query: codes(m, API_QUERY)["501"] ?? 0 };
}

/** Most submits accepted within any window of `windowMs` (sliding), from completion times. */
export function maxInWindow(times: readonly number[], windowMs = 1000): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < t.length; hi++) {
    while (t[hi] - t[lo] >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}
