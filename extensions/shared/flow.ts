/**
 * The "estimate first, then start" flow shared by the selection and collection actions, as plain
 * state transitions (the Preact component only renders them). Nothing starts without an estimate the
 * merchant has seen: `start` refuses a state that is not `ready` with a startable estimate.
 */
import type { EstimateRequest, EstimateResponse, RunStarted } from "../../app/extension-api/contract";
import { ApiError, type FittingRoomApi } from "./api";
import { describeEstimate, type EstimateView } from "./estimate";

export type FlowState =
  | { phase: "loading" }
  | { phase: "ready"; estimate: EstimateResponse; view: EstimateView }
  | { phase: "starting"; estimate: EstimateResponse; view: EstimateView }
  | { phase: "started"; started: RunStarted }
  | { phase: "failed"; message: string; fields: Record<string, string>; estimate: EstimateResponse | null };

/** Merchant text and field errors from anything thrown by the client. */
export function describeError(error: unknown): { message: string; fields: Record<string, string> } {
  if (error instanceof ApiError) {
    const fields = Object.entries(error.fields);
    const detail = fields.length ? ` (${fields.map(([k, v]) => `${k}: ${v}`).join("; ")})` : "";
    return { message: `${error.message}${detail}`, fields: error.fields };
  }
  return { message: "Something went wrong in the extension. Reload the page and try again.", fields: {} };
}

export async function loadEstimate(api: FittingRoomApi, request: EstimateRequest): Promise<FlowState> {
  try {
    const estimate = await api.estimate(request);
    return { phase: "ready", estimate, view: describeEstimate(estimate.estimate) };
  } catch (error) {
    return { phase: "failed", ...describeError(error), estimate: null };
  }
}

export async function startFromEstimate(api: FittingRoomApi, request: EstimateRequest, state: FlowState): Promise<FlowState> {
  if (state.phase !== "ready" || !state.view.canStart) {
    return {
      phase: "failed",
      message: "Review the estimate before starting.",
      fields: {},
      estimate: state.phase === "ready" ? state.estimate : null,
    };
  }
  try {
    return { phase: "started", started: await api.startRun(request) };
  } catch (error) {
    return { phase: "failed", ...describeError(error), estimate: state.estimate };
  }
}

/** "Run started: 48 images for 12 products. Follow it in Fitting Room." */
export function startedText(started: RunStarted): string {
  const { run, estimate } = started;
  const products = estimate.productsToTryOn;
  return (
    `Run started: ${estimate.imagesToGenerate} image${estimate.imagesToGenerate === 1 ? "" : "s"} for ` +
    `${products} product${products === 1 ? "" : "s"}` +
    (run.productsSkipped ? `, ${run.productsSkipped} skipped` : "") +
    ". Follow it in Fitting Room; you can close this window."
  );
}
