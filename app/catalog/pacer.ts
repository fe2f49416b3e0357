/**
 * Cost-aware pacing for the Admin GraphQL API (Shopify's leaky bucket of query-cost points).
 *
 * - Before sending, estimate the call's cost (the requestedQueryCost Shopify reported the last time
 *   this document ran) and wait until the bucket, projected from the last `throttleStatus`, holds it.
 * - Calls in flight reserve their estimate so concurrent callers do not all spend the same points.
 * - A `THROTTLED` answer (or HTTP 429) is waited out and retried; it never fails a call. Transient
 *   transport failures (5xx, network) are retried a few times with capped exponential backoff.
 *
 * One pacer per shop ({@link pacerForShop}): all catalog calls for a shop in this process share it.
 */
import { CatalogThrottleTimeoutError } from "./errors";
import { AdminHttpError, type AdminResponse, type AdminTransport, type ThrottleStatus } from "./transport";

export interface CostPacerOptions {
  /** Points kept in reserve below the estimate (room for other apps' noise); default 0. */
  safetyMargin?: number;
  /** Estimate, in points, for a document never seen before while nothing has been learned yet; default 50. */
  defaultEstimate?: number;
  /** Give up (CatalogThrottleTimeoutError) after waiting out throttling this long for one call; default 600_000 ms. */
  maxThrottleWaitMs?: number;
  /** Retries of a transient transport failure (5xx, network); default 4. */
  maxTransportRetries?: number;
  /** Clock in ms (tests); default Date.now. */
  now?: () => number;
  /** Sleep (tests); default setTimeout-based. */
  sleep?: (ms: number) => Promise<void>;
}

export interface PacerMetrics {
  /** Calls sent to the transport (retries included). */
  requests: number;
  /** THROTTLED answers (or HTTP 429) that were waited out and retried. */
  throttled: number;
  /** Transient transport failures that were retried. */
  transportRetries: number;
  /** Total time spent waiting before sends, in ms. */
  waitedMs: number;
  /** Sum of actualQueryCost reported by Shopify. */
  pointsSpent: number;
}

/** Longest single sleep while waiting for the bucket, ms (then the projection is recomputed). */
const ADMIT_SLICE_MS = 250;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** True when a response carries Shopify's THROTTLED error code. */
export function isThrottled(response: AdminResponse): boolean {
  return Boolean(response.errors?.some((e) => e.extensions?.code === "THROTTLED"));
}

export class CostPacer {
  readonly metrics: PacerMetrics = { requests: 0, throttled: 0, transportRetries: 0, waitedMs: 0, pointsSpent: 0 };
  private status: (ThrottleStatus & { at: number }) | null = null;
  private reserved = 0;
  private readonly learned = new Map<string, number>();
  private meanRequested: number | null = null;
  private gate: Promise<void> = Promise.resolve();
  private readonly options: Required<Omit<CostPacerOptions, "now" | "sleep">>;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: CostPacerOptions = {}) {
    this.options = {
      safetyMargin: options.safetyMargin ?? 0,
      defaultEstimate: options.defaultEstimate ?? 50,
      maxThrottleWaitMs: options.maxThrottleWaitMs ?? 600_000,
      maxTransportRetries: options.maxTransportRetries ?? 4,
    };
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** The last throttle status Shopify reported, projected to now (null before the first answer). */
  projectedStatus(): ThrottleStatus | null {
    if (!this.status) return null;
    const elapsed = Math.max(0, this.now() - this.status.at) / 1000;
    const available = Math.min(this.status.maximumAvailable, this.status.currentlyAvailable + elapsed * this.status.restoreRate);
    return { maximumAvailable: this.status.maximumAvailable, currentlyAvailable: available, restoreRate: this.status.restoreRate };
  }

  /** Sends `query` through `transport`, pacing before and retrying throttled/transient failures. */
  async run<TData>(transport: AdminTransport, query: string, variables?: Record<string, unknown>): Promise<AdminResponse<TData>> {
    let throttleWaited = 0;
    let transportFailures = 0;
    for (;;) {
      const estimate = await this.admit(query);
      let response: AdminResponse<TData>;
      try {
        this.metrics.requests++;
        response = await transport<TData>(query, variables);
      } catch (error) {
        this.reserved -= estimate;
        if (!(error instanceof AdminHttpError) || !error.retryable) throw error;
        if (error.status === 429) {
          this.metrics.throttled++;
          const waitMs = error.retryAfter ? error.retryAfter * 1000 : this.throttleBackoffMs(estimate);
          throttleWaited += waitMs;
          if (throttleWaited > this.options.maxThrottleWaitMs) throw this.timeout(throttleWaited);
          await this.wait(waitMs);
          continue;
        }
        transportFailures++;
        if (transportFailures > this.options.maxTransportRetries) throw error;
        this.metrics.transportRetries++;
        const backoff = Math.min(30_000, 500 * 2 ** (transportFailures - 1));
        await this.wait(error.retryAfter ? error.retryAfter * 1000 : backoff * (0.5 + Math.random() / 2));
        continue;
      }
      this.reserved -= estimate;
      const cost = response.extensions?.cost;
      if (cost?.throttleStatus) this.status = { ...cost.throttleStatus, at: this.now() };
      if (typeof cost?.requestedQueryCost === "number") {
        this.learned.set(query, cost.requestedQueryCost);
        this.meanRequested = this.meanRequested === null ? cost.requestedQueryCost : 0.8 * this.meanRequested + 0.2 * cost.requestedQueryCost;
      }
      if (typeof cost?.actualQueryCost === "number") this.metrics.pointsSpent += cost.actualQueryCost;
      if (!isThrottled(response)) return response;
      this.metrics.throttled++;
      const waitMs = this.throttleBackoffMs(cost?.requestedQueryCost ?? estimate);
      throttleWaited += waitMs;
      if (throttleWaited > this.options.maxThrottleWaitMs) throw this.timeout(throttleWaited);
      await this.wait(waitMs);
    }
  }

  /** A transport that goes through this pacer. */
  wrap(transport: AdminTransport): AdminTransport {
    return <TData>(query: string, variables?: Record<string, unknown>) => this.run<TData>(transport, query, variables);
  }

  /** Waits until the projected bucket holds the estimate, then reserves it. Serialised: one admission at a time. */
  private async admit(query: string): Promise<number> {
    const previous = this.gate;
    let release!: () => void;
    this.gate = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      // Unknown documents are estimated at the running mean of what this shop's calls requested: a
      // fixed guess would either stall small buckets or overspend big ones; a wrong guess costs one
      // THROTTLED retry, after which the document's own cost is known.
      const estimate = this.learned.get(query) ?? this.meanRequested ?? this.options.defaultEstimate;
      for (;;) {
        const status = this.projectedStatus();
        if (!status) break;
        // Never wait for more than the bucket can hold: a call costing more than the bucket is Shopify's
        // MAX_COST_EXCEEDED error to report, not ours to wait for forever.
        const need = Math.min(estimate + this.options.safetyMargin, status.maximumAvailable);
        const free = status.currentlyAvailable - this.reserved;
        if (free >= need || status.restoreRate <= 0) break;
        // Sleep in short slices: calls in flight release their reservations when they answer.
        await this.wait(Math.min(ADMIT_SLICE_MS, Math.ceil(((need - free) / status.restoreRate) * 1000) + 5));
      }
      this.reserved += estimate;
      return estimate;
    } finally {
      release();
    }
  }

  /** Time until the bucket refills enough for `cost`, with jitter; at least 250 ms. */
  private throttleBackoffMs(cost: number): number {
    const status = this.projectedStatus();
    const rate = status?.restoreRate && status.restoreRate > 0 ? status.restoreRate : 50;
    const deficit = Math.max(0, cost - (status?.currentlyAvailable ?? 0));
    return Math.max(250, Math.ceil((deficit / rate) * 1000)) * (1 + Math.random() * 0.2);
  }

  private async wait(ms: number): Promise<void> {
    this.metrics.waitedMs += ms;
    await this.sleep(ms);
  }

  private timeout(waited: number): CatalogThrottleTimeoutError {
    return new CatalogThrottleTimeoutError(
      `Shopify kept throttling the app's requests for ${Math.round(waited / 1000)} s; the run will continue later.`,
    );
  }
}

const shopPacers = new Map<string, CostPacer>();

/** The process-wide pacer of one shop (created on first use). */
export function pacerForShop(shop: string, options?: CostPacerOptions): CostPacer {
  let pacer = shopPacers.get(shop);
  if (!pacer) {
    pacer = new CostPacer(options);
    shopPacers.set(shop, pacer);
  }
  return pacer;
}
