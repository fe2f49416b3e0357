/**
 * The long-running worker: `npm run worker`. Runs the queue driver (in-process over the database, or
 * BullMQ when REDIS_URL is set) until SIGTERM/SIGINT, then stops gracefully: no new claims, work in
 * flight finishes within SHUTDOWN_GRACE_MS (default 25000 ms; leases cover anything cut short).
 */
import { fileURLToPath } from "node:url";

export async function runWorker(): Promise<void> {
  const { ensureRunnerStarted, stopRunner } = await import("../pipeline/runtime.server");
  const { shutdownGraceMs } = await import("../env.server");
  const graceMs = shutdownGraceMs();
  const driver = await ensureRunnerStarted({ force: true });
  if (!driver) throw new Error("The runner did not start; see the log above.");
  process.stderr.write(`fitting-room worker: ${driver.kind} driver running (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stderr.write(`fitting-room worker: ${signal}, stopping…\n`);
      void stopRunner(graceMs).then(resolve);
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runWorker().then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
