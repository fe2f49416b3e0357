/**
 * The model library is the provider's, not ours (issue 13 item 3). The local try-on service keeps a
 * fixture library so its renders vary; the app must never present those names as choices. The app
 * offers gender/style/body, or a model name the merchant types (Ariel and James, the names Aidge's
 * documentation uses, appear only as examples), and a typed name reaches the provider unchanged.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { createRunner, type Runner } from "../../app/pipeline/runner.server";
import { createPipeline } from "../../app/pipeline/service.server";
import { start as startAdminApi, type LocalAdminApi } from "../../local/admin-api";
import { DEMO_IDS } from "../../local/admin-api/seed";
import { DOCUMENTED_NAMES, FIXTURE_LIBRARY } from "../../local/tryon-service/library";
import { FAST_RUNNER, gidProduct, seedShop, stackDeps, startStack, TEST_SHOP, waitSettled, type Stack } from "../helpers/pipeline-stack";
import { appRequestHandler } from "../helpers/remix-app";
import { seedOfflineSession } from "../helpers/sessions";
import { adminDocumentRequest, adminFetchRequest } from "../helpers/shopify-requests";

const ROOT = path.resolve(__dirname, "../..");
/** Names that exist only in the stand-in's fixture (Maya, Sofia, Lena, Nora, Kenji, Marcus). */
const FIXTURE_ONLY = FIXTURE_LIBRARY.map((m) => m.name).filter((n) => !DOCUMENTED_NAMES.includes(n));
const fixtureName = new RegExp(`\\b(${FIXTURE_ONLY.join("|")})\\b`);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return ["node_modules", "dist", "generated", "types"].includes(e.name) ? [] : sources(p);
    return /\.(tsx?|jsx?|json|toml|liquid|md)$/.test(e.name) ? [p] : [];
  });
}

describe("no fixture-library name in the app", () => {
  it("GIVEN the stand-in's fixture THEN it has invented names beyond the documented Ariel and James (so this test can fail)", () => {
    expect(FIXTURE_ONLY).toEqual(["Maya", "Sofia", "Lena", "Nora", "Kenji", "Marcus"]);
  });

  it("GIVEN every source file under app/ and extensions/ THEN none mentions a fixture-only model name", () => {
    const files = [...sources(path.join(ROOT, "app")), ...sources(path.join(ROOT, "extensions"))];
    expect(files.length).toBeGreaterThan(50);
    const hits = files.flatMap((f) =>
      readFileSync(f, "utf8")
        .split("\n")
        .flatMap((line, i) => (fixtureName.test(line) ? [`${path.relative(ROOT, f)}:${i + 1}: ${line.trim().slice(0, 120)}`] : [])),
    );
    expect(hits).toEqual([]);
  });
});

describe("the rendered pages and the extension API", () => {
  const SHOP = "model-library-shop.myshopify.com";
  let adminApi: LocalAdminApi;
  let handle: (request: Request) => Promise<Response>;
  const collection = `gid://shopify/Collection/${DEMO_IDS.collections.essentialsTops}`;
  const collectionPath = `/app/collections/${DEMO_IDS.collections.essentialsTops}`;

  beforeAll(async () => {
    adminApi = await startAdminApi({ seed: "demo", accessTokens: [`shpat_test_${SHOP}`], mediaProcessingMs: 1 });
    process.env.LOCAL_ADMIN_API_URL = adminApi.url;
    handle = await appRequestHandler();
    await seedOfflineSession(SHOP);
  }, 240_000);
  afterAll(async () => {
    await adminApi?.close();
  });

  const page = async (p: string) => {
    const response = await handle(await adminDocumentRequest(p, SHOP));
    expect(response.status).toBe(200);
    return response.text();
  };

  it("GIVEN the collection settings page THEN it offers gender/style/body or a typed name, and never a fixture name", async () => {
    const html = await page(collectionPath);
    expect(html).toContain("Describe the model");
    expect(html).toContain("A model from your Aidge model library");
    expect(html).not.toMatch(fixtureName);
  });

  it("GIVEN a collection whose default is a typed model name THEN the page shows a text field holding it, with Ariel and James as examples", async () => {
    await prisma.collectionSettings.create({ data: { shop: SHOP, collectionId: collection, collectionTitle: "Essentials Tops", modelName: "Zoë Custom-7" } });
    const html = await page(collectionPath);
    expect(html).toMatch(/<input[^>]*value="Zoë Custom-7"/);
    expect(html).toContain('placeholder="e.g. Ariel"');
    expect(html).toMatch(/Ariel and James/);
    expect(html).not.toMatch(fixtureName);
  });

  it("GIVEN the Settings page THEN no fixture name appears", async () => {
    expect(await page("/app/settings")).not.toMatch(fixtureName);
  });

  it("GIVEN the product action's status call THEN it lists no models, only the documented examples", async () => {
    const response = await handle(await adminFetchRequest(`/api/products/${DEMO_IDS.products.classicTeeNavy}/tryon`, SHOP));
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).not.toMatch(fixtureName);
    expect(JSON.parse(body).choices).toMatchObject({ models: [], modelNameExamples: ["Ariel", "James"] });
  });

  it("GIVEN a malformed model name WHEN the collection defaults are saved THEN 400 naming the field, with the documented examples", async () => {
    const response = await handle(
      await adminFetchRequest(`${collectionPath}?_data=routes%2Fapp.collections.%24id`, SHOP, { method: "POST", form: { intent: "save", modelName: "<b>Ariel</b>" } }),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { fieldErrors: Record<string, string> };
    expect(body.fieldErrors.modelName).toMatch(/Aidge model library.*Ariel or James/);
  });
});

describe("a typed model name reaches the provider unchanged", () => {
  let stack: Stack;
  let runner: Runner;
  const bodies: string[] = [];

  beforeAll(async () => {
    stack = await startStack({ tryon: { taskMs: 100, onSubmit: (b) => bodies.push(b) } });
    await seedShop(prisma, stack, { autoApprove: true, generateCount: 1 });
    const deps = stackDeps(prisma, stack.env);
    runner = createRunner(deps, FAST_RUNNER);
    deps.notify = runner.wake;
    runner.start();
  }, 60_000);
  afterAll(async () => {
    await runner?.stop();
    await stack?.close();
  });

  const sentModels = () => bodies.map((b) => (JSON.parse(JSON.parse(b).requestParams) as Array<{ model?: unknown }>)[0].model);

  it.each([
    ["a documented name", "James", "finished"],
    ["a name only the merchant's library might have", "Zoë Custom-7", "failed"],
  ])("GIVEN %s typed as the product's model WHEN it runs THEN the provider receives exactly that name", async (_n, name, outcome) => {
    bodies.length = 0;
    const product = gidProduct(DEMO_IDS.products.classicTeeNavy);
    const pipeline = createPipeline(stackDeps(prisma, stack.env));
    const { runId } = await pipeline.startRun(TEST_SHOP, { type: "product", productId: product }, { modelName: name }, { force: true });
    await waitSettled(prisma, runId!, { timeoutMs: 60_000 });
    expect(sentModels()).toContainEqual({ base: "General", name });
    const job = await prisma.tryOnJob.findFirstOrThrow({ where: { runId: runId! } });
    if (outcome === "failed") {
      // The provider's 700 names the field; the app does not second-guess the library.
      expect(job.state).toBe("failed");
      expect(job.errorCode).toBe("700");
    } else {
      expect(job.state).toBe("attached");
    }
  }, 90_000);
});
