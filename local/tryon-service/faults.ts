/**
 * Fault injection for the local try-on service.
 *
 * Deterministic markers in the garment image URL (anywhere: path or query string), case-insensitive:
 *   fault=500   fault-500   fault_500     → the given code, every time
 *   fault=500x2                           → the given code for the first 2 submits of that exact URL, then normal
 *   fault=1002-submit                     → 1002 answered at submit instead of at query time
 *   fault=1001-query                      → 1001 on every sub-task at query time instead of at submit
 *   fault=recolor                         → the task succeeds, but the results show the garment in another colour
 * Codes and where they surface (spec §5 "Seen on"):
 *   500, 501, 1001  → at submit (business error envelope); 1001 also at query with `-query`
 *   801, 1000, 1002 → at query time: the task is accepted, then every sub-task ends "failed" with that code;
 *                     1002 ("content risk filter failed, please contact us": the risk service itself failed)
 *                     also at submit with `-submit` — the submit page lists the content codes too
 * Random faults: `faultRate` (0..1) picks uniformly among RANDOM_FAULTS for a share of submits that
 * carry no marker.
 */
export type FaultStage = "submit" | "query";
export type Fault = { kind: "code"; code: number; at: FaultStage } | { kind: "recolor" };

/** Where each code surfaces by default, and where else it may be moved with a stage suffix. */
const STAGES: Record<number, { default: FaultStage; also?: FaultStage }> = {
  500: { default: "submit" },
  501: { default: "submit" },
  801: { default: "query" },
  1000: { default: "query" },
  1001: { default: "submit", also: "query" },
  1002: { default: "query", also: "submit" },
};

export const RANDOM_FAULTS: readonly Fault[] = [
  { kind: "code", code: 500, at: "submit" },
  { kind: "code", code: 801, at: "query" },
  { kind: "code", code: 1000, at: "query" },
  { kind: "code", code: 1001, at: "submit" },
  { kind: "code", code: 1002, at: "query" },
  { kind: "code", code: 1002, at: "submit" },
];

const MARKER = /(?<![a-z])fault[=_-](500|501|801|1000|1001|1002|recolor)(?:x(\d+))?(?:[-_](submit|query))?(?![0-9a-z])/i;

export interface FaultMarker {
  fault: Fault;
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
  const times = m[2] !== undefined ? { times: Number(m[2]) } : {};
  if (m[1].toLowerCase() === "recolor") return m[3] ? undefined : { fault: { kind: "recolor" }, ...times };
  const code = Number(m[1]);
  const stages = STAGES[code];
  const at = (m[3]?.toLowerCase() as FaultStage | undefined) ?? stages.default;
  if (at !== stages.default && at !== stages.also) return undefined;
  return { fault: { kind: "code", code, at }, ...times };
}

/** Codes random faults may be limited to (`faultCodes`); 501 is the rate-limit answer at submit. */
export const RANDOM_FAULT_CODES = [500, 501, 801, 1000, 1001, 1002] as const;

/**
 * The random faults for a list of codes, each where it surfaces by default (and 1002 at both stages).
 * Throws for a code that cannot be injected at random.
 */
export function randomFaultsFor(codes: readonly number[]): Fault[] {
  const out: Fault[] = [];
  for (const code of codes) {
    if (!(RANDOM_FAULT_CODES as readonly number[]).includes(code)) throw new Error(`fault code ${code} is not one of ${RANDOM_FAULT_CODES.join(", ")}`);
    const stages = STAGES[code];
    out.push({ kind: "code", code, at: stages.default });
    if (code === 1002 && stages.also) out.push({ kind: "code", code, at: stages.also });
  }
  return out;
}

/** Decides the fault (if any) for one submit; keeps per-URL countdowns bounded. */
export class FaultPlanner {
  private readonly countdowns = new Map<string, number>();
  private readonly pool: readonly Fault[];

  /** `faultCodes` limits random faults to these codes (default: {@link RANDOM_FAULTS}). */
  constructor(
    private readonly faultRate: number,
    private readonly random: () => number,
    private readonly maxTracked = 10_000,
    faultCodes?: readonly number[],
  ) {
    this.pool = faultCodes?.length ? randomFaultsFor(faultCodes) : RANDOM_FAULTS;
  }

  decide(garmentUrl: string): Fault | undefined {
    const marker = parseFaultMarker(garmentUrl);
    if (marker) {
      if (marker.times === undefined) return marker.fault;
      const used = this.countdowns.get(garmentUrl) ?? 0;
      if (used >= marker.times) return undefined;
      this.countdowns.delete(garmentUrl);
      this.countdowns.set(garmentUrl, used + 1);
      if (this.countdowns.size > this.maxTracked) this.countdowns.delete(this.countdowns.keys().next().value!);
      return marker.fault;
    }
    if (this.faultRate > 0 && this.random() < this.faultRate) {
      return this.pool[Math.floor(this.random() * this.pool.length)];
    }
    return undefined;
  }
}
