import { describe, expect, it } from "vitest";
import { CatalogThrottleTimeoutError } from "./errors";
import { CostPacer } from "./pacer";
import { AdminHttpError, type AdminResponse, type AdminTransport } from "./transport";

/** A fake clock: sleeping advances it instantly, so tests run in no time. */
function fakeTime() {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

const ok = (available: number, requested = 10, actual = 8): AdminResponse => ({
  data: { ok: true },
  extensions: { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: { maximumAvailable: 100, currentlyAvailable: available, restoreRate: 10 } } },
});
const throttled = (available: number): AdminResponse => ({
  errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
  extensions: { cost: { requestedQueryCost: 10, actualQueryCost: null, throttleStatus: { maximumAvailable: 100, currentlyAvailable: available, restoreRate: 10 } } },
});

function scripted(responses: Array<AdminResponse | Error>): AdminTransport & { calls: number } {
  const transport = (async () => {
    transport.calls++;
    const next = responses.shift();
    if (!next) throw new Error("no more scripted responses");
    if (next instanceof Error) throw next;
    return next;
  }) as unknown as AdminTransport & { calls: number };
  transport.calls = 0;
  return transport;
}

describe("CostPacer", () => {
  it("GIVEN a THROTTLED answer WHEN the call runs THEN it waits for the bucket to refill and retries to success", async () => {
    const time = fakeTime();
    const pacer = new CostPacer(time);
    const transport = scripted([throttled(2), ok(50)]);
    const response = await pacer.run(transport, "query A");
    expect(response.data).toEqual({ ok: true });
    expect(transport.calls).toBe(2);
    expect(pacer.metrics.throttled).toBe(1);
    // Needed 10 points with 2 available at 10/s: about 0.8 s (plus jitter).
    expect(time.sleeps[0]).toBeGreaterThanOrEqual(800);
  });

  it("GIVEN a known cost and a nearly empty bucket WHEN the next call is admitted THEN it waits before sending instead of being throttled", async () => {
    const time = fakeTime();
    const pacer = new CostPacer(time);
    const transport = scripted([ok(3, 10, 10), ok(40)]);
    await pacer.run(transport, "query A");
    await pacer.run(transport, "query A");
    expect(pacer.metrics.throttled).toBe(0);
    // 10 points needed, 3 available, 10 points/s → 0.7 s of waiting before the second send.
    const waited = time.sleeps.reduce((a, b) => a + b, 0);
    expect(waited).toBeGreaterThanOrEqual(700);
    expect(waited).toBeLessThan(1000);
  });

  it("GIVEN HTTP 429 and then 503 WHEN the call runs THEN both are retried and the call succeeds", async () => {
    const time = fakeTime();
    const pacer = new CostPacer(time);
    const transport = scripted([new AdminHttpError("slow down", 429, 2), new AdminHttpError("unavailable", 503), ok(90)]);
    await expect(pacer.run(transport, "query A")).resolves.toMatchObject({ data: { ok: true } });
    expect(time.sleeps[0]).toBe(2000);
    expect(pacer.metrics).toMatchObject({ throttled: 1, transportRetries: 1 });
  });

  it("GIVEN a 401 WHEN the call runs THEN it fails at once (a bad token is not retried)", async () => {
    const pacer = new CostPacer(fakeTime());
    const transport = scripted([new AdminHttpError("unauthorized", 401)]);
    await expect(pacer.run(transport, "query A")).rejects.toMatchObject({ status: 401 });
    expect(transport.calls).toBe(1);
  });

  it("GIVEN Shopify throttling for longer than the limit WHEN the call runs THEN it gives up with a throttle timeout", async () => {
    const pacer = new CostPacer({ ...fakeTime(), maxThrottleWaitMs: 3000 });
    const transport = scripted(Array.from({ length: 20 }, () => throttled(0)));
    await expect(pacer.run(transport, "query A")).rejects.toBeInstanceOf(CatalogThrottleTimeoutError);
  });

  it("GIVEN GraphQL errors other than THROTTLED WHEN the call runs THEN the answer is returned as is (no retry)", async () => {
    const pacer = new CostPacer(fakeTime());
    const denied: AdminResponse = { errors: [{ message: "Access denied", extensions: { code: "ACCESS_DENIED" } }] };
    const transport = scripted([denied]);
    await expect(pacer.run(transport, "query A")).resolves.toBe(denied);
    expect(transport.calls).toBe(1);
  });
});
