import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { start as startAdmin, type LocalAdminApi } from "../../local/admin-api";
import { start as startTryOn, type TryOnService } from "../../local/tryon-service/server";
import { createPipeline } from "../../app/pipeline/service.server";
import { buildTestCollection, tryOnMediaOf } from "../helpers/pipeline-catalog";
import { startHoldingProxy, type HoldingProxy } from "../helpers/holding-proxy";
import { appRequestHandler } from "../helpers/remix-app";
import { pipelinePrisma, runSettled, seedShop, stackDeps, TEST_SHOP, waitFor } from "../helpers/pipeline-stack";
import { TEST_ENV } from "../setup/test-env";

/**
 * Issue 14.4: a deploy sends the web process SIGTERM. The process is the real production one
 * (`remix-serve build/index.js`, the runner started at boot). SIGTERM arrives while a submit is in
 * flight (the provider has the task; its answer is held back by a proxy). The process must stop
 * claiming, give back the jobs it claimed but had not started, wait for the submit's answer and store
 * the task id, and exit by itself. Restarted, it finishes the run without sending any job twice.
 */
const PRODUCTS = 3;
const db = pipelinePrisma();
let tryon: TryOnService;
let admin: LocalAdminApi;
let proxy: HoldingProxy;
let runId: string;
let productIds: string[];
const children: ChildProcess[] = [];

interface WebProcess {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startWebProcess(): WebProcess {
  const proc = spawn(process.execPath, [path.resolve("node_modules/@remix-run/serve/dist/cli.js"), "build/index.js"], {
    env: {
      ...process.env,
      ...TEST_ENV,
      DATABASE_URL: process.env.DATABASE_URL!,
      PORT: "0",
      HOST: "127.0.0.1",
      RUNNER: "inline",
      LOG_LEVEL: "info",
      SHUTDOWN_GRACE_MS: "30000",
      AIDGE_BASE_URL: proxy.url,
      AIDGE_APP_KEY: tryon.appKey,
      AIDGE_APP_SECRET: tryon.appSecret,
      LOCAL_ADMIN_API_URL: admin.url,
      // One submit at a time: the others wait their turn, claimed but not started.
      RUNNER_SUBMIT_CONCURRENCY: "1",
      TRYON_SUBMIT_QPS: "20",
      TRYON_QUERY_QPS: "50",
      TRYON_POLL_INITIAL_MS: "100",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(proc);
  let output = "";
  proc.stdout!.on("data", (c) => (output += c.toString()));
  proc.stderr!.on("data", (c) => (output += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on("exit", (code, signal) => resolve({ code, signal })));
  return { proc, output: () => output, exited };
}

const logged = (web: WebProcess, msg: string) => web.output().split("\n").some((l) => l.includes(`"msg":"${msg}"`));

beforeAll(async () => {
  await appRequestHandler(); // the server build, made once for all test files
  proxy = await startHoldingProxy();
  tryon = await startTryOn({ taskMs: 200, submitQps: 50, queryQps: 200, publicUrl: proxy.url });
  proxy.target(tryon.url);
  admin = await startAdmin({ seed: "demo", restoreRate: 1000, bucketSize: 4000, mediaProcessingMs: 20 });
  await seedShop(db, { admin }, { autoApprove: true, generateCount: 1 });
  ({ productIds } = await buildTestCollection(admin.store, { good: PRODUCTS, title: "Deploy mid-submit" }));
  const env = { AIDGE_BASE_URL: proxy.url, AIDGE_APP_KEY: tryon.appKey, AIDGE_APP_SECRET: tryon.appSecret, LOCAL_ADMIN_API_URL: admin.url, NODE_ENV: "test" };
  runId = (await createPipeline(stackDeps(db, env)).startRun(TEST_SHOP, { type: "selection", productIds }, {})).runId!;
}, 240_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await proxy?.close();
  await Promise.allSettled([tryon?.close(), admin?.close()]);
  await db.$disconnect();
});

describe("graceful shutdown of the web process (issue 14.4)", () => {
  it("GIVEN a submit in flight WHEN the web process gets SIGTERM THEN it finishes that submit, gives back unstarted jobs and exits; restarted, no job is sent twice", async () => {
    proxy.holdSubmits(1);
    const first = startWebProcess();
    // The provider has answered the first submit; the answer is held: the submit is in flight.
    await proxy.heldSubmit();
    expect(proxy.submits()).toBe(1);
    first.proc.kill("SIGTERM");
    await waitFor(async () => logged(first, "stop signal: finishing try-on work in flight, then exiting") || first.proc.exitCode !== null, {
      timeoutMs: 15_000,
      what: "the web process to start stopping",
    }).catch(() => undefined);
    expect(logged(first, "stop signal: finishing try-on work in flight, then exiting"), first.output().slice(-3000)).toBe(true);
    // Stopping, it claimed nothing new and sent nothing else while its submit waited.
    await waitFor(async () => logged(first, "runner stopping: no new claims"), { timeoutMs: 15_000, what: "claims to stop" });
    expect(proxy.submits()).toBe(1);
    proxy.releaseAll();

    const exit = await first.exited;
    expect(exit, first.output().slice(-3000)).toEqual({ code: 0, signal: null });
    const jobs = await db.tryOnJob.findMany({ where: { runId }, orderBy: { productId: "asc" } });
    const sent = jobs.filter((j) => j.providerTaskId);
    // The submit that was in flight was answered and its (paid) task id stored before the exit.
    expect(sent).toHaveLength(1);
    expect(sent[0].state).toBe("polling");
    // The jobs it had claimed but not started were given back, due now, never sent.
    for (const j of jobs.filter((x) => !x.providerTaskId)) {
      expect(j.state, j.productTitle).toBe("queued");
      expect(j.attempts, j.productTitle).toBe(0);
      expect(j.leaseOwner, j.productTitle).toBeNull();
    }
    expect(tryon.metrics().submits).toBe(1);

    // The new version starts and finishes the run.
    const second = startWebProcess();
    await waitFor(() => runSettled(db, runId), { timeoutMs: 90_000, what: "the restarted process to finish the run" }).catch((error) => {
      throw new Error(`${(error as Error).message}\n${second.output().slice(-3000)}`);
    });
    const done = await db.tryOnJob.findMany({ where: { runId } });
    for (const j of done) {
      expect(j.state, j.productTitle).toBe("attached");
      // Each job was sent once: no re-submit of the job whose submit was in flight at SIGTERM.
      expect(j.attempts, j.productTitle).toBe(1);
      expect(j.interruptedSubmits, j.productTitle).toBe(0);
    }
    expect(tryon.metrics().submits).toBe(PRODUCTS);
    expect(proxy.submits()).toBe(PRODUCTS);
    for (const id of productIds) expect(tryOnMediaOf(admin.store, id)).toHaveLength(1);

    // An idle process stops promptly too.
    second.proc.kill("SIGTERM");
    expect(await second.exited).toEqual({ code: 0, signal: null });
  });
});
