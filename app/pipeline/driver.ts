/**
 * The choice between the two queue drivers (their shared interface is in queue-driver.ts, so that
 * neither driver imports this file back):
 * REDIS_URL set → BullMQ (several instances, one global provider rate limit); otherwise the
 * in-process runner over the database (SQLite, no other service).
 */
import type { PipelineDeps } from "./context.server";
import type { RunnerConfig } from "./runner-config";
import type { DriverOptions, QueueDriver } from "./queue-driver";

export type { DriverOptions, QueueDriver } from "./queue-driver";

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
