import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EstimateResponse, RunStarted } from "../../app/extension-api/contract";
import { ApiError, createFittingRoomApi } from "./api";
import { loadEstimate, startFromEstimate, startedText } from "./flow";

/** A tiny stand-in of the app's /api over real HTTP: the test sets the next answer per path. */
type Answer = { status: number; body: string; contentType?: string };
const answers = new Map<string, Answer>();
const seen: Array<{ method: string; url: string; body: string; contentType: string | undefined }> = [];
let base = "";
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", body, contentType: req.headers["content-type"] });
    const answer = answers.get(`${req.method} ${req.url}`) ?? { status: 404, body: "" };
    res.writeHead(answer.status, { "Content-Type": answer.contentType ?? "application/json" });
    res.end(answer.body);
  });
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const estimateResponse: EstimateResponse = {
  estimate: {
    productsTotal: 3,
    productsToTryOn: 2,
    productsSkipped: 1,
    imagesToGenerate: 8,
    skipped: [{ productId: "gid://shopify/Product/3", title: "Belt", reason: "Not clothing try-on can dress" }],
    dailyCap: null,
    withinDailyCap: true,
  },
  settings: [],
  scopeTitle: null,
};
const started: RunStarted = {
  run: { id: "run_1", status: "running", productsTotal: 3, productsSkipped: 1, imagesEstimated: 8, appPath: "/app/runs/run_1" },
  estimate: estimateResponse.estimate,
};
const selection = { scope: { type: "selection" as const, productIds: ["gid://shopify/Product/1", "gid://shopify/Product/2"] } };

describe("the extensions' API client over HTTP", () => {
  it("GIVEN the app answers an estimate WHEN asked THEN the body is posted as JSON and the answer parsed", async () => {
    answers.set("POST /api/estimate", { status: 200, body: JSON.stringify(estimateResponse) });
    const api = createFittingRoomApi((u, i) => fetch(u, i), base);
    await expect(api.estimate(selection)).resolves.toEqual(estimateResponse);
    const last = seen.at(-1)!;
    expect(last.contentType).toBe("application/json");
    expect(JSON.parse(last.body)).toEqual(selection);
  });

  it("GIVEN a product gid WHEN its status is asked THEN the numeric id is in the path", async () => {
    answers.set("GET /api/products/42/tryon", { status: 404, body: JSON.stringify({ error: { message: "Product not found in your store." } }) });
    const api = createFittingRoomApi((u, i) => fetch(u, i), base);
    const error = await api.productStatus("gid://shopify/Product/42").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
    expect((error as ApiError).message).toBe("Product not found in your store.");
  });

  it("GIVEN a 400 naming fields WHEN the call fails THEN the error carries the fields", async () => {
    answers.set("POST /api/runs", {
      status: 400,
      body: JSON.stringify({ error: { message: "Check the highlighted fields.", fields: { "overrides.viewType": "must be one of …" } } }),
    });
    const api = createFittingRoomApi((u, i) => fetch(u, i), base);
    const error = (await api.startRun(selection).catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(400);
    expect(error.fields).toEqual({ "overrides.viewType": "must be one of …" });
  });

  it("GIVEN a 401 with an HTML body or a 200 in the wrong shape WHEN parsed THEN merchant text comes back, never the raw body", async () => {
    answers.set("GET /api/runs/r%2F1", { status: 401, body: "<html>login</html>", contentType: "text/html" });
    answers.set("GET /api/runs/r2", { status: 200, body: JSON.stringify({ run: { id: 1 } }) });
    const api = createFittingRoomApi((u, i) => fetch(u, i), base);
    const expired = (await api.runProgress("r/1").catch((e: unknown) => e)) as ApiError;
    expect(expired.status).toBe(401);
    expect(expired.message).toMatch(/session has expired/);
    const odd = (await api.runProgress("r2").catch((e: unknown) => e)) as ApiError;
    expect(odd.message).toMatch(/unexpected format/);
  });

  it("GIVEN the app cannot be reached WHEN called THEN the error says so with status 0", async () => {
    const api = createFittingRoomApi((u, i) => fetch(u, i), "http://127.0.0.1:1");
    const error = (await api.estimate(selection).catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(0);
    expect(error.message).toMatch(/cannot be reached/);
  });

  it("GIVEN a non-product id WHEN a product call is made THEN it is refused before any request", async () => {
    const before = seen.length;
    const api = createFittingRoomApi((u, i) => fetch(u, i), base);
    await expect(api.productStatus("gid://shopify/Collection/1")).rejects.toBeInstanceOf(ApiError);
    expect(seen.length).toBe(before);
  });
});

describe("estimate first, then start", () => {
  it("GIVEN an estimate the merchant has seen WHEN started THEN the run is created and the text points to it", async () => {
    answers.set("POST /api/estimate", { status: 200, body: JSON.stringify(estimateResponse) });
    answers.set("POST /api/runs", { status: 202, body: JSON.stringify(started) });
    const api = createFittingRoomApi((u, i) => fetch(u, i), base);
    const ready = await loadEstimate(api, selection);
    expect(ready.phase).toBe("ready");
    const done = await startFromEstimate(api, selection, ready);
    expect(done).toEqual({ phase: "started", started });
    expect(startedText(started)).toBe("Run started: 8 images for 2 products, 1 skipped. Follow it in Fitting Room; you can close this window.");
  });

  it("GIVEN no estimate yet, or one that cannot start WHEN start is asked THEN nothing is posted", async () => {
    const api = createFittingRoomApi((u, i) => fetch(u, i), base);
    const before = seen.filter((s) => s.url === "/api/runs").length;
    expect((await startFromEstimate(api, selection, { phase: "loading" })).phase).toBe("failed");
    answers.set("POST /api/estimate", {
      status: 200,
      body: JSON.stringify({ ...estimateResponse, estimate: { ...estimateResponse.estimate, productsToTryOn: 0, imagesToGenerate: 0 } }),
    });
    const blocked = await loadEstimate(api, selection);
    expect((await startFromEstimate(api, selection, blocked)).phase).toBe("failed");
    expect(seen.filter((s) => s.url === "/api/runs").length).toBe(before);
  });
});
