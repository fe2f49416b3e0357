/**
 * A runner in its own process, for the crash-safety tests (tests/pipeline/crash.test.ts): the parent
 * kills it with SIGKILL at chosen moments and starts it again.
 *
 * Environment: DATABASE_URL, AIDGE_BASE_URL / AIDGE_APP_KEY / AIDGE_APP_SECRET, LOCAL_ADMIN_API_URL,
 * RUN_ID (exit 0 once every job of that run is final), and optionally
 *   CRASH_AFTER_SUBMIT=n  — SIGKILL itself after the n-th submit was answered, before the task id is stored;
 *   CRASH_AFTER_ATTACH=n  — SIGKILL itself after Shopify added the n-th image, before the media id is stored;
 *   CRASH_AFTER_COPY=n    — SIGKILL itself after the n-th fileCreate (a batch of Files copies), before the file ids are stored;
 *   DRIVER=bullmq + REDIS_URL — use the BullMQ driver instead of the in-process one.
 */
import { TEST_ENV } from "../setup/test-env";

for (const [k, v] of Object.entries(TEST_ENV)) process.env[k] ??= v;

const { createRunner } = await import("../../app/pipeline/runner.server");
const { FAST_RUNNER, pipelinePrisma, runSettled, stackDeps } = await import("./pipeline-stack");
const { consoleLogger } = await import("../../app/pipeline/ports");

const runId = process.env.RUN_ID;
if (!runId) throw new Error("RUN_ID is required");
const crashAfterSubmit = Number(process.env.CRASH_AFTER_SUBMIT ?? 0);
const crashAfterAttach = Number(process.env.CRASH_AFTER_ATTACH ?? 0);
let submits = 0;
let attaches = 0;
const crashAfterCopy = Number(process.env.CRASH_AFTER_COPY ?? 0);
let copies = 0;
const die = (why: string) => {
  process.stdout.write(`CRASH ${why}\n`);
  process.kill(process.pid, "SIGKILL");
};

const db = pipelinePrisma(process.env.DATABASE_URL);
const env = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined)) as Record<string, string>;
const deps = stackDeps(db, env, {
  log: consoleLogger("info", { pid: process.pid }),
  hooks: {
    afterSubmitBeforeRecord: ({ jobId }) => {
      if (crashAfterSubmit && ++submits === crashAfterSubmit) die(`after-submit ${jobId}`);
    },
    afterCopyBeforeRecord: ({ imageIds, fileIds }) => {
      if (crashAfterCopy && ++copies === crashAfterCopy) die(`after-copy ${imageIds.join(",")} ${fileIds.join(",")}`);
    },
    afterAttachBeforeRecord: ({ imageId, mediaId }) => {
      if (crashAfterAttach && ++attaches === crashAfterAttach) die(`after-attach ${imageId} ${mediaId}`);
    },
  },
});

const config = { ...FAST_RUNNER, submitConcurrency: 1 as const, submitQps: Number(process.env.SUBMIT_QPS ?? 8) };
let stop: () => Promise<void>;
if (process.env.DRIVER === "bullmq") {
  const { createBullMqDriver } = await import("../../app/pipeline/bullmq-driver.server");
  const driver = createBullMqDriver(deps, { ...config, redisUrl: process.env.REDIS_URL!, prefix: process.env.BULL_PREFIX ?? "fr-test" });
  deps.notify = driver.wake;
  await driver.start();
  stop = () => driver.stop(1000);
} else {
  const runner = createRunner(deps, config);
  deps.notify = runner.wake;
  runner.start();
  stop = () => runner.stop(1000);
}
process.stdout.write("STARTED\n");

for (;;) {
  if (await runSettled(db, runId)) break;
  await new Promise((r) => setTimeout(r, 100));
}
await stop();
process.stdout.write("DONE\n");
process.exit(0);
