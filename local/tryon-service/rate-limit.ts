/** Token bucket: `ratePerSec` tokens per second, bursts up to `capacity` (default one second's worth). */
export class TokenBucket {
  private tokens: number;
  private last: number;
  readonly capacity: number;

  constructor(
    readonly ratePerSec: number,
    capacity?: number,
    private readonly now: () => number = Date.now,
  ) {
    this.capacity = capacity ?? Math.max(1, ratePerSec);
    this.tokens = this.capacity;
    this.last = now();
  }

  /** Unlimited when the rate is not a positive finite number. */
  get unlimited(): boolean {
    return !(this.ratePerSec > 0 && Number.isFinite(this.ratePerSec));
  }

  /** Takes one token; when none is left, says how long until one is (ms). */
  take(): { ok: true } | { ok: false; retryAfterMs: number } {
    if (this.unlimited) return { ok: true };
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.ratePerSec);
    this.last = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil(((1 - this.tokens) / this.ratePerSec) * 1000) };
  }
}
