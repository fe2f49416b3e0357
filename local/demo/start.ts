/**
 * npm run demo [-- --port 3000 --app-port 3001 --admin-port 4020 --tryon-port 4010 --task-ms 4000 --keep --no-webhooks]
 *
 * One command, offline: builds the app if needed, migrates tmp/demo/demo.sqlite, starts the local
 * Admin API (demo seed) and the local try-on service, seeds the demo shop's session and try-on
 * credentials, starts the app with its in-process runner, and serves a local Shopify-admin frame that
 * embeds it. Prints the URL to open. Ctrl-C stops everything.
 */
import { createServer } from "node:net";
import { parseArgs } from "node:util";
import { startDemoStack } from "./stack";
import { demoDatabaseFile } from "./database-claim";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "3000" },
    "app-port": { type: "string", default: "3001" },
    "admin-port": { type: "string", default: "4020" },
    "tryon-port": { type: "string", default: "4010" },
    "task-ms": { type: "string", default: "4000" },
    keep: { type: "boolean", default: false },
    "no-webhooks": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
  strict: true,
});

if (values.help) {
  console.log(
    "Usage: npm run demo [-- --port 3000] [--app-port 3001] [--admin-port 4020] [--tryon-port 4010] [--task-ms 4000] [--keep] [--no-webhooks]\n" +
      "  --keep         keep the database from the last run (the local Admin API always starts from its demo seed)\n" +
      "  --no-webhooks  the local Admin API sends the app no products/create and products/update webhooks\n" +
      "  The database is tmp/demo/demo.sqlite for --app-port 3001, tmp/demo/demo-<port>.sqlite for other app ports;\n" +
      "  a second demo on the same app port refuses to start while the first one runs.",
  );
  process.exit(0);
}

function port(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`--${name} must be a port number from 0 to 65535 (got "${raw}")`);
    process.exit(2);
  }
  return n;
}

/** The preferred port when free, else 0 (any free port) — the printed URLs say which was used. */
async function freeOr0(preferred: number): Promise<number> {
  if (preferred === 0) return 0;
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(0));
    probe.listen(preferred, "127.0.0.1", () => probe.close(() => resolve(preferred)));
  });
}

const taskMs = Number(values["task-ms"]);
if (!Number.isFinite(taskMs) || taskMs < 0) {
  console.error(`--task-ms must be a number of milliseconds (got "${values["task-ms"]}")`);
  process.exit(2);
}

console.log("Fitting Room demo — starting (offline)…");
const started = Date.now();
const stack = await startDemoStack({
  framePort: await freeOr0(port("port", values.port)),
  appPort: await freeOr0(port("app-port", values["app-port"])),
  adminApiPort: await freeOr0(port("admin-port", values["admin-port"])),
  tryonPort: await freeOr0(port("tryon-port", values["tryon-port"])),
  taskMs,
  keepDatabase: values.keep,
  // One database per --app-port: two demos on different ports never share (or delete) a file.
  databaseFile: demoDatabaseFile(process.cwd(), port("app-port", values["app-port"])),
  webhooks: !values["no-webhooks"],
  log: (line) => console.log(`  ${line}`),
}).catch((error: unknown) => {
  console.error(`\nThe demo could not start: ${(error as Error).message}`);
  process.exit(1);
});

console.log(`
Ready in ${((Date.now() - started) / 1000).toFixed(1)} s.

  Open  ${stack.url}

  Local admin frame   ${stack.frame.origin}   (embeds the app, hands it session tokens)
  App                 ${stack.appUrl}   (Remix build, in-process try-on runner)
  Local Admin API     ${stack.adminApi.url}   (shop ${stack.shop}, demo seed)
  Local try-on        ${stack.tryon.url}   (Aidge wire protocol, ${taskMs} ms per task)
  Database            ${stack.databaseFile}

Everything runs on this machine; nothing is sent to Shopify or Aidge. Press Ctrl-C to stop.
`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) {
    console.log("Forced exit.");
    process.exit(1);
  }
  stopping = true;
  console.log(`\n${signal}: stopping the demo…`);
  const timer = setTimeout(() => {
    console.log("Still stopping after 5 s; exiting.");
    process.exit(0);
  }, 5_000);
  timer.unref();
  await stack.close();
  console.log("Stopped.");
  process.exit(0);
}
process.on("SIGINT", () => void stop("Ctrl-C"));
process.on("SIGTERM", () => void stop("SIGTERM"));
