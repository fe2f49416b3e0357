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
 * - Graceful shutdown: a process whose runner was started here (the web app) stops on SIGTERM/SIGINT —
 *   no new claims, claimed work not yet started given back, steps in flight finished within
 *   SHUTDOWN_GRACE_MS — then exits. Without it a deploy's SIGTERM left the runner working until the
 *   platform's SIGKILL cut a submit in half, and the next instance sent (and paid for) it again.
 *   The worker (app/cli/worker.ts) handles its own signals.
 */
import prisma from "../db.server";
import { shutdownGraceMs } from "../env.server";
import { createDefaultDeps } from "./deps.server";
import { createQueueDriver, type QueueDriver } from "./driver";
import { runnerConfigFromEnv } from "./runner-config";
import { createPipeline, type Pipeline } from "./service.server";
import { sweepIntervalMs } from "./auto-tryon.server";

interface RuntimeState {
  pipeline: Pipeline;
  driver: Promise<QueueDriver | null> | null;
  current: QueueDriver | null;
  sweeper?: { stop(): void };
}

declare global {
  var __fittingRoomPipelineRuntime: RuntimeState | undefined;
  var __fittingRoomShutdownInstalled: boolean | undefined;
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
      // Read (and validate) the grace period before anything starts: a bad value stops the runner here.
      const graceMs = options.force ? 0 : shutdownGraceMs();
      const driver = await createQueueDriver(s.pipeline.deps, {
        ...runnerConfigFromEnv(),
        redisUrl: process.env.REDIS_URL || undefined,
        prefix: process.env.QUEUE_PREFIX || undefined,
      });
      s.current = driver;
      await driver.start();
      if (!options.force) stopOnSignals({ graceMs });
      // New products that joined smart collections without a webhook (issue 15.2).
      const every = sweepIntervalMs();
      if (every !== null) s.sweeper ??= s.pipeline.autoTryOn.startSweeper(every);
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
  s.sweeper?.stop();
  s.sweeper = undefined;
  await driver?.stop(graceMs);
}

/**
 * Stops this process gracefully on SIGTERM or SIGINT (installed once per process): the runner stops
 * claiming, gives back claimed work it has not started, waits up to SHUTDOWN_GRACE_MS for steps in
 * flight, then the process exits 0. A second signal exits at once (leases cover what is cut short).
 */
export function stopOnSignals(o: { graceMs?: number; exit?: (code: number) => void } = {}): void {
  if (globalThis.__fittingRoomShutdownInstalled) return;
  globalThis.__fittingRoomShutdownInstalled = true;
  const graceMs = o.graceMs ?? shutdownGraceMs();
  const exit = o.exit ?? ((code: number) => process.exit(code));
  const log = state().pipeline.deps.log;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn("second stop signal: exiting now; unfinished try-on steps are picked up again when their leases expire", { signal });
      exit(1);
      return;
    }
    stopping = true;
    log.info("stop signal: finishing try-on work in flight, then exiting", { signal, graceMs });
    stopRunner(graceMs).then(
      () => exit(0),
      (error: unknown) => {
        log.error("graceful stop failed", { error: (error as Error)?.stack ?? String(error) });
        exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
