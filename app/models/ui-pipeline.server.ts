/**
 * The one place pages reach the pipeline's services (startRun, review, undo, run control, settings),
 * and where the web process starts its in-process runner (RUNNER=inline, the default).
 * TODO(pipeline runtime): delegate to app/pipeline/runtime.server.ts once it exists.
 */
import prisma from "../db.server";
import { env } from "../env.server";
import { createDefaultDeps } from "../pipeline/deps.server";
import { createRunner, runnerConfigFromEnv, type Runner } from "../pipeline/runner.server";
import { createPipeline, type Pipeline } from "../pipeline/service.server";

export { StartRunInputError } from "../pipeline/start-run.server";

declare global {
  // One pipeline and one runner per process, also across dev-server reloads.
  var __fittingRoomUiPipeline: { pipeline: Pipeline; runner: Runner | null } | undefined;
}

function state() {
  if (!globalThis.__fittingRoomUiPipeline) {
    let runner: Runner | null = null;
    const deps = createDefaultDeps({ db: prisma });
    const pipeline = createPipeline({ ...deps, notify: () => runner?.wake() });
    globalThis.__fittingRoomUiPipeline = { pipeline, runner: null };
    if (env().RUNNER === "inline") {
      runner = createRunner(pipeline.deps, runnerConfigFromEnv());
      globalThis.__fittingRoomUiPipeline.runner = runner;
    }
  }
  return globalThis.__fittingRoomUiPipeline;
}

export function pipeline(): Pipeline {
  return state().pipeline;
}

/** Starts the in-process runner once (no-op with RUNNER=off, e.g. when a separate worker runs it). */
export function ensureRunnerStarted(): void {
  const { runner } = state();
  if (runner && !runner.running) runner.start();
}
