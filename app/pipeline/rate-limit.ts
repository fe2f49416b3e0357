/**
 * The provider's rate limit, on our side: an adaptive token bucket (in-process driver). The BullMQ
 * driver shares one limit across app instances with BullMQ's queue limiter instead; both react to a
 * 501 the same way: the WHOLE runner slows down, not just the call that got it.
 *
 * - Tokens refill at `ratePerSec × factor`; `burst` whole tokens at most (default 1: evenly spaced
 *   calls, so the provider's own bucket never sees a burst).
 * - Half a token of slack is kept on top of the burst: a caller woken a few ms late (timers and a busy
 *   event loop always wake late) takes its token and the next one is still due on the original
 *   schedule. Without it every late wake-up lost its lateness for good: at 20 calls/s, 3–5 ms per call,
 *   4.5 s over a 1,000-task run. Calls are never closer than half the interval.
 * - Never more than the rate's worth of calls in any one-second window (`windowCap`): the slack cannot
 *   add a call to a second, so a provider counting calls per second sees at most its limit.
 * - A 501 (`penalize`) halves the factor (down to `minFactor`) and pauses every caller for
 *   `max(retryAfterMs, penaltyMs)`.
 * - Each success (`reward`) adds `recoveryStep` back to the factor (up to 1): additive increase,
 *   multiplicative decrease.
 * Waiters are served first come, first served.
 */
import { systemClock, type Clock } from "./clock";

export interface RateLimiter {
  /** Resolves when the caller may make one call. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** The provider answered 501: slow everyone down. */
  penalize(retryAfterMs?: number): void;
  /** A call went through (not rate limited). */
  reward(): void;
  stats(): RateLimiterStats;
}

export interface RateLimiterStats {
  /** Configured rate, calls per second. */
  ratePerSec: number;
  /** Rate in force now (after 501 slow-downs), calls per second. */
  effectiveRatePerSec: number;
  acquired: number;
  penalties: number;
  /** Callers waiting for a token. */
  waiting: number;
  /** Total time callers spent in acquire() before their token, ms (summed over callers). */
  waitedMs: number;
  /**
   * Capacity nobody used between the first and the latest call, ms: time the bucket sat full while no
   * one asked. Near 0 when the limiter is the bottleneck; large when callers were starved upstream.
   */
  idleMs: number;
}

export interface TokenBucketOptions {
  /** Calls per second (> 0). */
  ratePerSec: number;
  /** Largest burst, in calls; default 1. */
  burst?: number;
  /** Lowest share of the rate a run of 501s can push it to; default 0.1. */
  minFactor?: number;
  /** Pause after a 501 when the provider gives no hint, in ms; default 1000. */
  penaltyMs?: number;
  /** Factor regained per success; default 0.05 (from half speed back to full in 10 successes). */
  recoveryStep?: number;
  clock?: Clock;
}

/** Slack on top of the burst, in tokens (see the header): half an interval. */
const SLACK_TOKENS = 0.5;

export class AdaptiveTokenBucket implements RateLimiter {
  private readonly rate: number;
  private readonly burst: number;
  private readonly minFactor: number;
  private readonly penaltyMs: number;
  private readonly recoveryStep: number;
  private readonly clock: Clock;
  private factor = 1;
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  private tail: Promise<void> = Promise.resolve();
  private acquired = 0;
  private penalties = 0;
  private waiting = 0;
  private waitedMs = 0;
  private idleMs = 0;
  private idleAtLastTake = 0;
  /** Times of the latest calls, oldest first (at most ⌈rate⌉ kept): the one-second window. */
  private readonly recent: number[] = [];
  /** Off from a 501 until the first call after its pause: the pause must not bank slack. */
  private slackOn = true;

  constructor(o: TokenBucketOptions) {
    if (!(o.ratePerSec > 0)) throw new Error(`ratePerSec must be a positive number of calls per second (got ${o.ratePerSec})`);
    this.rate = o.ratePerSec;
    this.burst = Math.max(1, o.burst ?? 1);
    this.minFactor = o.minFactor ?? 0.1;
    this.penaltyMs = o.penaltyMs ?? 1000;
    this.recoveryStep = o.recoveryStep ?? 0.05;
    this.clock = o.clock ?? systemClock;
    this.tokens = this.burst;
    this.last = this.clock.now();
  }

  /** Most tokens held: the burst plus half a token of slack for late wake-ups. */
  private get cap(): number {
    return this.burst + (this.slackOn ? SLACK_TOKENS : 0);
  }

  private refill(now: number) {
    const elapsed = Math.max(0, now - this.last) / 1000;
    const rate = this.rate * this.factor;
    const excess = this.tokens + elapsed * rate - this.cap;
    // Tokens beyond the cap are capacity lost: count it (only once calls have started).
    if (excess > 0 && this.acquired > 0) this.idleMs += (Math.min(excess, elapsed * rate) / rate) * 1000;
    this.tokens = Math.min(this.cap, this.tokens + elapsed * rate);
    this.last = now;
  }

  /**
   * Calls allowed in any window of `windowMs`: the rate's worth per second (at least one call, and the
   * window widens to one interval below one call per second). Returns when the window next has room.
   */
  private windowFreeAt(now: number): number {
    const rate = this.rate * this.factor;
    const windowMs = rate >= 1 ? 1000 : 1000 / rate;
    const allowed = Math.max(1, Math.floor(rate * (windowMs / 1000) + 1e-9));
    if (this.recent.length < allowed) return now;
    const nthLatest = this.recent[this.recent.length - allowed];
    return Math.max(now, nthLatest + windowMs);
  }

  private async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const now = this.clock.now();
      this.refill(now);
      const windowAt = this.windowFreeAt(now);
      if (now >= this.pausedUntil && this.tokens >= 1 && windowAt <= now) {
        this.tokens -= 1;
        this.acquired++;
        this.idleAtLastTake = this.idleMs;
        this.slackOn = true;
        this.recent.push(now);
        if (this.recent.length > Math.ceil(this.rate)) this.recent.shift();
        return;
      }
      const forToken = ((1 - this.tokens) / (this.rate * this.factor)) * 1000;
      const wait = Math.max(this.pausedUntil - now, forToken, windowAt - now, 1);
      await this.clock.sleep(Math.ceil(wait), signal);
    }
  }

  acquire(signal?: AbortSignal): Promise<void> {
    this.waiting++;
    const asked = this.clock.now();
    const p = this.tail
      .then(() => this.take(signal))
      .finally(() => {
        this.waiting--;
        this.waitedMs += Math.max(0, this.clock.now() - asked);
      });
    this.tail = p.catch(() => undefined);
    return p;
  }

  penalize(retryAfterMs?: number): void {
    const now = this.clock.now();
    this.refill(now);
    this.penalties++;
    this.factor = Math.max(this.minFactor, this.factor / 2);
    this.tokens = 0;
    this.slackOn = false;
    this.pausedUntil = Math.max(this.pausedUntil, now + Math.max(retryAfterMs ?? 0, this.penaltyMs));
  }

  reward(): void {
    const now = this.clock.now();
    this.refill(now);
    this.factor = Math.min(1, this.factor + this.recoveryStep);
  }

  stats(): RateLimiterStats {
    return {
      ratePerSec: this.rate,
      effectiveRatePerSec: this.rate * this.factor,
      acquired: this.acquired,
      penalties: this.penalties,
      waiting: this.waiting,
      waitedMs: Math.round(this.waitedMs),
      idleMs: Math.round(this.idleAtLastTake),
    };
  }
}

/** A limiter that never waits (for callers already limited elsewhere, e.g. by BullMQ). */
export const unlimited: RateLimiter = {
  acquire: async () => undefined,
  penalize: () => undefined,
  reward: () => undefined,
  stats: () => ({ ratePerSec: Infinity, effectiveRatePerSec: Infinity, acquired: 0, penalties: 0, waiting: 0, waitedMs: 0, idleMs: 0 }),
};

/**
 * Waits for a token unless `signal` aborts first: true when the token came, false on abort (the
 * limiter's own sleep ends too, so an abandoned wait takes no token later). The abort is a listener
 * removed when the wait ends. Racing every wait against one promise that stays pending for a worker's
 * life instead left a reaction on that promise per submit and per poll: 46,000 after 20,000 products
 * (heap snapshot of a `--scale-products 100000` run), never freed until the process ran out of heap.
 */
export async function acquireUnlessAborted(limiter: Pick<RateLimiter, "acquire">, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<false>((resolve) => {
    onAbort = () => resolve(false);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([limiter.acquire(signal).then(() => true), aborted]);
  } catch (error) {
    if (signal.aborted) return false;
    throw error;
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}
