/**
 * Merchant words for job and run states. Plain data (no React) so loaders, components and tests share it.
 * Job states are the closed set in app/jobs/job-state.ts.
 */
export type JobStatusKey =
  | "queued"
  | "submitting"
  | "polling"
  | "succeeded"
  | "awaiting_review"
  | "attaching"
  | "attached"
  | "failed"
  | "cancelled"
  | "removed"
  | "skipped";

type Tone = "info" | "success" | "warning" | "critical" | "attention" | "new" | undefined;
type Progress = "incomplete" | "partiallyComplete" | "complete" | undefined;

export const JOB_STATUS: Record<JobStatusKey, { label: string; tone: Tone; progress: Progress; order: number }> = {
  queued: { label: "Queued", tone: undefined, progress: "incomplete", order: 0 },
  submitting: { label: "Sending", tone: "info", progress: "partiallyComplete", order: 1 },
  polling: { label: "Generating", tone: "info", progress: "partiallyComplete", order: 2 },
  succeeded: { label: "Generated", tone: "info", progress: "partiallyComplete", order: 3 },
  awaiting_review: { label: "Needs review", tone: "attention", progress: "partiallyComplete", order: 4 },
  attaching: { label: "Adding to product", tone: "info", progress: "partiallyComplete", order: 5 },
  attached: { label: "On product", tone: "success", progress: "complete", order: 6 },
  failed: { label: "Failed", tone: "critical", progress: undefined, order: 7 },
  cancelled: { label: "Cancelled", tone: undefined, progress: undefined, order: 8 },
  removed: { label: "Removed", tone: undefined, progress: undefined, order: 9 },
  // Never sent to the provider (no usable image, product gone): not a failure, nothing was spent.
  skipped: { label: "Skipped", tone: "warning", progress: undefined, order: 10 },
};

/**
 * The state a job shows: a failed job that never reached the provider (the planner's checks refused
 * its product) reads "Skipped", like the estimate said, and is not offered a retry (issue 17.5).
 */
export function displayJobState(job: { state: string; attempts?: number; submittedAt?: string | Date | null }): string {
  return job.state === "failed" && job.attempts === 0 && !job.submittedAt ? "skipped" : job.state;
}

export function jobStatusLabel(state: string) {
  return JOB_STATUS[state as JobStatusKey] ?? { label: state, tone: undefined, progress: undefined, order: 99 };
}

export const RUN_STATUS: Record<string, { label: string; tone: Tone; progress: Progress }> = {
  planning: { label: "Preparing", tone: "info", progress: "incomplete" },
  running: { label: "Running", tone: "info", progress: "partiallyComplete" },
  awaiting_review: { label: "Needs review", tone: "attention", progress: "partiallyComplete" },
  completed: { label: "Finished", tone: "success", progress: "complete" },
  completed_with_failures: { label: "Finished with failures", tone: "warning", progress: "complete" },
  failed: { label: "Failed", tone: "critical", progress: "complete" },
  nothing: { label: "Nothing to generate", tone: undefined, progress: "complete" },
  cancelled: { label: "Cancelled", tone: undefined, progress: undefined },
};

/**
 * A run's status in words and colour. A finished run is told apart by what its products came to
 * (issue 17.5): everything failed → "Failed" (red); some failed → "Finished with failures" (yellow);
 * nothing was sent (all skipped or already done) → "Nothing to generate"; otherwise "Finished" (green).
 * `counts` are job counts by state, with never-sent jobs under "skipped" (read-models/run-view.server).
 */
export function runStatusLabel(status: string, counts?: Record<string, number>): { label: string; tone: Tone; progress: Progress } {
  if (status !== "completed" || !counts) return RUN_STATUS[status] ?? { label: status, tone: undefined, progress: undefined };
  const n = (k: string) => counts[k] ?? 0;
  const sent = Object.entries(counts)
    .filter(([k]) => k !== "skipped")
    .reduce((sum, [, v]) => sum + v, 0);
  if (sent === 0) return RUN_STATUS.nothing;
  // A finished run whose images were all taken off the products again reads "Undone".
  if (n("removed") > 0 && !n("attached") && !n("awaiting_review")) return { label: "Undone", tone: undefined, progress: "complete" };
  if (n("failed") > 0 && n("failed") === sent - n("cancelled")) return RUN_STATUS.failed;
  if (n("failed") > 0) return RUN_STATUS.completed_with_failures;
  return RUN_STATUS.completed;
}

/** Job states that still move without the merchant (progress bars count the others as done). */
export const MOVING_STATES: readonly string[] = ["queued", "submitting", "polling", "succeeded", "attaching"];
