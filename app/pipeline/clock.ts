/**
 * Time as a dependency: services take a Clock so tests can control it. Units: epoch milliseconds.
 */
export interface Clock {
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, Math.max(0, ms));
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

/**
 * A clock that only moves when told (unit tests of the rate limiter and schedules). Sleepers wake in
 * time order as `advance` passes their deadline.
 */
export class ManualClock implements Clock {
  private t: number;
  private sleepers: Array<{ at: number; resolve: () => void }> = [];
  constructor(start = 0) {
    this.t = start;
  }
  now(): number {
    return this.t;
  }
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.sleepers.push({ at: this.t + Math.max(0, ms), resolve });
    });
  }
  /** Moves time forward by `ms`, waking sleepers (and letting their continuations run) on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.t + ms;
    // Let pending continuations run (they may start sleeping) before looking at the sleepers.
    const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
    await settle();
    for (;;) {
      this.sleepers.sort((a, b) => a.at - b.at);
      const next = this.sleepers[0];
      if (!next || next.at > target) break;
      this.sleepers.shift();
      this.t = Math.max(this.t, next.at);
      next.resolve();
      await settle();
    }
    this.t = target;
  }
  pendingSleepers(): number {
    return this.sleepers.length;
  }
}
