/**
 * The one place pages reach the pipeline's services (startRun, review, undo, run control, settings):
 * the process-wide runtime behind app/pipeline/api.server.ts, whose in-process runner is woken by what
 * pages queue.
 */
export { pipeline, ensureRunnerStarted, StartRunInputError } from "../pipeline/api.server";
