/** route: succeeded → awaiting_review|attaching — the crash recovery of a job whose results were stored. */
import type { TryOnJob } from "@prisma/client";
import { COLOUR_CHECK_PENDING } from "../colour-check.server";
import { d, releaseLease, autoApproves, type StepContext, type StepOutcome } from "./step-context";

export async function routeStep(ctx: StepContext, job: TryOnJob, owner: string): Promise<StepOutcome> {
  if (job.state !== "succeeded") return { lost: true };
  const approve = await autoApproves(ctx, job.shop);
  if (approve) {
    await ctx.deps.db.tryOnImage.updateMany({
      // Never a result whose colour may differ, nor one still waiting for its check (stored while the
      // shop did not auto-approve): both wait for the merchant.
      where: { jobId: job.id, review: "pending", OR: [{ colourCheck: null }, { colourCheck: { notIn: ["differs", COLOUR_CHECK_PENDING] } }] },
      data: { review: "approved", approvedAt: d(ctx.deps.clock.now()) },
    });
  }
  const t = await ctx.models.images.tally(job.id);
  const to = t.toAttach > 0 ? "attaching" : "awaiting_review";
  const ok = await ctx.models.jobs.transition(job.id, { from: "succeeded", to, owner, data: { ...releaseLease, availableAt: d(ctx.deps.clock.now()) } });
  if (ok && to === "attaching") ctx.wake?.();
  return ok ? {} : { lost: true };
}
