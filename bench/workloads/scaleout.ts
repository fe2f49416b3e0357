import type { WorkloadResult } from "../lib/report";
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ScaleOutParams = Record<string, any>;
export async function scaleOutWorkload(p: ScaleOutParams): Promise<WorkloadResult> {
  return { name: "scaleout", title: "scaleout (not yet)", params: p, figures: [], notes: [], durationMs: 0, error: "not implemented yet" };
}
