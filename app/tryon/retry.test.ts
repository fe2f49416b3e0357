import { describe, expect, it } from "vitest";
import { abortableSleep, backoffDelay, withRetry } from "./retry";

describe("backoffDelay", () => {
  it("GIVEN growing retry numbers THEN delays grow exponentially within [step/2, step] and stop at the cap", () => {
    const lo = { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0 };
    const hi = { ...lo, random: () => 0.999999 };
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, lo))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, hi))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it("GIVEN a server hint THEN the delay is at least the hint but never above the cap", () => {
    expect(backoffDelay(0, { baseDelayMs: 100, maxDelayMs: 5000, random: () => 0 }, 3000)).toBe(3000);
    expect(backoffDelay(0, { baseDelayMs: 100, maxDelayMs: 2000, random: () => 0 }, 9000)).toBe(2000);
  });
});

describe("withRetry", () => {
  const noSleep = async () => {};

  it("GIVEN failures that deserve a retry THEN it retries up to maxRetries and rethrows the last error", async () => {
    const seen: number[] = [];
    await expect(
      withRetry(async (attempt) => {
        seen.push(attempt);
        throw new Error(`fail ${attempt}`);
      }, { maxRetries: 3, sleep: noSleep, shouldRetry: () => true }),
    ).rejects.toThrow("fail 3");
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  it("GIVEN a failure that does not deserve a retry THEN it stops at once", async () => {
    let calls = 0;
    await expect(withRetry(async () => { calls++; throw new Error("no"); }, { sleep: noSleep, shouldRetry: () => false })).rejects.toThrow("no");
    expect(calls).toBe(1);
  });

  it("GIVEN a success after a failure THEN the value is returned and the sleeps follow the backoff", async () => {
    const delays: number[] = [];
    const v = await withRetry(async (a) => { if (a < 2) throw new Error("x"); return "ok"; }, {
      baseDelayMs: 10, maxDelayMs: 1000, random: () => 0, sleep: async (ms) => { delays.push(ms); }, shouldRetry: () => true,
    });
    expect(v).toBe("ok");
    expect(delays).toEqual([5, 10]);
  });

  it("GIVEN an aborted signal THEN it rejects with the signal's reason without calling", async () => {
    const ac = new AbortController();
    ac.abort(new Error("stopped"));
    let calls = 0;
    await expect(withRetry(async () => { calls++; return 1; }, { signal: ac.signal, shouldRetry: () => true })).rejects.toThrow("stopped");
    expect(calls).toBe(0);
  });

  it("GIVEN an abort during the backoff sleep THEN the sleep rejects with the reason", async () => {
    const ac = new AbortController();
    const p = abortableSleep(60_000, ac.signal);
    ac.abort(new Error("cancelled"));
    await expect(p).rejects.toThrow("cancelled");
  });
});
