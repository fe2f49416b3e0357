/**
 * One app instance for the multi-instance test (tests/multi-instance/three-instances.test.ts): the
 * real Remix server build behind an HTTP server, started as production runs it — the queue driver is
 * the app's own (app/pipeline/runtime.server.ts: RUNNER=inline, REDIS_URL → BullMQ), started by the
 * app when an admin page is opened. This process opens /app once itself (as a merchant would) and waits
 * until the driver runs.
 *
 * Environment: DATABASE_URL, REDIS_URL, QUEUE_PREFIX, AIDGE_BASE_URL / AIDGE_APP_KEY / AIDGE_APP_SECRET,
 * LOCAL_ADMIN_API_URL, TRYON_SUBMIT_QPS / TRYON_QUERY_QPS / RUNNER_*, INSTANCE_SHOP.
 * Talks to the parent over IPC: sends { type: "ready", url, kind } once serving and working;
 * on { type: "stop" } stops the driver and answers { type: "final", stats } before exiting.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import type { QueueDriver } from "../../app/pipeline/driver";
import { TEST_ENV } from "../setup/test-env";

for (const [k, v] of Object.entries(TEST_ENV)) process.env[k] ??= v;
process.env.RUNNER = "inline"; // as in production (TEST_ENV turns it off for other tests)

const { startAppServer } = await import("../../local/demo/app-server");
const { adminDocumentRequest } = await import("../helpers/shopify-requests");

const send = (message: unknown) => process.send?.(message);

const server = await startAppServer({ port: 0, publicDir: path.resolve("public"), publicHostname: "127.0.0.1" });
const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
server.setBuild(build, "production");

/** The app's runtime state (app/pipeline/runtime.server.ts keeps it on globalThis). */
const runtime = () => globalThis.__fittingRoomPipelineRuntime;

// A merchant opens the app in the admin: the /app loader starts this instance's runner.
const doc = await adminDocumentRequest("/app", process.env.INSTANCE_SHOP!);
const page = await fetch(new URL(`${new URL(doc.url).pathname}${new URL(doc.url).search}`, server.origin), { headers: doc.headers });
if (page.status !== 200) throw new Error(`GET /app answered ${page.status}: ${(await page.text()).slice(0, 500)}`);
const deadline = Date.now() + 30_000;
while (!runtime()?.driver && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
const driver: QueueDriver | null = (await runtime()?.driver) ?? null;
if (!driver) throw new Error("the app did not start its runner after /app was opened");
send({ type: "ready", url: server.origin, kind: driver.kind });

process.on("message", async (message: { type?: string }) => {
  if (message?.type !== "stop") return;
  await driver.stop(5_000);
  send({ type: "final", stats: driver.stats() });
  await server.close();
  process.exit(0);
});
