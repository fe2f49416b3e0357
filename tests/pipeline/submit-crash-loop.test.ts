import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPipeline } from "../../app/pipeline/service.server";
import { buildTestCollection } from "../helpers/pipeline-catalog";
import { pipelinePrisma, seedShop, stackDeps, startStack, TEST_SHOP, type Stack } from "../helpers/pipeline-stack";

/**
 * Issue 14.3: a process killed between "the provider answered the submit" and "the task id is stored"
 * leaves the job `submitting`. The next worker may send it once more (the provider has no idempotency
 * key, so it cannot know whether the first one arrived) — once, not once per crash. Here every runner
 * process kills itself (SIGKILL) right after its first submit is answered, again and again.
 */
let stack: Stack;
const db = pipelinePrisma();
let runId: string;
const outputs: string[] = [];
const exits: Array<string | number | null> = [];

function runChild(): Promise<{ code: number | null; signal: string | null; out: string }> {
  const proc = spawn(process.execPath, ["--import", "tsx", path.resolve("tests/helpers/pipeline-child.ts")], {
    env: { ...process.env, ...stack.env, DATABASE_URL: process.env.DATABASE_URL!, RUN_ID: runId, CRASH_AFTER_SUBMIT: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout.on("data", (c) => (out += c.toString()));
  proc.stderr.on("data", (c) => (out += c.toString()));
  return new Promise((resolve) => proc.on("exit", (code, signal) => resolve({ code, signal, out })));
}

beforeAll(async () => {
  stack = await startStack({ tryon: { taskMs: 100 } });
  await seedShop(db, stack, { autoApprove: true, generateCount: 1 });
  const { productIds } = await buildTestCollection(stack.admin.store, { good: 1, title: "Crash loop" });
  runId = (await createPipeline(stackDeps(db, stack.env)).startRun(TEST_SHOP, { type: "product", productId: productIds[0] }, {})).runId!;
  // Up to 8 processes, each dying after its first answered submit; stop at the first that finishes.
  for (let i = 0; i < 8; i++) {
    const r = await runChild();
    outputs.push(r.out);
    exits.push(r.signal ?? r.code);
    if (r.signal !== "SIGKILL") break;
  }
}, 240_000);

afterAll(async () => {
  await stack?.close();
  await db.$disconnect();
});

describe("a submit answered but never recorded, crash after crash (issue 14.3)", () => {
  it("GIVEN every runner dies right after its submit is answered WHEN restarted again and again THEN the job is sent to the provider at most twice and then fails with a clear message", async () => {
    // Two kills (the first submit, the one permitted re-submit), then a process that finishes the run.
    expect(exits, outputs.map((o) => o.slice(-800)).join("\n----\n")).toEqual(["SIGKILL", "SIGKILL", 0]);
    expect(stack.tryon.metrics().submits).toBe(2);
    const [job] = await db.tryOnJob.findMany({ where: { runId } });
    expect(job.state).toBe("failed");
    expect(job.errorCode).toBe("INTERRUPTED");
    expect(job.errorMessage).toMatch(/interrupted/i);
    expect(job.errorMessage).toMatch(/Retry/);
  });

  it("GIVEN a submit answered WHEN the process dies before storing it THEN the task id was already in the log (structured, no credentials)", () => {
    const lines = outputs.join("\n").split("\n").filter((l) => l.includes('"provider task created"'));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(entry.taskId).toEqual(expect.any(String));
      expect(entry.shop).toBe(TEST_SHOP);
      expect(line).not.toContain(stack.env.AIDGE_APP_SECRET);
    }
  });
});
