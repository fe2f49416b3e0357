/**
 * Merchant words for job and run states. Plain data (no React) so loaders, components and tests share it.
 * Job states are the closed set in app/pipeline/job-state.ts.
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
  | "removed";

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
};

export function jobStatusLabel(state: string) {
  return JOB_STATUS[state as JobStatusKey] ?? { label: state, tone: undefined, progress: undefined, order: 99 };
}

export const RUN_STATUS: Record<string, { label: string; tone: Tone; progress: Progress }> = {
  planning: { label: "Preparing", tone: "info", progress: "incomplete" },
  running: { label: "Running", tone: "info", progress: "partiallyComplete" },
  awaiting_review: { label: "Needs review", tone: "attention", progress: "partiallyComplete" },
  completed: { label: "Finished", tone: "success", progress: "complete" },
  cancelled: { label: "Cancelled", tone: undefined, progress: undefined },
};

export function runStatusLabel(status: string, counts?: Record<string, number>) {
  // A finished run whose images were all taken off the products again reads "Undone".
  if (status === "completed" && counts && (counts.removed ?? 0) > 0 && !(counts.attached ?? 0) && !(counts.awaiting_review ?? 0)) {
    return { label: "Undone", tone: undefined, progress: "complete" as Progress };
  }
  return RUN_STATUS[status] ?? { label: status, tone: undefined, progress: undefined };
}

/** Job states that still move without the merchant (progress bars count the others as done). */
export const MOVING_STATES: readonly string[] = ["queued", "submitting", "polling", "succeeded", "attaching"];
