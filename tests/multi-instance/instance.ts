/**
 * One app instance for the multi-instance test (tests/multi-instance/three-instances.test.ts): the
 * real Remix server build behind an HTTP server (pages and /api, as in production) plus the try-on
 * queue driver chosen from the environment — BullMQ when REDIS_URL is set — with the production
 * dependency wiring (createDefaultDeps) on the database DATABASE_URL names.
 *
 * Environment: DATABASE_URL, REDIS_URL, BULL_PREFIX, AIDGE_BASE_URL / AIDGE_APP_KEY / AIDGE_APP_SECRET,
 * LOCAL_ADMIN_API_URL, TRYON_SUBMIT_QPS / TRYON_QUERY_QPS / RUNNER_* (runnerConfigFromEnv).
 * Talks to the parent over IPC: sends { type: "ready", url, instance } once serving and working;
 * on { type: "stop" } stops the driver and answers { type: "final", stats } before exiting.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { TEST_ENV } from "../setup/test-env";

for (const [k, v] of Object.entries(TEST_ENV)) process.env[k] ??= v;
// The web part must not start a second runner: this process runs exactly one driver, below.
process.env.RUNNER = "off";

const { startAppServer } = await import("../../local/demo/app-server");
const { default: prisma } = await import("../../app/db.server");
const { createDefaultDeps } = await import("../../app/pipeline/deps.server");
const { createQueueDriver } = await import("../../app/pipeline/driver");
const { runnerConfigFromEnv } = await import("../../app/pipeline/runner.server");
const { consoleLogger } = await import("../../app/pipeline/ports");

const send = (message: unknown) => process.send?.(message);

const server = await startAppServer({ port: 0, publicDir: path.resolve("public"), publicHostname: "127.0.0.1" });
const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
server.setBuild(build, "production");

const deps = createDefaultDeps({ db: prisma, log: consoleLogger("warn", { instance: process.env.INSTANCE_NAME }) });
const driver = await createQueueDriver(deps, {
  ...runnerConfigFromEnv(),
  // Short leases and idle sleeps keep a test run brisk; production uses the defaults.
  idleMs: 200,
  redisUrl: process.env.REDIS_URL,
  prefix: process.env.BULL_PREFIX,
});
deps.notify = driver.wake;
await driver.start();
send({ type: "ready", url: server.origin, kind: driver.kind });

process.on("message", async (message: { type?: string }) => {
  if (message?.type !== "stop") return;
  await driver.stop(5_000);
  send({ type: "final", stats: driver.stats() });
  await server.close();
  await prisma.$disconnect();
  process.exit(0);
});
