/**
 * Fault injection for the local try-on service.
 *
 * Deterministic markers in the garment image URL (anywhere: path or query string), case-insensitive:
 *   fault=500   fault-500   fault_500     → the given code, every time
 *   fault=500x2                           → the given code for the first 2 submits of that exact URL, then normal
 * Codes and where they surface:
 *   500, 501, 1001  → at submit (business error envelope)
 *   801, 1000, 1002 → at query time: the task is accepted, then every sub-task ends "failed" with that code
 * Random faults: `faultRate` (0..1) picks uniformly among 500, 801, 1000, 1001, 1002 for a share of submits
 * that carry no marker.
 */
export const FAULT_CODES = [500, 501, 801, 1000, 1001, 1002] as const;
export type FaultCode = (typeof FAULT_CODES)[number];
export const RANDOM_FAULT_CODES: readonly FaultCode[] = [500, 801, 1000, 1001, 1002];
export const SUBMIT_FAULTS: ReadonlySet<number> = new Set([500, 501, 1001]);
export const QUERY_FAULTS: ReadonlySet<number> = new Set([801, 1000, 1002]);

const MARKER = /(?<![a-z])fault[=_-](500|501|801|1000|1001|1002)(?:x(\d+))?(?![0-9])/i;

export interface FaultMarker {
  code: FaultCode;
  /** How many submits of this URL get the fault; undefined = all. */
  times?: number;
}

export function parseFaultMarker(url: string): FaultMarker | undefined {
  let decoded = url;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    /* keep raw */
  }
  const m = MARKER.exec(decoded);
  if (!m) return undefined;
  return { code: Number(m[1]) as FaultCode, ...(m[2] !== undefined ? { times: Number(m[2]) } : {}) };
}

/** Decides the fault (if any) for one submit; keeps per-URL countdowns bounded. */
export class FaultPlanner {
  private readonly countdowns = new Map<string, number>();

  constructor(
    private readonly faultRate: number,
    private readonly random: () => number,
    private readonly maxTracked = 10_000,
  ) {}

  decide(garmentUrl: string): FaultCode | undefined {
    const marker = parseFaultMarker(garmentUrl);
    if (marker) {
      if (marker.times === undefined) return marker.code;
      const used = this.countdowns.get(garmentUrl) ?? 0;
      if (used >= marker.times) return undefined;
      this.countdowns.delete(garmentUrl);
      this.countdowns.set(garmentUrl, used + 1);
      if (this.countdowns.size > this.maxTracked) this.countdowns.delete(this.countdowns.keys().next().value!);
      return marker.code;
    }
    if (this.faultRate > 0 && this.random() < this.faultRate) {
      return RANDOM_FAULT_CODES[Math.floor(this.random() * RANDOM_FAULT_CODES.length)];
    }
    return undefined;
  }
}
