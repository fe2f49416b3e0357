/**
 * The job state machine (plain TypeScript): a closed set of states stored in ONE column
 * (TryOnJob.state) and the transitions allowed between them. Every database transition is a single
 * conditional update `WHERE id = ? AND state = <expected>` (app/persistence/jobs.server.ts); a count of 0
 * means another worker (or a cancel) got there first, and the caller drops its work.
 *
 *   queued ─► submitting ─► polling ─► succeeded ─► awaiting_review ─► attaching ─► attached
 *                                           └──────────(auto-approve)───────┘
 *   + failed (code + merchant message), cancelled, removed (results undone / all rejected)
 *
 * Side edges, each for a reason:
 * - submitting → queued: the submit answered 501 (rate limited; no attempt spent) or a retryable failure.
 * - submitting → submitting: a lease expired while the submit was in flight (process died) — resubmit.
 * - polling → queued: the task failed with a retryable code (500, 801, 1001 once): submit a new task.
 * - attaching → awaiting_review: attached what was approved; other images still wait for review.
 * - awaiting_review → attached: the last pending images were rejected after others were attached.
 * - attached → attaching: more images were approved after the first attach.
 * - attached | awaiting_review → removed: undo removed every attached image / all were rejected.
 * - failed → queued: the merchant retries failed jobs that have no results yet.
 * - failed → attaching | awaiting_review: the merchant retries a job that failed while attaching; its
 *   stored (already billed) results are attached, the provider is not asked again.
 */

export const JOB_STATES = [
  "queued",
  "submitting",
  "polling",
  "succeeded",
  "awaiting_review",
  "attaching",
  "attached",
  "failed",
  "cancelled",
  "removed",
] as const;
export type JobState = (typeof JOB_STATES)[number];

export const TERMINAL_STATES: readonly JobState[] = ["attached", "failed", "cancelled", "removed"];
/** States in which the runner still has work to do without the merchant. */
export const ACTIVE_STATES: readonly JobState[] = ["queued", "submitting", "polling", "succeeded", "attaching"];
/** States a cancel stops. `attaching` is not among them: an attach in progress finishes (exactly once). */
export const CANCELLABLE_STATES: readonly JobState[] = ["queued", "submitting", "polling", "succeeded", "awaiting_review"];
/** A job in these states holds (or is about to hold) a provider task for its dedupe key. */
export const IN_FLIGHT_OR_DONE_STATES: readonly JobState[] = ["queued", "submitting", "polling", "succeeded", "awaiting_review", "attaching", "attached"];

export const TRANSITIONS: Readonly<Record<JobState, readonly JobState[]>> = {
  queued: ["submitting", "failed", "cancelled"],
  submitting: ["polling", "queued", "submitting", "failed", "cancelled"],
  polling: ["succeeded", "queued", "failed", "cancelled"],
  succeeded: ["awaiting_review", "attaching", "failed", "cancelled"],
  awaiting_review: ["attaching", "attached", "removed", "cancelled"],
  /** → cancelled only when the shop uninstalls or the product is deleted (nothing left to attach to). */
  attaching: ["attached", "awaiting_review", "removed", "failed", "cancelled"],
  attached: ["attaching", "removed"],
  /** → attaching | awaiting_review: a retried job that already has results attaches them (no new task). */
  failed: ["queued", "attaching", "awaiting_review"],
  cancelled: [],
  removed: [],
};

export function isJobState(value: unknown): value is JobState {
  return typeof value === "string" && (JOB_STATES as readonly string[]).includes(value);
}

export function isTerminal(state: JobState): boolean {
  return TERMINAL_STATES.includes(state);
}

export function canTransition(from: JobState, to: JobState): boolean {
  return TRANSITIONS[from].includes(to);
}

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: JobState,
    readonly to: JobState,
  ) {
    super(`A try-on job cannot move from "${from}" to "${to}" (allowed: ${TRANSITIONS[from].join(", ") || "none"}).`);
    this.name = "IllegalTransitionError";
  }
}

/** Throws unless the edge is in {@link TRANSITIONS}; every DB transition calls it first. */
export function assertTransition(from: JobState, to: JobState): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
}

/** Merchant-facing label for each state (pages and CLI). */
export const STATE_LABELS: Readonly<Record<JobState, string>> = {
  queued: "Queued",
  submitting: "Sending to try-on",
  polling: "Generating",
  succeeded: "Generated",
  awaiting_review: "Waiting for review",
  attaching: "Adding to product",
  attached: "Added to product",
  failed: "Failed",
  cancelled: "Cancelled",
  removed: "Removed",
};

/** Error codes the pipeline itself assigns (provider codes are stored as their number, e.g. "703"). */
export const PIPELINE_ERROR_CODES = {
  /** The provider did not finish the task before the job's deadline. */
  deadline: "DEADLINE",
  /** Submits kept being interrupted (crashes) past the attempt limit. */
  interrupted: "INTERRUPTED",
  /** The product has no image that try-on can use. */
  noGarment: "NO_GARMENT_IMAGE",
  /** The result image could not be downloaded or was refused (host, size, type). */
  resultDownload: "RESULT_DOWNLOAD",
  /** Shopify refused the media or the attach failed repeatedly. */
  attach: "ATTACH_FAILED",
  /** No provider credentials for the shop. */
  credentials: "NO_CREDENTIALS",
  /** No offline Admin API session for the shop (reinstall needed). */
  noSession: "NO_SESSION",
  /** The product was deleted from the shop. */
  productGone: "PRODUCT_GONE",
} as const;
