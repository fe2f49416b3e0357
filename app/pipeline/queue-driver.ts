/** The interface both queue drivers (in-process runner, BullMQ) implement. */
export interface QueueDriver {
  readonly kind: "db" | "bullmq";
  start(): Promise<void>;
  /** Stops claiming and waits for work in flight (up to `graceMs`). */
  stop(graceMs?: number): Promise<void>;
  /** New work is due now (a run was started, images approved). */
  wake(): void;
  stats(): unknown;
}

export interface DriverOptions {
  /** redis://… — selects the BullMQ driver. */
  redisUrl?: string;
  /** BullMQ key prefix. */
  prefix?: string;
}
