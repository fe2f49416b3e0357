/**
 * Shopify's leaky bucket for Admin GraphQL query cost: `size` points, refilling continuously at
 * `restoreRate` points per second. A request is admitted when the bucket holds its requested cost;
 * the difference between requested and actual cost is refunded after it runs.
 */
export interface BucketStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export class LeakyBucket {
  private available: number;
  private at: number;

  constructor(
    readonly size: number,
    readonly restoreRate: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(size > 0)) throw new Error(`bucketSize must be a positive number of points (got ${size}).`);
    if (!(restoreRate > 0)) throw new Error(`restoreRate must be a positive number of points per second (got ${restoreRate}).`);
    this.available = size;
    this.at = now();
  }

  private refill(): void {
    const t = this.now();
    this.available = Math.min(this.size, this.available + ((t - this.at) / 1000) * this.restoreRate);
    this.at = t;
  }

  /** Takes `cost` points if available; returns false (nothing taken) otherwise. */
  take(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  /** Gives back points (requested minus actual cost). */
  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.size, this.available + Math.max(0, points));
  }

  status(): BucketStatus {
    this.refill();
    // Shopify reports whole points.
    return { maximumAvailable: this.size, currentlyAvailable: Math.floor(this.available), restoreRate: this.restoreRate };
  }
}
