import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRunner, type Runner } from "../../app/pipeline/runner.server";
import { createPipeline } from "../../app/pipeline/service.server";
import type { Logger } from "../../app/pipeline/ports";
import { buildTestCollection } from "../helpers/pipeline-catalog";
import { FAST_RUNNER, pipelinePrisma, seedShop, stackDeps, startStack, TEST_SHOP, waitSettled, type Stack } from "../helpers/pipeline-stack";

/**
 * Issue 14.3: the database write that stores a paid task id fails (a dropped connection) right after
 * the provider accepted the submit. The id is logged at once and the write is retried, so the task is
 * kept and never bought a second time.
 */
let stack: Stack;
let runner: Runner;
const db = pipelinePrisma();
let runId: string;
let failuresInjected = 0;
const logged: Array<{ level: string; msg: string; fields: Record<string, unknown> }> = [];

/** The same database with the first two task-id writes failing like a lost connection. */
function flakyTaskIdWrites(client: PrismaClient): PrismaClient {
  return client.$extends({
    query: {
      tryOnJob: {
        async updateMany({ args, query }) {
          if (typeof (args.data as { providerTaskId?: unknown })?.providerTaskId === "string" && failuresInjected < 2) {
            failuresInjected++;
            throw new Error("Connection terminated unexpectedly (injected)");
          }
          return query(args);
        },
      },
    },
  }) as unknown as PrismaClient;
}

beforeAll(async () => {
  stack = await startStack({ tryon: { taskMs: 100 } });
  await seedShop(db, stack, { autoApprove: true, generateCount: 1 });
  const { productIds } = await buildTestCollection(stack.admin.store, { good: 1, title: "Flaky db" });
  const capture = (level: string) => (msg: string, fields: Record<string, unknown> = {}) => void logged.push({ level, msg, fields });
  const log: Logger = { debug: () => {}, info: capture("info"), warn: capture("warn"), error: capture("error") };
  const deps = { ...stackDeps(db, stack.env, { log }), db: flakyTaskIdWrites(db) };
  runner = createRunner(deps, FAST_RUNNER);
  deps.notify = runner.wake;
  runner.start();
  runId = (await createPipeline(deps).startRun(TEST_SHOP, { type: "product", productId: productIds[0] }, {})).runId!;
  await waitSettled(db, runId, { extra: () => runner.stats() });
}, 120_000);

afterAll(async () => {
  await runner?.stop(1000);
  await stack?.close();
  await db.$disconnect();
});

describe("storing the task id fails after a successful submit (issue 14.3)", () => {
  it("GIVEN the task-id write fails twice WHEN the runner retries it THEN the logged task id is stored, the job finishes and the provider saw one submit", async () => {
    expect(failuresInjected).toBe(2);
    const created = logged.filter((l) => l.msg === "provider task created");
    expect(stack.tryon.metrics().submits).toBe(1);
    expect(created).toHaveLength(1);
    const [job] = await db.tryOnJob.findMany({ where: { runId } });
    expect(job.state).toBe("attached");
    expect(job.providerTaskId).toBe(created[0].fields.taskId);
    expect(job.attempts).toBe(1);
    expect(stack.tryon.metrics().submits).toBe(1);
    expect(logged.filter((l) => l.msg === "storing the provider task id failed; retrying")).toHaveLength(2);
  });
});
