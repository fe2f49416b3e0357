import { Badge } from "@shopify/polaris";
import { jobStatusLabel, type JobStatusKey } from "./status";

/** One job's state as the merchant reads it ("Generating", "Needs review", "On product", …). */
export function JobStatusBadge({ state }: { state: string }) {
  const s = jobStatusLabel(state as JobStatusKey);
  return (
    <Badge tone={s.tone} progress={s.progress}>
      {s.label}
    </Badge>
  );
}
