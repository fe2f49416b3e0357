/**
 * The one place pages reach the pipeline's services (startRun, review, undo, run control, settings).
 * TODO(pipeline runtime): switch to the process-wide instance of app/pipeline/runtime.server.ts once it
 * exists, so the in-process runner is woken by what pages queue.
 */
import prisma from "../db.server";
import { createDefaultDeps } from "../pipeline/deps.server";
import { createPipeline, type Pipeline } from "../pipeline/service.server";

export { StartRunInputError } from "../pipeline/start-run.server";

let instance: Pipeline | undefined;
export function pipeline(): Pipeline {
  instance ??= createPipeline(createDefaultDeps({ db: prisma }));
  return instance;
}
