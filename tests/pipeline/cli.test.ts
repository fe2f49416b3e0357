import { execFile, spawn } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatProgress, normaliseShop, toGid } from "../../app/cli/format";
import { jobStates, pipelinePrisma, seedShop, startStack, TEST_SHOP, waitFor, type Stack } from "../helpers/pipeline-stack";

const run = promisify(execFile);
let stack: Stack;
const db = pipelinePrisma();

/** `npm run ops -- …` as a child process (node + tsx's loader), against this file's database and the stand-ins. */
async function ops(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, ["--import", "tsx", path.resolve("app/cli/ops.ts"), ...args], {
      env: { ...process.env, ...stack.env, TRYON_SUBMIT_QPS: "20", TRYON_QUERY_QPS: "100", TRYON_POLL_INITIAL_MS: "300", LOG_LEVEL: "warn" },
      timeout: 120_000,
    });
    return { code: 0, ...r };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

beforeAll(async () => {
  stack = await startStack();
  await seedShop(db, stack, { autoApprove: true, generateCount: 1 });
}, 60_000);
afterAll(async () => {
  await stack?.close();
  await db.$disconnect();
});

describe("operator CLI (npm run ops)", () => {
  /** `ops connect …` with `input` on standard input. */
  const connect = (input: string, ...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, ["--import", "tsx", path.resolve("app/cli/ops.ts"), "connect", ...args], { env: { ...process.env }, timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
      child.stdin?.end(input);
    });

  it("GIVEN a shop WHEN `ops connect` gets the secret on stdin THEN the credentials are stored sealed and read back whole; the output shows only a mask", async () => {
    const shop = "cli-connect-shop.myshopify.com";
    const secret = "cli-secret-abcdef-9876";
    const r = await connect(`${secret}\n`, "--shop", "cli-connect-shop", "--app-key", "512345", "--region", "cn");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("App Key 512345");
    expect(r.stdout + r.stderr).not.toContain(secret);
    const row = await db.shopSettings.findUniqueOrThrow({ where: { shop } });
    expect(row).toMatchObject({ providerAppKey: "512345", region: "cn", trial: false });
    expect(row.providerSecretEnc).not.toContain(secret);
    const { getProviderCredentials } = await import("../../app/persistence/shop-settings.server");
    expect(await getProviderCredentials(shop)).toMatchObject({ appKey: "512345", appSecret: secret, region: "cn" });
  });

  it("GIVEN no secret on stdin or a bad key WHEN `ops connect` THEN usage error (exit 2) naming the fix, nothing stored", async () => {
    const empty = await connect("", "--shop", "cli-connect-empty", "--app-key", "512345");
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/Pipe the App secret on standard input/);
    const spaced = await connect("s", "--shop", "cli-connect-empty", "--app-key", "51 2345");
    expect(spaced.code).toBe(2);
    expect(spaced.stderr).toMatch(/--app-key is required.*no spaces/);
    expect(await db.shopSettings.count({ where: { shop: "cli-connect-empty.myshopify.com" } })).toBe(0);
  });

  it("GIVEN a collection WHEN `ops run --dry-run` THEN it prints the estimate and starts nothing", async () => {
    const r = await ops("run", "--shop", "fitting-room-demo", "--collection", "503", "--dry-run");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Dry run \(nothing was started\)\n {2}products: 7, to generate: 7, images: 7/);
    expect(await db.tryOnRun.count()).toBe(0);
  });

  it("GIVEN a collection WHEN `ops run` THEN it runs to the end, and `ops status RUN` reports the counters", async () => {
    const r = await ops("run", "--shop", TEST_SHOP, "--collection", "gid://shopify/Collection/503", "--set", "viewType=halfbody");
    expect(r.code, r.stderr).toBe(0);
    const runId = r.stdout.match(/Run (\S+) started/)![1];
    expect(await jobStates(db, runId)).toEqual({ attached: 7 });
    const s = await ops("status", runId, "--json");
    expect(s.code, s.stderr).toBe(0);
    expect(JSON.parse(s.stdout)).toMatchObject({ runId, status: "completed", jobsTotal: 7, jobsDone: 7, images: { attached: 7 } });
    const job = (await db.tryOnJob.findFirst({ where: { runId } }))!;
    expect(JSON.parse(job.requestJson).viewType).toBe("halfbody");
  });

  it("GIVEN a run started without waiting WHEN `ops cancel RUN` THEN its jobs are cancelled", async () => {
    const r = await ops("run", "--shop", TEST_SHOP, "--product", "1013,1016", "--no-wait", "--force");
    expect(r.code, r.stderr).toBe(0);
    const runId = r.stdout.match(/Run (\S+) started/)![1];
    const c = await ops("cancel", runId);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toMatch(/cancelled/);
    const states = await jobStates(db, runId);
    expect(Object.keys(states).every((s) => ["cancelled", "attached"].includes(s))).toBe(true);
  });

  it("GIVEN queued work WHEN `npm run worker` runs THEN it finishes the run and stops gracefully on SIGTERM", async () => {
    const r = await ops("run", "--shop", TEST_SHOP, "--product", "1018", "--no-wait", "--force");
    const runId = r.stdout.match(/Run (\S+) started/)![1];
    const worker = spawn(process.execPath, ["--import", "tsx", path.resolve("app/cli/worker.ts")], {
      env: { ...process.env, ...stack.env, TRYON_POLL_INITIAL_MS: "300", LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    worker.stderr!.on("data", (c) => (err += c.toString()));
    const exited = new Promise<number | null>((resolve) => worker.on("exit", (code) => resolve(code)));
    await waitFor(async () => (await jobStates(db, runId)).attached === 1, { timeoutMs: 60_000, what: "the worker to attach" });
    worker.kill("SIGTERM");
    expect(await exited, err).toBe(0);
    expect(err).toMatch(/db driver running[\s\S]*SIGTERM, stopping/);
  });

  it("GIVEN bad usage WHEN run THEN it exits 2 with the fix", async () => {
    const r = await ops("run", "--collection", "501");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--shop is required/);
    expect((await ops("status", "nope")).stderr).toMatch(/Run nope not found/);
  });

  it("GIVEN ids and shops in short forms WHEN normalised THEN they become gids and domains", () => {
    expect(normaliseShop("Example")).toBe("example.myshopify.com");
    expect(toGid("Collection", "501")).toBe("gid://shopify/Collection/501");
    expect(() => toGid("Product", "abc")).toThrow(/not a product id/);
    expect(
      formatProgress({ runId: "r", status: "running", jobs: { queued: 2, submitting: 0, polling: 1, succeeded: 0, awaiting_review: 0, attaching: 0, attached: 3, failed: 1, cancelled: 0, removed: 0 }, jobsTotal: 7, jobsDone: 4, jobsSent: 4, images: { expected: 6, generated: 3, attached: 3 }, products: { total: 7, planned: 7, skipped: 0 }, planError: null, createdAt: new Date(), startedAt: null, finishedAt: null }),
    ).toBe("running — 4/7 done (queued 2, polling 1, attached 3, failed 1); images 3/6 attached");
  });
});
