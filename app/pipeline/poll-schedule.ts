/**
 * When to ask the provider for results. Every query costs a call against the query rate limit, so:
 * - the FIRST poll waits about as long as recent tasks took (an EWMA of observed durations; a first
 *   poll that finds the task done can only lower it, so our own lateness never lengthens the wait);
 * - later polls back off geometrically from a fraction of that estimate, capped;
 * - a task past its deadline fails with a clear message (no endless polling).
 * Target: on average at most ~2 queries per finished task (the benchmark's limit is 3).
 */

export interface PollScheduleOptions {
  /** Estimate before any task has been observed, in ms; default 8000. */
  initialEstimateMs?: number;
  /** Weight of a new observation in the EWMA (0..1); default 0.3. */
  alpha?: number;
  /** Shortest wait before any poll, in ms; default 100. */
  minDelayMs?: number;
  /** Longest wait between polls, in ms; default 15000. */
  maxDelayMs?: number;
  /** Growth of the wait after each unfinished answer; default 1.6. */
  factor?: number;
  /** Second poll waits this share of the estimate (then grows by `factor`); default 0.25. */
  retryShare?: number;
  /**
   * A task found finished at its FIRST poll may have finished earlier; its observation is scaled by
   * this so the estimate can drift down; default 0.85.
   */
  firstHitShrink?: number;
}

export class PollSchedule {
  private estimate: number;
  private readonly o: Required<PollScheduleOptions>;
  private samples = 0;

  constructor(options: PollScheduleOptions = {}) {
    this.o = {
      initialEstimateMs: options.initialEstimateMs ?? 8000,
      alpha: options.alpha ?? 0.3,
      minDelayMs: options.minDelayMs ?? 100,
      maxDelayMs: options.maxDelayMs ?? 15_000,
      factor: options.factor ?? 1.6,
      retryShare: options.retryShare ?? 0.25,
      firstHitShrink: options.firstHitShrink ?? 0.85,
    };
    this.estimate = this.o.initialEstimateMs;
  }

  /** Current estimate of a task's duration, in ms. */
  estimateMs(): number {
    return this.estimate;
  }

  observations(): number {
    return this.samples;
  }

  /** Seeds the estimate (e.g. from durations stored in the database at start-up). */
  seed(durationsMs: readonly number[]): void {
    for (const d of durationsMs) this.push(d);
  }

  private push(sample: number) {
    if (!Number.isFinite(sample) || sample <= 0) return;
    this.estimate = this.samples === 0 ? sample : this.estimate + this.o.alpha * (sample - this.estimate);
    this.samples++;
  }

  /**
   * Records a finished task. `elapsedMs` = submit → the answer that said finished;
   * `previousPollElapsedMs` = submit → the poll before it (undefined when this was the first poll).
   */
  observe(elapsedMs: number, previousPollElapsedMs?: number): void {
    // A first poll that finds the task finished says only "it took at most this long". When the poll
    // ran late (the process was busy), `elapsedMs` is our delay, not the provider's: letting it raise
    // the estimate made every next first poll later still, and a busy run's tasks ended up polled
    // 30 s after 3 s tasks finished (`npm run bench -- --only throughput --qps 100`). So a first hit
    // can only lower the estimate; a longer task shows itself as a miss, which does raise it.
    if (previousPollElapsedMs === undefined) this.push(Math.min(elapsedMs, this.estimate) * this.o.firstHitShrink);
    else this.push((elapsedMs + previousPollElapsedMs) / 2);
  }

  /**
   * Wait before poll number `pollNumber` (1 = first poll after the submit), in ms.
   */
  delayBefore(pollNumber: number): number {
    const { minDelayMs, maxDelayMs, factor, retryShare } = this.o;
    const clamp = (ms: number) => Math.round(Math.min(maxDelayMs, Math.max(minDelayMs, ms)));
    if (pollNumber <= 1) return clamp(this.estimate);
    return clamp(Math.max(minDelayMs, this.estimate * retryShare) * factor ** (pollNumber - 2));
  }
}

/** Merchant text for a task that passed its deadline. */
export function deadlineMessage(deadlineMs: number): string {
  const minutes = Math.round((deadlineMs / 60_000) * 10) / 10;
  const seconds = Math.max(1, Math.round(deadlineMs / 1000));
  const span = minutes >= 1 ? `${minutes} minute${minutes === 1 ? "" : "s"}` : `${seconds} second${seconds === 1 ? "" : "s"}`;
  return `The try-on service did not finish this product within ${span}. Nothing was added to the product; retry the failed products later.`;
}
