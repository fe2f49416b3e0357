/**
 * What a chaos run reports: the result (also printed as JSON with --json, so its keys are an interface)
 * and the printed summary, one line per figure, then the verdict.
 */

export interface ChaosResult {
  minutes: number;
  products: number;
  instances: number;
  kills: number;
  jobsLost: number;
  jobsByState: Record<string, number>;
  failedByCode: Record<string, number>;
  imagesAttached: number;
  imagesAttachedTwice: number;
  providerSubmits: number;
  providerTasks: number;
  extraProviderSubmits: number;
  faultsInjected: Record<string, number>;
  webhooksDelivered: number;
  webhooksProcessed: number;
  /** Chaos window + settle, s. */
  wallSec: number;
  runFinishedAtSec: number | null;
  loadAvg1m: number;
  ok: boolean;
  failures: string[];
}

/** The printed summary (one line per figure, then the verdict). */
export function formatChaos(r: ChaosResult): string {
  const lines = [
    `chaos run: ${r.minutes} min, ${r.products} products, ${r.instances} instances, ${r.kills} SIGKILLs`,
    `  jobs lost               ${r.jobsLost}`,
    `  images attached twice   ${r.imagesAttachedTwice}`,
    `  extra provider submits  ${r.extraProviderSubmits} (≤ ${r.kills} kills)`,
    `  webhooks processed      ${r.webhooksProcessed} of ${r.webhooksDelivered} delivered`,
    `  jobs by state           ${JSON.stringify(r.jobsByState)}${Object.keys(r.failedByCode).length ? ` failed by code ${JSON.stringify(r.failedByCode)}` : ""}`,
    `  images attached         ${r.imagesAttached}`,
    `  provider                ${r.providerTasks} tasks created, answers other than 200 at submit ${JSON.stringify(r.faultsInjected)}`,
    `  run finished after      ${r.runFinishedAtSec ?? "—"} s (wall ${r.wallSec} s), load average ${r.loadAvg1m}`,
    r.ok ? "OK" : `FAILED: ${r.failures.join("; ")}`,
  ];
  return lines.join("\n");
}
