/**
 * The pipeline's services in one object, built from injected dependencies. Routes, the CLI, webhooks
 * and extension endpoints all call the same functions (via `pipeline()` in runtime.server.ts).
 */
import { createSettingsService } from "./settings.server";
import type { PipelineDeps } from "./context.server";
import { createReview } from "./review.server";
import { createRunControl } from "./run-control.server";
import { createStartRun } from "./start-run.server";
import { createAutoTryOn } from "./auto-tryon.server";

export function createPipeline(deps: PipelineDeps) {
  const review = createReview(deps);
  const control = createRunControl(deps);
  const settings = createSettingsService(deps);
  const startRun = createStartRun(deps);
  return {
    deps,
    startRun,
    /** New products tried on by themselves (webhooks, sweep, dashboard), issue 15.2. */
    autoTryOn: createAutoTryOn(deps, startRun),
    getRunProgress: control.getRunProgress,
    cancelRun: control.cancelRun,
    retryRun: control.retryRun,
    listRuns: control.listRuns,
    listRunJobs: control.listRunJobs,
    listProductJobs: control.listProductJobs,
    listReviewImages: control.listReviewImages,
    getJob: control.getJob,
    approve: review.approve,
    reject: review.reject,
    undoImages: review.undoImages,
    undoProduct: review.undoProduct,
    undoRun: review.undoRun,
    ...settings,
  };
}
export type Pipeline = ReturnType<typeof createPipeline>;
