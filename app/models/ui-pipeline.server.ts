/**
 * The one place pages reach the pipeline's services (startRun, review, undo, run control, settings):
 * the process-wide runtime of app/pipeline/runtime.server.ts, whose in-process runner is woken by what
 * pages queue.
 */
export { pipeline, ensureRunnerStarted } from "../pipeline/runtime.server";
export { StartRunInputError } from "../pipeline/start-run.server";
