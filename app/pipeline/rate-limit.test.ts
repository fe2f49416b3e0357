import { getEventListeners, setMaxListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { ManualClock, type Clock } from "./clock";
import { acquireUnlessAborted, AdaptiveTokenBucket } from "./rate-limit";

/** Starts `n` acquires and records the clock time each one is granted. */
function grantTimes(bucket: AdaptiveTokenBucket, clock: ManualClock, n: number) {
  const times: number[] = [];
  const all = Array.from({ length: n }, () => bucket.acquire().then(() => times.push(clock.now())));
  return { times, all: Promise.all(all) };
}

describe("AdaptiveTokenBucket", () => {
  it("GIVEN 10 calls/s WHEN 5 callers wait THEN they are granted 100 ms apart, in order", async () => {
    const clock = new ManualClock(0);
    const bucket = new AdaptiveTokenBucket({ ratePerSec: 10, clock });
    const { times, all } = grantTimes(bucket, clock, 5);
    await clock.advance(1000);
    await all;
    expect(times).toEqual([0, 100, 200, 300, 400]);
  });

  it("GIVEN callers queued at the limit WHEN they are served THEN the time they waited is counted and no capacity went unused", async () => {
    const clock = new ManualClock(0);
    const bucket = new AdaptiveTokenBucket({ ratePerSec: 10, clock });
    const { all } = grantTimes(bucket, clock, 5);
    await clock.advance(1000);
    await all;
    // Granted at 0, 100, 200, 300, 400 after asking at 0.
    expect(bucket.stats()).toMatchObject({ acquired: 5, waitedMs: 1000, idleMs: 0 });
  });

  it("GIVEN a caller that comes late WHEN it takes its token THEN the time the full bucket sat unused is counted as idle", async () => {
    const clock = new ManualClock(0);
    const bucket = new AdaptiveTokenBucket({ ratePerSec: 10, clock });
    await bucket.acquire();
    await clock.advance(600);
    await bucket.acquire();
    // The next token was ready at 100 ms and half a token of slack is kept (full at 150 ms); nobody
    // asked until 600 ms: 450 ms of capacity lost.
    expect(bucket.stats()).toMatchObject({ acquired: 2, waitedMs: 0, idleMs: 450 });
  });

  it("GIVEN waiting callers whose timers fire late WHEN they take their tokens THEN the schedule holds: lateness is not lost", async () => {
    const clock = new ManualClock(0);
    // Every timer fires 20 ms after it was due, as on a busy event loop.
    const lateClock: Clock = { now: () => clock.now(), sleep: (ms) => clock.sleep(ms + 20) };
    const bucket = new AdaptiveTokenBucket({ ratePerSec: 20, clock: lateClock });
    const { times, all } = grantTimes(bucket, clock, 21);
    await clock.advance(3000);
    await all;
    // Due every 50 ms from 0, the 21st call was due at 1000 ms and comes 20 ms late. Had each late
    // wake-up pushed the schedule back, calls would be 70 ms apart and the 21st would come at 1400 ms.
    expect(times[20]).toBe(1020);
    expect(bucket.stats().idleMs).toBe(0);
  });

  it("GIVEN a backlog after a stall WHEN callers catch up THEN calls are at least half an interval apart and never more than the rate in any one second", async () => {
    const clock = new ManualClock(0);
    const bucket = new AdaptiveTokenBucket({ ratePerSec: 10, clock });
    await bucket.acquire();
    await clock.advance(200); // idle: the next token and half a token of slack build up
    const { times, all } = grantTimes(bucket, clock, 40);
    await clock.advance(6000);
    await all;
    const all41 = [0, ...times];
    for (let i = 1; i < all41.length; i++) expect(all41[i] - all41[i - 1]).toBeGreaterThanOrEqual(50);
    for (let i = 10; i < all41.length; i++) expect(all41[i] - all41[i - 10]).toBeGreaterThanOrEqual(1000);
  });

  it("GIVEN a 501 WHEN penalized THEN every caller pauses and the rate halves, then recovers with successes", async () => {
    const clock = new ManualClock(0);
    const bucket = new AdaptiveTokenBucket({ ratePerSec: 10, clock, penaltyMs: 1000 });
    await bucket.acquire();
    bucket.penalize();
    expect(bucket.stats().effectiveRatePerSec).toBe(5);
    const { times, all } = grantTimes(bucket, clock, 2);
    await clock.advance(3000);
    await all;
    // Paused until t=1000; the next token at half rate (5/s) needs 200 ms.
    expect(times[0]).toBeGreaterThanOrEqual(1000);
    expect(times[1] - times[0]).toBe(200);
    for (let i = 0; i < 10; i++) bucket.reward();
    expect(bucket.stats().effectiveRatePerSec).toBeCloseTo(10);
  });

  it("GIVEN a Retry-After hint longer than the penalty WHEN penalized THEN the pause honours the hint", async () => {
    const clock = new ManualClock(0);
    const bucket = new AdaptiveTokenBucket({ ratePerSec: 100, clock, penaltyMs: 100 });
    await bucket.acquire();
    bucket.penalize(2500);
    const { times, all } = grantTimes(bucket, clock, 1);
    await clock.advance(5000);
    await all;
    expect(times[0]).toBeGreaterThanOrEqual(2500);
  });

  it("GIVEN repeated 501s WHEN penalized THEN the rate never drops below the floor", () => {
    const bucket = new AdaptiveTokenBucket({ ratePerSec: 10, clock: new ManualClock(), minFactor: 0.1 });
    for (let i = 0; i < 20; i++) bucket.penalize();
    expect(bucket.stats().effectiveRatePerSec).toBeCloseTo(1);
  });

  it("GIVEN an aborted waiter WHEN the signal fires THEN it rejects and later callers still get tokens", async () => {
    const clock = new ManualClock(0);
    const bucket = new AdaptiveTokenBucket({ ratePerSec: 1, clock });
    await bucket.acquire();
    const ac = new AbortController();
    const aborted = bucket.acquire(ac.signal);
    ac.abort(new Error("stop"));
    await clock.advance(1000);
    await expect(aborted).rejects.toThrow("stop");
    const next = bucket.acquire();
    await clock.advance(1000);
    await expect(next).resolves.toBeUndefined();
  });
});

describe("acquireUnlessAborted: a worker's waits for tokens, stopped by one signal", () => {
  it("GIVEN 2,000 waits on one worker's stop signal WHEN each gets its token THEN none leaves anything on the signal", async () => {
    const clock = new ManualClock(0);
    const bucket = new AdaptiveTokenBucket({ ratePerSec: 1000, clock });
    const stop = new AbortController();
    setMaxListeners(0, stop.signal); // as the runner does: every claimed job waits on it
    const waits = Array.from({ length: 2000 }, () => acquireUnlessAborted(bucket, stop.signal));
    await clock.advance(3000);
    expect(await Promise.all(waits)).toEqual(Array(2000).fill(true));
    // A wait that outlived its token would keep a listener (and whatever it holds) for the worker's life.
    expect(getEventListeners(stop.signal, "abort")).toHaveLength(0);
  });

  it("GIVEN waits queued behind a limiter WHEN the worker stops THEN every wait ends at once with false and takes no token afterwards", async () => {
    const clock = new ManualClock(0);
    const bucket = new AdaptiveTokenBucket({ ratePerSec: 1, clock });
    const stop = new AbortController();
    const first = acquireUnlessAborted(bucket, stop.signal);
    const queued = [acquireUnlessAborted(bucket, stop.signal), acquireUnlessAborted(bucket, stop.signal)];
    expect(await first).toBe(true);
    stop.abort();
    expect(await Promise.all(queued)).toEqual([false, false]);
    await clock.advance(5000);
    expect(bucket.stats().acquired).toBe(1);
    expect(getEventListeners(stop.signal, "abort")).toHaveLength(0);
    expect(await acquireUnlessAborted(bucket, stop.signal)).toBe(false);
  });

  it("GIVEN a limiter that never answers WHEN the worker stops THEN the wait still ends", async () => {
    const stop = new AbortController();
    const wait = acquireUnlessAborted({ acquire: () => new Promise<void>(() => undefined) }, stop.signal);
    stop.abort();
    expect(await wait).toBe(false);
  });
});
