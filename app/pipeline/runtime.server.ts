/**
 * The pipeline inside a long-lived process (the web app, the worker, the operator CLI): one set of
 * production dependencies over the app's Prisma singleton, one queue driver, created on first use and
 * reused (also across dev-server reloads).
 *
 * - `pipeline()` — the services routes, webhooks, extension endpoints and the CLI call.
 * - `ensureRunnerStarted()` — starts the queue driver in this process, once; safe to call on every
 *   request without awaiting (it never rejects; failures are logged and retried on the next call).
 *   RUNNER=off makes it a no-op (a separate `npm run worker` does the work).
 *   REDIS_URL selects the BullMQ driver (several instances, one provider rate limit); otherwise the
 *   in-process runner over the database.
 */
import prisma from "../db.server";
import { createDefaultDeps } from "./deps.server";
import { createQueueDriver, type QueueDriver } from "./driver";
import { runnerConfigFromEnv } from "./runner.server";
import { createPipeline, type Pipeline } from "./service.server";

interface RuntimeState {
  pipeline: Pipeline;
  driver: Promise<QueueDriver | null> | null;
  current: QueueDriver | null;
}

declare global {
  var __fittingRoomPipelineRuntime: RuntimeState | undefined;
}

function state(): RuntimeState {
  if (!globalThis.__fittingRoomPipelineRuntime) {
    const s: RuntimeState = { pipeline: null as unknown as Pipeline, driver: null, current: null };
    const deps = createDefaultDeps({ db: prisma });
    deps.notify = () => s.current?.wake();
    s.pipeline = createPipeline(deps);
    globalThis.__fittingRoomPipelineRuntime = s;
  }
  return globalThis.__fittingRoomPipelineRuntime;
}

/** The pipeline's services with production dependencies. */
export function pipeline(): Pipeline {
  return state().pipeline;
}

/**
 * Starts this process's queue driver once and resolves with it (null with RUNNER=off, or when it
 * could not start — then the error is logged and the next call tries again).
 */
export function ensureRunnerStarted(options: { force?: boolean } = {}): Promise<QueueDriver | null> {
  const s = state();
  if (!options.force && process.env.RUNNER === "off") return Promise.resolve(null);
  s.driver ??= (async () => {
    try {
      const driver = await createQueueDriver(s.pipeline.deps, {
        ...runnerConfigFromEnv(),
        redisUrl: process.env.REDIS_URL || undefined,
        prefix: process.env.QUEUE_PREFIX || undefined,
      });
      s.current = driver;
      await driver.start();
      return driver;
    } catch (error) {
      s.driver = null;
      s.current = null;
      s.pipeline.deps.log.error("the try-on runner did not start", { error: (error as Error)?.stack ?? String(error) });
      return null;
    }
  })();
  return s.driver;
}

/** Stops this process's driver (graceful shutdown). */
export async function stopRunner(graceMs = 30_000): Promise<void> {
  const s = globalThis.__fittingRoomPipelineRuntime;
  if (!s?.driver) return;
  const driver = await s.driver;
  s.driver = null;
  s.current = null;
  await driver?.stop(graceMs);
}
