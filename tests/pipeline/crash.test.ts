import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPipeline } from "../../app/pipeline/service.server";
import { buildTestCollection, tryOnMediaOf, type TestCollection } from "../helpers/pipeline-catalog";
import { jobStates, pipelinePrisma, runSettled, seedShop, stackDeps, startStack, TEST_SHOP, waitFor, type Stack } from "../helpers/pipeline-stack";

/**
 * Crash safety: the run executes in a child process that is killed with SIGKILL during submits, during
 * polling and during attach (at random moments and at the three worst moments exactly: a submit answered
 * but not recorded, Files copies created but their ids not stored, an image added to a product but its
 * media id not stored), then started again.
 */
const PRODUCTS = 36;
let stack: Stack;
let collection: TestCollection;
let runId: string;
const db = pipelinePrisma();
const kills: string[] = [];
const logs: string[] = [];
let crashedAttach: { imageId: string; mediaId: string } | null = null;
let crashedCopy: { imageIds: string[]; fileIds: string[] } | null = null;

function child(extra: Record<string, string> = {}): { proc: ChildProcess; exited: Promise<{ code: number | null; signal: string | null; out: string }> } {
  // One process (node with tsx's loader), so SIGKILL hits the runner itself, not a wrapper.
  const proc = spawn(process.execPath, ["--import", "tsx", path.resolve("tests/helpers/pipeline-child.ts")], {
    env: { ...process.env, ...stack.env, DATABASE_URL: process.env.DATABASE_URL!, RUN_ID: runId, ...extra },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout!.on("data", (c) => (out += c.toString()));
  proc.stderr!.on("data", (c) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null; out: string }>((resolve) =>
    proc.on("exit", (code, signal) => {
      logs.push(out);
      resolve({ code, signal, out });
    }),
  );
  return { proc, exited };
}

const counts = () => jobStates(db, runId);

/** Starts a child, waits for `moment`, kills it with SIGKILL. False when the run finished first. */
async function killWhen(what: string, moment: (s: Record<string, number>) => boolean): Promise<boolean> {
  const c = child();
  let done = false;
  void c.exited.then(() => (done = true));
  const hit = await waitFor(async () => (done ? "exited" : moment(await counts()) ? "hit" : null), { timeoutMs: 60_000, intervalMs: 20, what });
  if (hit === "exited") return false;
  c.proc.kill("SIGKILL");
  const r = await c.exited;
  expect(r.signal).toBe("SIGKILL");
  kills.push(what);
  return true;
}

/** Starts a child that kills itself at an exact point (hook); returns the ids it printed. */
async function selfCrash(what: string, env: Record<string, string>): Promise<string[] | null> {
  const r = await child(env).exited;
  if (r.signal !== "SIGKILL") return null;
  kills.push(what);
  return r.out.match(/CRASH \S+ (.*)/)?.[1].trim().split(" ") ?? null;
}

beforeAll(async () => {
  stack = await startStack({ tryon: { taskMs: 600, submitQps: 20, queryQps: 100 } });
  await seedShop(db, stack, { autoApprove: true, generateCount: 1 });
  collection = await buildTestCollection(stack.admin.store, { good: PRODUCTS, title: "Crash" });
  const pipeline = createPipeline(stackDeps(db, stack.env));
  runId = (await pipeline.startRun(TEST_SHOP, { type: "collection", collectionId: collection.collectionId }, {})).runId!;
  expect((await counts()).queued).toBe(PRODUCTS);

  // 1. During submits, at a random moment.
  await killWhen("during submits", (s) => (s.polling ?? 0) + (s.attaching ?? 0) + (s.attached ?? 0) >= 3 && (s.queued ?? 0) > 10);
  // 2. A submit answered by the provider but not recorded (the job is left `submitting`).
  await selfCrash("submit in flight", { CRASH_AFTER_SUBMIT: "2" });
  // 3. During polling: every job sent, results still outstanding.
  await killWhen("during polling", (s) => !s.queued && !s.submitting && (s.polling ?? 0) > 0);
  // 3b. Files copies created (fileCreate answered) but their ids not stored.
  const copied = await selfCrash("copy not recorded", { CRASH_AFTER_COPY: "1" });
  if (copied) crashedCopy = { imageIds: copied[0].split(","), fileIds: copied[1].split(",") };
  // 4. An image added to the product but its media id not stored.
  const ids = await selfCrash("attach not recorded", { CRASH_AFTER_ATTACH: "2" });
  if (ids) crashedAttach = { imageId: ids[0], mediaId: ids[1] };
  // 5. During attach, at a random moment.
  await killWhen("during attach", (s) => (s.attached ?? 0) > 0 && (s.attaching ?? 0) > 0);
  // Finally run to the end.
  const last = await child().exited;
  expect(last.code, last.out).toBe(0);
}, 300_000);

afterAll(async () => {
  await stack?.close();
  await db.$disconnect();
});

describe("crash safety (SIGKILL during submits, polling and attach)", () => {
  it("GIVEN several kills WHEN the runner is restarted THEN every job ends final (attached)", async () => {
    expect(kills, logs.map((l) => l.slice(-600)).join("\n----\n")).toHaveLength(6);
    expect(await runSettled(db, runId)).toBe(true);
    expect(await counts()).toEqual({ attached: PRODUCTS });
  });

  it("GIVEN kills during submits WHEN counted at the provider THEN a job is submitted again only when its submit was in flight at a kill, at most one per kill", async () => {
    const jobs = await db.tryOnJob.findMany({ where: { runId } });
    const extraSubmits = stack.tryon.metrics().submits - PRODUCTS;
    const resubmittedJobs = jobs.filter((j) => j.attempts > 1);
    const extraAttempts = resubmittedJobs.reduce((n, j) => n + j.attempts - 1, 0);
    // The exact in-flight crash (2.) guarantees at least one.
    expect(extraSubmits).toBeGreaterThanOrEqual(1);
    // Every extra submit belongs to a job recovered from `submitting` (an attempt counted when the
    // request was about to leave may not have reached the provider), one per kill at most.
    expect(extraSubmits).toBeLessThanOrEqual(extraAttempts);
    expect(extraAttempts).toBeLessThanOrEqual(kills.length);
    expect(resubmittedJobs.length).toBeLessThanOrEqual(kills.length);
  });

  it("GIVEN kills during attach WHEN the products' media are listed THEN no image is attached twice and every stored media id is the one on the product", async () => {
    const images = await db.tryOnImage.findMany({ where: { runId } });
    expect(images).toHaveLength(PRODUCTS);
    for (const img of images) {
      const media = tryOnMediaOf(stack.admin.store, img.productId);
      expect(media, img.productId).toHaveLength(1);
      expect(img.mediaId).toBe(`gid://shopify/MediaImage/${media[0].id}`);
      expect(img.attachState).toBe("attached");
    }
  });

  it("GIVEN the crash right after Shopify added an image WHEN restarted THEN the same file is recorded as its medium, shown once on the product", async () => {
    expect(crashedAttach).not.toBeNull();
    const img = (await db.tryOnImage.findUnique({ where: { id: crashedAttach!.imageId } }))!;
    expect(img.attachState).toBe("attached");
    // Attaching adds the image's Files copy; doing it again after the crash added nothing new.
    expect(img.mediaId).toBe(crashedAttach!.mediaId);
    expect(tryOnMediaOf(stack.admin.store, img.productId)).toHaveLength(1);
    expect(logs.join("\n")).not.toMatch(/runner step failed/);
  });

  it("GIVEN the crash right after Shopify created a batch of Files copies WHEN restarted THEN those files are found by name and recorded; no result has a second file", async () => {
    expect(crashedCopy).not.toBeNull();
    const rows = await db.tryOnImage.findMany({ where: { id: { in: crashedCopy!.imageIds } } });
    expect(rows).toHaveLength(crashedCopy!.imageIds.length);
    expect(new Set(rows.map((r) => r.fileId))).toEqual(new Set(crashedCopy!.fileIds));
    // Every file Fitting Room created is the one copy of one result: none orphaned by a crash.
    const ours = [...stack.admin.store.media.values()].filter((m) => /-tryon-\d+-[0-9a-f]{6}\./.test(m.filename));
    expect(ours).toHaveLength(PRODUCTS);
    const all = await db.tryOnImage.findMany({ where: { runId } });
    expect(new Set(ours.map((m) => `gid://shopify/MediaImage/${m.id}`))).toEqual(new Set(all.map((i) => i.fileId)));
  });
});
