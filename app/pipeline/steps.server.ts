/**
 * The runner's units of work, one per phase, shared by both queue drivers. Each takes a job the caller
 * has leased (`owner`) and moves it with conditional transitions; when a transition finds the job
 * changed (cancelled, lease lost), the step stops without side effects of its own.
 *
 *   submit: queued|submitting → submitting → polling            (rate limited; 501 spends no attempt)
 *   poll:   polling → polling | succeeded → awaiting_review|attaching | queued (retry) | failed
 *   route:  succeeded → awaiting_review|attaching                (recovery after a crash)
 *   attach: attaching → attached | awaiting_review | removed | failed  (from the Files copies; idempotent)
 */
// Each step lives in its own file under ./steps/; this module is the one place the runner and the
// BullMQ driver take them from.
export { DEFAULT_STEP_CONFIG, holdLease, type StepConfig, type StepContext, type StepOutcome } from "./steps/step-context";
export { submitStep, MAX_INTERRUPTED_RESUBMITS } from "./steps/submit.server";
export { pollStep } from "./steps/poll.server";
export { routeStep } from "./steps/route.server";
export { attachStep, attachStaleMs } from "./steps/attach.server";
