import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { start as startAdminApi, type LocalAdminApi } from "../../local/admin-api";
import { start as startTryOn, type TryOnService } from "../../local/tryon-service/server";
import prisma from "../../app/db.server";
import { createDefaultDeps } from "../../app/pipeline/deps.server";
import { createRunner } from "../../app/pipeline/runner.server";
import { consoleLogger } from "../../app/pipeline/ports";
import { seedOfflineSession } from "../helpers/sessions";
import { adminDocumentRequest, adminFetchRequest, anonymousRequest } from "../helpers/shopify-requests";
import { captureOutput, dataQuery, fillPattern, loadApp, secretForms, type AppRoute } from "./harness";
import { MATRIX } from "./route-matrix";

/**
 * The provider secret, end to end: saved through the Settings form, used for real (test connection,
 * quota, a try-on job submitted, polled, downloaded and attached by the runner), with every log level
 * on — and then looked for everywhere it must never be: the database file, every response and error
 * page, and everything written to the console.
 */
const SHOP = "secret-shop.myshopify.com";
const APP_KEY = "512345";
const SECRET = "AidgeSecret-7f3a9c2e-DoNotLeak-b41d";
let handle: (request: Request) => Promise<Response>;
let routes: AppRoute[];
let adminApi: LocalAdminApi;
let tryOn: TryOnService;
let output: ReturnType<typeof captureOutput>;
const bodies: Array<{ label: string; status: number; text: string }> = [];

async function send(label: string, request: Request): Promise<{ status: number; text: string }> {
  const response = await handle(request);
  const text = await response.text();
  bodies.push({ label, status: response.status, text });
  return { status: response.status, text };
}

beforeAll(async () => {
  output = captureOutput();
  adminApi = await startAdminApi({ seed: "demo", accessTokens: [`shpat_test_${SHOP}`], mediaProcessingMs: 1 });
  tryOn = await startTryOn({ appKey: APP_KEY, appSecret: SECRET, taskMs: 100, submitQps: 0, queryQps: 0 });
  process.env.LOCAL_ADMIN_API_URL = adminApi.url;
  process.env.AIDGE_BASE_URL = tryOn.url;
  process.env.LOG_LEVEL = "debug";
  ({ handle, routes } = await loadApp());
  await seedOfflineSession(SHOP);
});

afterAll(async () => {
  output?.restore();
  await adminApi?.close();
  await tryOn?.close().catch(() => undefined);
});

describe("the provider secret", () => {
  it("GIVEN the Settings form WHEN the secret is saved THEN it is stored encrypted: the database file does not contain it", async () => {
    const saved = await send(
      "save settings",
      await adminFetchRequest(`/app/settings?${dataQuery({ id: "routes/app.settings", isIndex: false })}`, SHOP, {
        method: "POST",
        form: { intent: "save", providerAppKey: APP_KEY, providerSecret: SECRET, region: "global", autoApprove: "on", dailyImageCap: "" },
      }),
    );
    expect(saved.status).toBe(200);
    const row = await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(row.providerSecretEnc).toBeTruthy();
    expect(row.providerSecretEnc).not.toContain(SECRET);

    await prisma.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)").catch(() => undefined);
    const file = process.env.TEST_DATABASE_FILE!;
    for (const path of [file, `${file}-wal`, `${file}-journal`]) {
      if (!existsSync(path)) continue;
      const bytes = readFileSync(path);
      for (const form of secretForms(SECRET)) expect(bytes.includes(Buffer.from(form)), `${path} contains the secret (${form})`).toBe(false);
    }
  });

  it("GIVEN the saved secret WHEN the connection is tested and the quota read THEN both work and neither answer contains it", async () => {
    const tested = await send(
      "test connection",
      await adminFetchRequest(`/app/settings?${dataQuery({ id: "routes/app.settings", isIndex: false })}`, SHOP, {
        method: "POST",
        form: { intent: "test", providerAppKey: APP_KEY, providerSecret: "", region: "global" },
      }),
    );
    expect(tested.status).toBe(200);
    expect(JSON.parse(tested.text).result.ok).toBe(true);
    const quota = await send("quota", await adminFetchRequest(`/app/quota?refresh=1&${dataQuery({ id: "routes/app.quota", isIndex: false })}`, SHOP, { method: "GET" }));
    expect(quota.status).toBe(200);
  });

  it("GIVEN a wrong secret typed into Test connection WHEN the provider refuses it THEN the error answer does not contain the saved secret", async () => {
    const tested = await send(
      "test wrong secret",
      await adminFetchRequest(`/app/settings?${dataQuery({ id: "routes/app.settings", isIndex: false })}`, SHOP, {
        method: "POST",
        form: { intent: "test", providerAppKey: APP_KEY, providerSecret: "not-the-right-secret", region: "global" },
      }),
    );
    // Answered like any test result (200 with ok: false), not as an error.
    expect(tested.status).toBe(200);
    expect(JSON.parse(tested.text).result.ok).toBe(false);
  });

  it("GIVEN a try-on started from the product action WHEN the runner submits, polls, downloads and attaches with the secret THEN the job finishes", async () => {
    const started = await send("start product", await adminFetchRequest("/api/products/1001/tryon", SHOP, { method: "POST", json: { overrides: { generateCount: 1 } } }));
    expect(started.status).toBe(202);
    const runId = JSON.parse(started.text).run.id as string;

    const deps = createDefaultDeps({ db: prisma, log: consoleLogger("debug", { component: "pipeline-test" }) });
    const runner = createRunner(deps, { shops: [SHOP], idleMs: 20, schedule: { initialEstimateMs: 150, minDelayMs: 50, maxDelayMs: 300 } });
    runner.start();
    try {
      const deadline = Date.now() + 60_000;
      let states: string[] = [];
      while (Date.now() < deadline) {
        states = (await prisma.tryOnJob.findMany({ where: { shop: SHOP, runId }, select: { state: true } })).map((j) => j.state);
        if (states.length && states.every((s) => ["attached", "failed", "cancelled", "removed"].includes(s))) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const job = await prisma.tryOnJob.findFirstOrThrow({ where: { shop: SHOP, runId } });
      expect(job.state, `${job.errorCode}: ${job.errorMessage}`).toBe("attached");
    } finally {
      await runner.stop(5_000);
    }
  });

  it("GIVEN every page and endpoint, and error pages WHEN read as the shop THEN no answer contains the secret", async () => {
    const run = await prisma.tryOnRun.findFirst({ where: { shop: SHOP } });
    const values: Record<string, string> = { run: run?.id ?? "none", productNumber: "1001", collectionNumber: "501" };
    for (const route of routes) {
      const spec = MATRIX[route.file];
      if (!spec || !["admin", "api"].includes(spec.kind) || !(spec.methods ?? (route.hasLoader ? ["GET"] : [])).includes("GET")) continue;
      const path = fillPattern(route.pattern, Object.fromEntries(route.params.map((p) => [p, values[spec.params?.[p] ?? "run"] ?? "none"])));
      if (spec.kind === "admin") await send(`document ${path}`, await adminDocumentRequest(path, SHOP));
      const sep = path.includes("?") ? "&" : "?";
      await send(`data ${path}`, await adminFetchRequest(spec.kind === "admin" ? `${path}${sep}${dataQuery(route)}` : path, SHOP, { method: "GET" }));
    }
    await send("404 page", await adminDocumentRequest("/app/runs/does-not-exist", SHOP));
    await send("unknown route", anonymousRequest("/no/such/page"));
    // The provider gone: quota and test connection fail, with an error page or message.
    await tryOn.close();
    await send("quota, provider down", await adminFetchRequest(`/app/quota?refresh=1&${dataQuery({ id: "routes/app.quota", isIndex: false })}`, SHOP, { method: "GET" }));
    await send(
      "test connection, provider down",
      await adminFetchRequest(`/app/settings?${dataQuery({ id: "routes/app.settings", isIndex: false })}`, SHOP, {
        method: "POST",
        form: { intent: "test", providerAppKey: APP_KEY, providerSecret: "", region: "global" },
      }),
    );
    expect(bodies.length).toBeGreaterThan(10);
    for (const { label, text } of bodies) {
      for (const form of secretForms(SECRET)) expect(text.includes(form), `${label} contains the secret`).toBe(false);
    }
    // The settings page shows only a mask of it.
    const settings = bodies.find((b) => b.label === "data /app/settings");
    expect(settings?.text).toContain(SECRET.slice(-4));
  });

  it("GIVEN everything above ran with debug logging WHEN the captured output is read THEN the secret is not in it", () => {
    const text = output.text();
    expect(text.length).toBeGreaterThan(1000);
    for (const form of secretForms(SECRET)) expect(text.includes(form), `the logs contain the secret (${form})`).toBe(false);
  });
});
