import { describe, expect, it } from "vitest";
import { TokenBucket } from "./rate-limit";

describe("TokenBucket", () => {
  it("GIVEN 5/s THEN a burst of 5 passes, the 6th waits ~200 ms, and tokens return with time", () => {
    let t = 0;
    const b = new TokenBucket(5, undefined, () => t);
    for (let i = 0; i < 5; i++) expect(b.take().ok).toBe(true);
    const denied = b.take();
    expect(denied).toEqual({ ok: false, retryAfterMs: 200 });
    t += 200;
    expect(b.take().ok).toBe(true);
    expect(b.take().ok).toBe(false);
  });

  it("GIVEN a rate of 0 THEN it is unlimited", () => {
    const b = new TokenBucket(0);
    for (let i = 0; i < 1000; i++) expect(b.take().ok).toBe(true);
  });

  it("GIVEN 0.5/s THEN the burst is one and the wait is two seconds", () => {
    const t = 0;
    const b = new TokenBucket(0.5, undefined, () => t);
    expect(b.take().ok).toBe(true);
    expect(b.take()).toEqual({ ok: false, retryAfterMs: 2000 });
  });
});
