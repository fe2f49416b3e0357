/**
 * When to ask the provider for results. Every query costs a call against the query rate limit, so:
 * - the FIRST poll waits about as long as recent tasks took (an EWMA of observed durations; a first
 *   poll that finds the task done counts no more than the wait it was given, so our own lateness never
 *   lengthens the next wait);
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

/** First-poll waits remembered at most (a few hundred bytes each; far more than tasks in flight). */
export const REMEMBERED_FIRST_POLLS = 20_000;

export class PollSchedule {
  private estimate: number;
  private readonly o: Required<PollScheduleOptions>;
  private samples = 0;
  /** First-poll waits given, by task id (bounded). */
  private readonly given = new Map<string, number>();

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
   * The wait before the first poll of a task just submitted, remembered by its task id so that the
   * task's first hit can be judged against it (see {@link observe}). At most
   * {@link REMEMBERED_FIRST_POLLS} are kept (the oldest go first); a task not remembered (polled by
   * another process, or after a restart) is judged by its elapsed time alone.
   */
  firstPollDelay(taskId: string): number {
    const delay = this.delayBefore(1);
    if (this.given.size >= REMEMBERED_FIRST_POLLS) this.given.delete(this.given.keys().next().value!);
    this.given.set(taskId, delay);
    return delay;
  }

  /**
   * Records a finished task. `elapsedMs` = submit → the answer that said finished;
   * `previousPollElapsedMs` = submit → the poll before it (undefined when this was the first poll);
   * `taskId` = the task, when its first poll was planned with {@link firstPollDelay}.
   *
   * A first poll that finds the task finished says only "it took at most this long". When the poll ran
   * late (the process was busy), the elapsed time is our delay, not the provider's, and feeding it back
   * made every next first poll later still: a busy run polled 3 s tasks 30 s after submitting them
   * (`npm run bench -- --only throughput-q100`). So a first hit counts no more than the wait it was
   * given. Not the current estimate: in a burst every task is found finished at its first poll, and
   * shrinking the estimate on each of them would collapse it to nothing.
   */
  observe(elapsedMs: number, previousPollElapsedMs?: number, taskId?: string): void {
    const given = taskId === undefined ? undefined : this.given.get(taskId);
    if (taskId !== undefined) this.given.delete(taskId);
    if (previousPollElapsedMs === undefined) this.push(Math.min(elapsedMs, given ?? elapsedMs) * this.o.firstHitShrink);
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
