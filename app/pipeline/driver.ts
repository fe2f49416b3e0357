/**
 * The queue driver interface both drivers implement, and the choice between them:
 * REDIS_URL set → BullMQ (several instances, one global provider rate limit); otherwise the
 * in-process runner over the database (SQLite, no other service).
 */
import type { PipelineDeps } from "./context.server";
import type { RunnerConfig } from "./runner.server";

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

export async function createQueueDriver(deps: PipelineDeps, config: Partial<RunnerConfig> & DriverOptions = {}): Promise<QueueDriver> {
  if (config.redisUrl) {
    const { createBullMqDriver } = await import("./bullmq-driver.server");
    return createBullMqDriver(deps, { ...config, redisUrl: config.redisUrl });
  }
  const { createRunner } = await import("./runner.server");
  const runner = createRunner(deps, config);
  return {
    kind: "db",
    start: async () => runner.start(),
    stop: (graceMs) => runner.stop(graceMs),
    wake: runner.wake,
    stats: runner.stats,
  };
}
