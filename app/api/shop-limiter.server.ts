/**
 * Per-shop concurrency limit for requests that start expensive work: estimates (plan a whole
 * collection against the Admin API), the product status with its image checks, starting a run, and a
 * quota refresh (a call to the provider). Beyond the limit a request is answered at once with 429 and
 * `Retry-After` instead of queueing behind the others, so one shop's burst (a script, a stuck
 * extension retrying) cannot take the process's CPU and Admin API budget from every other shop.
 *
 * In-process, per instance, on purpose: what it protects is this process (its event loop, which also
 * runs the try-on runner's lease heartbeats, and its memory). With several instances behind a load
 * balancer a shop may have `limit` requests in flight on each; that is still bounded, each instance is
 * protected, and the Admin API side is paced per shop already (catalog pacer). A Redis-backed counter
 * would add a network round trip and a failure mode (a crashed instance leaking its slots until a TTL)
 * to every request for no extra protection of any one process.
 *
 * Hand-written (a Map of counters) because the well-kept limiters (p-limit, bottleneck) queue work
 * instead of refusing it, and refusing is the point.
 */

/** Expensive requests one shop may have in flight on one instance. */
export const EXPENSIVE_REQUESTS_PER_SHOP = 4;
/** Seconds a refused client is told to wait (`Retry-After`). */
export const RETRY_AFTER_SECONDS = 2;

export const SHOP_BUSY_MESSAGE =
  "Fitting Room is still working on your store's previous requests (estimates, status checks or runs). Wait a few seconds and try again.";

/** Thrown when a shop is at its limit; carries what the answer needs. */
export class ShopBusyError extends Error {
  readonly status = 429;
  readonly retryAfterSeconds = RETRY_AFTER_SECONDS;
  constructor(readonly shop: string) {
    super(SHOP_BUSY_MESSAGE);
    this.name = "ShopBusyError";
  }
}

export class ShopConcurrencyLimiter {
  private readonly inFlight = new Map<string, number>();
  constructor(readonly limit: number) {}

  /** Requests of `shop` running now. */
  active(shop: string): number {
    return this.inFlight.get(shop) ?? 0;
  }

  /** Runs `work` in one of the shop's slots, or throws ShopBusyError when all are taken. */
  async run<T>(shop: string, work: () => Promise<T>): Promise<T> {
    const current = this.active(shop);
    if (current >= this.limit) throw new ShopBusyError(shop);
    this.inFlight.set(shop, current + 1);
    try {
      return await work();
    } finally {
      const left = this.active(shop) - 1;
      if (left > 0) this.inFlight.set(shop, left);
      else this.inFlight.delete(shop);
    }
  }
}

/** The one limiter of this process, shared by every expensive endpoint (they share the same budget). */
export const expensiveWork = new ShopConcurrencyLimiter(EXPENSIVE_REQUESTS_PER_SHOP);
