/**
 * Workload 2 — attach. A run's results (A products × G images) are generated and wait for review; then
 * the merchant approves them all and the runner attaches every image (download from the provider,
 * staged upload, productUpdate(media:), reconcile) through the local Admin API, which throttles by query
 * cost like Shopify: a bucket of B points restored at R points/s.
 *
 * Figures: Admin API points per attached image (server-side actualQueryCost ÷ images attached), attach
 * throughput against the bound the restore rate allows, and THROTTLED failures (target 0: throttling may
 * slow a run down, never fail an image).
 *
 * Bound: with B0 points in the bucket when attaching starts, N images at P points each cannot all be
 * attached sooner than max(0, N·P − B0) / R seconds. Figure: bound time ÷ wall time (target ≥ 0.8),
 * which equals measured throughput ÷ the highest throughput the restore rate allows.
 */
import os from "node:os";
import type { RunnerConfig } from "../../app/pipeline/runner.server";
import { expectMessage, startAppRun, stopChild, type AttachedMessage, type GeneratedMessage } from "../lib/app-run";
import { figure, round, type WorkloadResult } from "../lib/report";

export interface AttachParams {
  products: number;
  generateCount: number;
  restoreRate: number;
  bucketSize: number;
  /** Provider limits and task time for the generation phase (not measured here). */
  qps: number;
  queryQps: number;
  taskMs: number;
  runner?: Partial<RunnerConfig>;
}

/** Points available in the Admin API bucket now (one `shop { name }` query, 1 point, answers the status). */
async function bucketAvailable(graphqlUrl: string, token: string): Promise<number | null> {
  const res = await fetch(graphqlUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
    body: JSON.stringify({ query: "{ shop { name } }" }),
  });
  const body = (await res.json()) as { extensions?: { cost?: { throttleStatus?: { currentlyAvailable?: number } } } };
  return body.extensions?.cost?.throttleStatus?.currentlyAvailable ?? null;
}

export async function attachWorkload(p: AttachParams): Promise<WorkloadResult> {
  const started = Date.now();
  const runner: Partial<RunnerConfig> = { submitQps: p.qps, queryQps: p.queryQps, ...p.runner };
  const result: WorkloadResult = {
    name: "attach",
    title: `Attach: ${p.products} products × ${p.generateCount} images approved in bulk, Admin API restore ${p.restoreRate} points/s, bucket ${p.bucketSize}`,
    params: {
      products: p.products,
      generateCount: p.generateCount,
      restoreRate: p.restoreRate,
      bucketSize: p.bucketSize,
      generation: { submitQps: p.qps, queryQps: p.queryQps, taskMs: p.taskMs },
      runner,
      loadAvg1mStart: round(os.loadavg()[0]),
    },
    figures: [],
    notes: [],
    durationMs: 0,
  };
  const run = await startAppRun({
    name: "attach",
    products: p.products,
    tryon: { submitQps: p.qps, queryQps: p.queryQps, taskMs: p.taskMs },
    admin: { restoreRate: p.restoreRate, bucketSize: p.bucketSize },
    runner,
    generateCount: p.generateCount,
  });
  try {
    const generated = expectMessage<GeneratedMessage>(run.child, "generated");
    run.child.send({ type: "start" });
    const gen = await generated;
    result.params.jobsGenerated = gen.counts.awaiting_review ?? 0;

    // Attaching starts from whatever the bucket holds after generation; measure only this phase.
    run.admin.store.resetMetrics();
    const b0 = (await bucketAvailable(run.admin.graphqlUrl, run.admin.accessToken)) ?? p.bucketSize;
    const approved = expectMessage<{ type: string; t: number }>(run.child, "approved");
    const attached = expectMessage<AttachedMessage>(run.child, "attached");
    run.child.send({ type: "approveAll" });
    const t0 = (await approved).t;
    const done = await attached;
    const end = done.lastAttachedAt ?? done.t;
    const wallMs = end - t0;
    const server = run.admin.store.metrics;
    const images = done.imagesAttached;
    // The bucket probe itself cost 1 point; it is not the app's.
    const points = Math.max(0, server.pointsSpent - 1);
    const ppi = images ? points / images : null;
    const boundMs = ppi !== null ? (Math.max(0, images * ppi - b0) / p.restoreRate) * 1000 : null;
    const throttledFailures = done.failedImages.filter((m) => /throttl/i.test(m ?? "")).length;

    result.figures.push(
      figure({ key: "imagesAttached", label: "images attached", value: images, unit: "count", note: `of ${gen.counts.awaiting_review ?? 0} jobs × ${p.generateCount} images; ${done.failedImages.length} images failed` }),
      figure({ key: "pointsPerImage", label: "Admin API points per attached image", value: ppi !== null ? round(ppi, 1) : null, unit: "points", note: `${points} points (server actualQueryCost) over ${server.graphqlRequests - 1} GraphQL requests` }),
      figure({ key: "attachWallS", label: "attach wall time", value: round(wallMs / 1000, 2), unit: "s", note: "approve-all clicked → last image attached" }),
      figure({ key: "attachImagesPerS", label: "attach throughput", value: round(images / (wallMs / 1000), 2), unit: "images/s" }),
      figure({
        key: "attachBoundImagesPerS",
        label: "throughput the restore rate allows (R ÷ points per image)",
        value: ppi ? round(p.restoreRate / ppi, 2) : null,
        unit: "images/s",
        note: `bucket held ${b0} points at the start: bound time max(0, N·P − B0)/R = ${boundMs !== null ? round(boundMs / 1000, 1) : "n/a"} s`,
      }),
    );
    if (boundMs !== null && boundMs > 0) {
      result.figures.push(figure({ key: "attachBoundOverWall", label: "attach bound time ÷ wall time", value: round(boundMs / wallMs, 3), unit: "", target: { op: ">=", value: 0.8 } }));
    } else {
      result.figures.push(
        // No target here: with no restore-rate bound there is nothing to be ≥ 0.8 of, and "n/a FAIL" misread as a miss.
        figure({ key: "attachBoundOverWall", label: "attach bound time ÷ wall time", value: null, unit: "", note: "the whole phase fit in the bucket, so no restore-rate bound applies (the ≥ 0.8 target is for runs that drain it); raise --attach-products to drain it" }),
      );
    }
    result.figures.push(
      figure({ key: "throttledFailures", label: "images failed with THROTTLED", value: throttledFailures, unit: "count", target: { op: "==", value: 0 } }),
      figure({ key: "throttledAnswers", label: "THROTTLED answers waited out (retried, not failures)", value: server.throttled, unit: "count" }),
    );
    result.params.serverMetrics = { ...server };
    result.params.appPacer = done.pacer;
    result.params.bucketAtStart = b0;
    await stopChild(run.child);
  } finally {
    await run.close();
  }
  result.params.loadAvg1mEnd = round(os.loadavg()[0]);
  result.durationMs = Date.now() - started;
  return result;
}
