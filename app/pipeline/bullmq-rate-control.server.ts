/**
 * The provider's rate limit shared by every instance through Redis: BullMQ's global limiter gives out
 * the slots, and this class turns the steps' 501s and successes into a slower or faster global rate.
 * Its own file because the rate arithmetic (halve on a 501, creep back per success, write Redis
 * sparingly) is a job apart from feeding the queues.
 */
import type { Queue } from "bullmq";
import type { PipelineDeps } from "./context.server";
import type { RateLimiter, RateLimiterStats } from "./rate-limit";

/**
 * A limiter facade for the steps: tokens come from BullMQ's global limiter (so `acquire` is free);
 * 501s and successes adjust the global rate of the queue in Redis.
 */
export class GlobalRateControl implements RateLimiter {
  /** Share of the base rate in force, as the in-process limiter's factor: halved by a 501, +5 % per success. */
  private factor = 1;
  /** The interval last written to Redis, ms. */
  private interval: number;
  private readonly base: number;
  private acquired = 0;
  private penalties = 0;
  constructor(
    private readonly queue: Queue,
    ratePerSec: number,
    private readonly pauseMs: number,
    private readonly log: PipelineDeps["log"],
  ) {
    this.base = Math.max(1, Math.round(1000 / ratePerSec));
    this.interval = this.base;
  }
  async init() {
    await this.queue.setGlobalRateLimit(1, this.base);
  }
  async acquire() {
    this.acquired++;
  }
  penalize(retryAfterMs?: number) {
    this.penalties++;
    void (async () => {
      // Another instance may have slowed the queue already: halve from the slower of the two.
      const current = (await this.queue.getGlobalRateLimit())?.duration ?? this.base;
      this.factor = Math.max(0.1, Math.min(this.factor, this.base / Math.max(current, this.base)) / 2);
      await this.write();
      await this.queue.rateLimit(Math.max(retryAfterMs ?? 0, this.pauseMs));
    })().catch((e) => this.log.warn("bullmq: slowing down after 501 failed", { error: (e as Error).message }));
  }
  /**
   * Additive increase, as the in-process limiter: a doubling per 501 against a slow recovery would
   * ratchet the queue down to its floor under a steady trickle of 501s and leave it there.
   */
  reward() {
    if (this.factor >= 1) return;
    this.factor = Math.min(1, this.factor + 0.05);
    const next = Math.round(this.base / this.factor);
    // Written when it moved by a tenth or reached the base rate: not one Redis write per success.
    if (next === this.base || Math.abs(next - this.interval) >= this.interval * 0.1) void this.write().catch(() => undefined);
  }
  private async write() {
    this.interval = Math.round(this.base / this.factor);
    await this.queue.setGlobalRateLimit(1, this.interval);
  }
  /** BullMQ's limiter waits inside the queue, not here: waitedMs and idleMs are not measured. */
  stats(): RateLimiterStats {
    return { ratePerSec: 1000 / this.base, effectiveRatePerSec: 1000 / this.interval, acquired: this.acquired, penalties: this.penalties, waiting: 0, waitedMs: 0, idleMs: 0 };
  }
}
