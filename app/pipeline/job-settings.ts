/**
 * Reading a job's stored settings summary (TryOnJob.settingsJson, written by the planner). Rows from
 * older versions or a damaged value read as an empty summary, so every caller falls back to its own
 * default instead of failing the page or the step.
 */
import type { JobSettingsSummary } from "./plan-types";

export function readJobSettings(settingsJson: string): Partial<JobSettingsSummary> {
  try {
    const parsed = JSON.parse(settingsJson) as unknown;
    return parsed && typeof parsed === "object" ? (parsed as Partial<JobSettingsSummary>) : {};
  } catch {
    return {};
  }
}
