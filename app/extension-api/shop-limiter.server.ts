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

/** How a page tells the browser the shop is at its limit: 429 and when to try again. */
export function busyInit(): { status: 429; headers: { "Retry-After": string } } {
  return { status: 429, headers: { "Retry-After": String(RETRY_AFTER_SECONDS) } };
}

/** A page action's refusal when the shop is at its limit: same shape as the services' `{ ok: false }`. */
export interface ShopBusy {
  ok: false;
  busy: true;
  message: string;
}

/**
 * For page actions (Estimate, Start/Generate, Test connection): runs `work` in one of the shop's slots,
 * or answers `ShopBusy` (a plain `{ ok: false, message }`) at once when they are all taken, so the page
 * shows the sentence where it shows any other refusal. Answer it with {@link failureInit}.
 */
export async function withinShopLimit<T>(shop: string, work: () => Promise<T>): Promise<T | ShopBusy> {
  try {
    return await expensiveWork.run(shop, work);
  } catch (error) {
    if (error instanceof ShopBusyError) return { ok: false, busy: true, message: error.message };
    throw error;
  }
}

/** The status of a page action's failure: 429 + Retry-After when the shop was busy, else `status`. */
export function failureInit(result: object, status = 400): { status: number; headers?: Record<string, string> } {
  return "busy" in result && result.busy === true ? busyInit() : { status };
}

/**
 * For page loaders that start expensive work (the product page checks the product's images): the
 * loader's data, or a thrown 429 response (the page's error boundary says to wait and reload).
 */
export async function loadWithinShopLimit<T>(shop: string, work: () => Promise<T>): Promise<T> {
  try {
    return await expensiveWork.run(shop, work);
  } catch (error) {
    if (error instanceof ShopBusyError) throw new Response(error.message, busyInit());
    throw error;
  }
}
