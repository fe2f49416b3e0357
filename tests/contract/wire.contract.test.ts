/**
 * Wire-level contract tests of the local try-on service: raw HTTP (no client) for the spec's worked
 * example, malformed input, query variants, gateway checks, lifecycle under a controlled clock, metrics
 * and bounded memory.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aidgeSign, createTryOnClient } from "../../app/tryon";
import { start, type TryOnService, type TryOnServiceOptions } from "../../local/tryon-service/server";
import { startGarmentServer, type GarmentServer } from "./garment-server";

const KEY = "500123";
const SECRET = "wire-test-secret-áé";

let images: GarmentServer;
const services: TryOnService[] = [];
async function service(o: TryOnServiceOptions = {}) {
  const s = await start({ appKey: KEY, appSecret: SECRET, taskMs: 100, submitQps: 0, queryQps: 0, ...o });
  services.push(s);
  return s;
}
beforeAll(async () => {
  images = await startGarmentServer();
});
afterAll(async () => {
  await Promise.all(services.map((s) => s.close()));
  await images.close();
});

/** The signed URL in the spec's exact parameter order. */
function signedUrl(s: TryOnService, apiName: string, o: { ts?: string; sign?: (s: string) => string; key?: string; extra?: string } = {}) {
  const ts = o.ts ?? String(Date.now());
  const sign = (o.sign ?? ((x) => x))(aidgeSign(SECRET, ts));
  return `${s.url}/rest${apiName}?partner_id=aidge&sign_method=sha256&sign_ver=v2&app_key=${o.key ?? KEY}&timestamp=${ts}&sign=${sign}${o.extra ?? ""}`;
}
// Answers are inspected ad hoc in assertions; a loose type keeps them readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
async function post(url: string, body: string | Buffer, headers: Record<string, string> = { "Content-Type": "application/json" }) {
  const res = await fetch(url, { method: "POST", headers, body: typeof body === "string" ? body : new Uint8Array(body) });
  return { status: res.status, json: (await res.json()) as Json };
}
async function get(url: string) {
  const res = await fetch(url);
  return { status: res.status, json: (await res.json()) as Json };
}

// Spec §1.7, byte-exact.
const SPEC_BODY =
  '{"requestParams":"[{\\"clothesList\\":[{\\"imageUrl\\":\\"https://example.com/shirt.jpg\\",\\"type\\":\\"tops\\"}],\\"model\\":{\\"base\\":\\"General\\",\\"gender\\":\\"female\\",\\"style\\":\\"universal_1\\",\\"body\\":\\"slim\\"},\\"viewType\\":\\"mixed\\",\\"inputQualityDetect\\":0,\\"generateCount\\":4}]"}';

describe("the spec's worked example, byte for byte", () => {
  it("GIVEN the example body with our credentials and a current timestamp THEN a task is created; one changed sign character is refused", async () => {
    // example.com is offline here: the service maps it to the local image server.
    const s = await service({ urlRewrite: (u) => u.replace("https://example.com/shirt.jpg", images.u("flat.jpg")) });
    const ok = await post(signedUrl(s, "/ai/virtual/tryon"), SPEC_BODY);
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ code: "0", success: true, resCode: 200, resMessage: "success" });
    expect(ok.json.requestId).toBe(ok.json.request_id);
    const taskId = ok.json.data.result.taskId as string;
    expect(taskId).toMatch(/^[0-9a-f-]{36}$/);

    const flip = (sign: string) => sign.slice(0, 10) + (sign[10] === "A" ? "B" : "A") + sign.slice(11);
    const bad = await post(signedUrl(s, "/ai/virtual/tryon", { sign: flip }), SPEC_BODY);
    expect(bad.json).toMatchObject({ type: "ISV", code: "IncompleteSignature" });
    expect(bad.json.request_id).toBeTruthy();
    expect(s.metrics().submits).toBe(1);

    // The query in the spec's form: {"task_id": "..."}.
    const q = await post(signedUrl(s, "/ai/virtual/tryon-results"), `{"task_id":"${taskId}"}`);
    expect(q.json).toMatchObject({ code: "0", success: true, rescode: 200, data: { taskId } });
    expect(q.json.data.taskResult).toHaveLength(4);
  });

  it("GIVEN Python-style spacing and a charset content type THEN the same request is accepted (JSON is parsed, not compared)", async () => {
    const s = await service();
    const inner = JSON.stringify([{ clothesList: [{ imageUrl: images.u("flat.png"), type: "tops" }], generateCount: 1 }]).replace(/,/g, ", ").replace(/":/g, '": ');
    const body = JSON.stringify({ requestParams: inner }).replace('":"', '": "');
    const r = await post(signedUrl(s, "/ai/virtual/tryon"), body, { "Content-Type": "application/json;charset=UTF-8" });
    expect(r.json.resCode).toBe(200);
  });

  it("GIVEN the sample's query body byte for byte AND Python's spacing THEN both find the task", async () => {
    const s = await service({ urlRewrite: (u) => u.replace("https://example.com/shirt.jpg", images.u("flat.jpg")) });
    const taskId = (await post(signedUrl(s, "/ai/virtual/tryon"), SPEC_BODY)).json.data.result.taskId as string;
    for (const body of [`{"task_id":"${taskId}"}`, `{"task_id": "${taskId}"}`]) {
      const q = await post(signedUrl(s, "/ai/virtual/tryon-results"), body);
      expect(q.json).toMatchObject({ success: true, rescode: 200, data: { taskId } });
    }
  });
});

describe("strict where the spec is strict", () => {
  let s: TryOnService;
  beforeAll(async () => {
    s = await service();
  });
  const one = { clothesList: [{ imageUrl: "https://a.b/c.png" }], generateCount: 1 };

  it.each([
    ["a JSON string holding an object", JSON.stringify({ requestParams: JSON.stringify(one) }), /requestParams: must be a JSON string holding an array, got a string holding object/],
    ["a JSON string holding a number", JSON.stringify({ requestParams: "4" }), /requestParams: must be a JSON string holding an array/],
    ["a raw array (not double-encoded)", JSON.stringify({ requestParams: [one] }), /requestParams: must be a JSON string holding an array \(double-encoded\), got an array/],
    ["a raw object", JSON.stringify({ requestParams: one }), /requestParams: must be a JSON string holding an array \(double-encoded\), got object/],
    ["the Pro container paramJson on the standard API", JSON.stringify({ paramJson: JSON.stringify([one]) }), /requestParams: is required/],
    ["an empty array", JSON.stringify({ requestParams: "[]" }), /requestParams: must hold exactly one try-on request \(got 0\)/],
  ])("GIVEN requestParams as %s THEN 700 naming requestParams, and no task", async (_n, body, message) => {
    const before = s.metrics().submits;
    const r = await post(signedUrl(s, "/ai/virtual/tryon"), body);
    expect(r.json).toMatchObject({ success: false, resCode: 700 });
    expect(r.json.resMessage).toMatch(message);
    expect(s.metrics().submits).toBe(before);
  });

  it.each(["GET", "PUT", "DELETE"])("GIVEN %s on submit or query THEN refused like the gateway (405 InvalidMethod), nothing done", async (method) => {
    for (const api of ["/ai/virtual/tryon", "/ai/virtual/tryon-results"]) {
      const res = await fetch(signedUrl(s, api, { extra: "&task_id=x" }), { method });
      expect(res.status).toBe(405);
      expect(await res.json()).toMatchObject({ type: "ISV", code: "InvalidMethod" });
    }
  });

  it("GIVEN the query with the Chinese page's taskId THEN 700 naming task_id", async () => {
    const r = await post(signedUrl(s, "/ai/virtual/tryon-results"), JSON.stringify({ taskId: "1ce4fd33-b9d5-4e21-a24c-0c4027d2b105" }));
    expect(r.json).toMatchObject({ success: false, rescode: 700 });
    expect(r.json.resMessage).toMatch(/task_id: is required \(the field is "task_id", not "taskId"\)/);
  });
});

describe("malformed input never crashes the service and answers 700 naming the field", () => {
  let s: TryOnService;
  beforeAll(async () => {
    s = await service({ maxBodyBytes: 4096 });
  });

  it.each([
    ["not JSON", "this is not json", /body: is not valid JSON/],
    ["empty body", "", /body: is not valid JSON/],
    ["JSON null", "null", /body: must be a JSON object/],
    ["a JSON array", "[1,2]", /body: must be a JSON object/],
    ["no container", "{}", /requestParams: is required/],
    ["container not a string", JSON.stringify({ requestParams: [{ clothesList: [] }] }), /requestParams: must be a JSON string/],
    ["inner JSON broken", JSON.stringify({ requestParams: "[{" }), /requestParams: is not valid JSON/],
    ["two requests", JSON.stringify({ requestParams: JSON.stringify([{}, {}]) }), /exactly one/],
    ["wrong types", JSON.stringify({ requestParams: JSON.stringify([{ clothesList: [{ imageUrl: 123 }], generateCount: "4", inputQualityDetect: true }]) }), /clothesList\[0\]\.imageUrl.*generateCount.*inputQualityDetect/],
    ["two garments", JSON.stringify({ requestParams: JSON.stringify([{ clothesList: [{ imageUrl: "https://a.b/c.png" }, { imageUrl: "https://a.b/d.png" }] }]) }), /clothesList: must hold exactly one garment/],
    ["nine model photos", JSON.stringify({ requestParams: JSON.stringify([{ clothesList: [{ imageUrl: "https://a.b/c.png" }], modelImage: Array(9).fill("https://a.b/m.png") }]) }), /modelImage: must hold at most 8/],
    ["bad enums", JSON.stringify({ requestParams: JSON.stringify([{ clothesList: [{ imageUrl: "https://a.b/c.png", type: "bottoms" }], model: { body: "tall" }, viewType: "top" }]) }), /clothesList\[0\]\.type.*model\.body.*viewType/],
    ["binary garbage", Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x7b]), /body: is not valid JSON/],
  ])("GIVEN %s THEN 700", async (_n, body, message) => {
    const r = await post(signedUrl(s, "/ai/virtual/tryon"), body as string);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ success: false, resCode: 700 });
    expect(r.json.resMessage).toMatch(/^invalid input — /);
    expect(r.json.resMessage).toMatch(message);
  });

  it("GIVEN a body over the size limit THEN 700 and the service keeps serving", async () => {
    const big = JSON.stringify({ requestParams: "x".repeat(20_000) });
    const r = await post(signedUrl(s, "/ai/virtual/tryon"), big);
    expect(r.json).toMatchObject({ resCode: 700 });
    expect(r.json.resMessage).toMatch(/larger than 4096 bytes/);
    const huge = Buffer.alloc(2_000_000, 0x61);
    await fetch(signedUrl(s, "/ai/virtual/tryon"), { method: "POST", body: new Uint8Array(huge) }).then((x) => x.text()).catch(() => "connection cut");
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });

  it("GIVEN a wrong method or an unknown API THEN a gateway-style error", async () => {
    expect((await get(signedUrl(s, "/ai/virtual/tryon"))).json).toMatchObject({ code: "InvalidMethod" });
    const r = await post(signedUrl(s, "/ai/virtual/nope"), "{}");
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ type: "ISV", code: "InvalidApiPath" });
  });
});

describe("gateway checks", () => {
  let s: TryOnService;
  beforeAll(async () => {
    s = await service({ maxClockSkewMs: 60_000 });
  });
  const codeOf = async (url: string) => (await post(url, "{}")).json.code;

  it.each([
    ["bad signature", "IncompleteSignature", () => signedUrl(s, "/ai/virtual/tryon", { sign: (x) => x.replace(/.$/, (c) => (c === "0" ? "1" : "0")) })],
    ["lower-case signature", "IncompleteSignature", () => signedUrl(s, "/ai/virtual/tryon", { sign: (x) => x.toLowerCase() })],
    ["stale timestamp", "InvalidTimestamp", () => signedUrl(s, "/ai/virtual/tryon", { ts: String(Date.now() - 120_000) })],
    ["future timestamp", "InvalidTimestamp", () => signedUrl(s, "/ai/virtual/tryon", { ts: String(Date.now() + 120_000) })],
    ["timestamp in seconds", "InvalidTimestamp", () => signedUrl(s, "/ai/virtual/tryon", { ts: "1735689600" })],
    ["unknown app key", "InvalidAppKey", () => signedUrl(s, "/ai/virtual/tryon", { key: "1" })],
    ["missing sign", "MissingSignature", () => `${s.url}/rest/ai/virtual/tryon?partner_id=aidge&sign_method=sha256&sign_ver=v2&app_key=${KEY}&timestamp=${Date.now()}`],
    ["wrong sign_method", "InvalidSignMethod", () => signedUrl(s, "/ai/virtual/tryon").replace("sign_method=sha256", "sign_method=md5")],
    ["wrong partner_id", "InvalidPartner", () => signedUrl(s, "/ai/virtual/tryon").replace("partner_id=aidge", "partner_id=x")],
  ] as const)("GIVEN %s THEN %s", async (_n, code, url) => {
    expect(await codeOf(url())).toBe(code);
  });

  it("GIVEN gateway refusals THEN metrics count them by code", async () => {
    const m = s.metrics().requests["/ai/virtual/tryon"];
    expect(m.IncompleteSignature).toBeGreaterThanOrEqual(2);
    expect(m.InvalidTimestamp).toBeGreaterThanOrEqual(3);
  });
});

describe("query variants", () => {
  let s: TryOnService;
  let taskId: string;
  beforeAll(async () => {
    s = await service();
    const r = await post(signedUrl(s, "/ai/virtual/tryon"), JSON.stringify({ requestParams: JSON.stringify([{ clothesList: [{ imageUrl: images.u("flat.png") }], generateCount: 1 }]) }));
    taskId = r.json.data.result.taskId;
  });

  it("GIVEN POST {task_id} THEN the task is found", async () => {
    const r = await post(signedUrl(s, "/ai/virtual/tryon-results"), JSON.stringify({ task_id: taskId }));
    expect(r.json).toMatchObject({ rescode: 200, data: { taskId } });
  });

  it("GIVEN task_id in the query string of a GET THEN refused (the query is POST with a JSON body)", async () => {
    const res = await fetch(signedUrl(s, "/ai/virtual/tryon-results", { extra: `&task_id=${taskId}` }));
    expect(res.status).toBe(405);
  });

  it.each([
    ["no id", "{}", /task_id: is required/],
    ["unknown id", JSON.stringify({ task_id: "00000000-0000-0000-0000-000000000000" }), /no task/],
    ["numeric id", JSON.stringify({ task_id: 42 }), /task_id: must be a non-empty string/],
    ["broken JSON", "{", /not valid JSON/],
  ])("GIVEN %s THEN 700", async (_n, body, message) => {
    const r = await post(signedUrl(s, "/ai/virtual/tryon-results"), body);
    expect(r.json).toMatchObject({ success: false, rescode: 700 });
    expect(r.json.resMessage).toMatch(message);
  });

  it("GIVEN a result URL of a task that does not exist THEN 404", async () => {
    expect((await fetch(`${s.url}/results/00000000-0000-0000-0000-000000000000/1.png`)).status).toBe(404);
  });
});

describe("lifecycle, rate limits and memory under a controlled clock", () => {
  it("GIVEN taskMs 1000 THEN submitted → running → partly finished → finished as the clock moves", async () => {
    let clock = Date.now();
    const now = () => clock;
    const s = await service({ taskMs: 1000, now });
    const c = createTryOnClient({ appKey: KEY, appSecret: SECRET, baseUrl: s.url, now });
    const { taskId } = await c.submit({ clothesList: [{ imageUrl: images.u("flat.png") }], generateCount: 2 });
    expect((await c.query(taskId)).status).toBe("submitted");
    expect(s.metrics().tasks.submitted).toBe(1);
    clock += 500;
    expect((await c.query(taskId)).status).toBe("running");
    clock += 350; // 850 ms: the first of two sub-tasks is done (ends at 85%)
    const partial = await c.query(taskId);
    expect(partial.status).toBe("running");
    expect(partial.subTasks.map((x) => x.status)).toEqual(["finished", "running"]);
    expect(partial.images).toHaveLength(1);
    expect((await fetch(partial.images[0].imageUrl)).status).toBe(200);
    expect((await fetch(partial.images[0].imageUrl.replace("/1.png", "/2.png"))).status).toBe(404);
    clock += 150;
    const done = await c.query(taskId);
    expect(done.status).toBe("finished");
    expect(done.images).toHaveLength(2);
    expect(s.metrics().tasks).toEqual({ submitted: 0, running: 0, finished: 1, failed: 0 });
  });

  it("GIVEN submit-qps 1 THEN the bucket refills with the clock", async () => {
    let clock = Date.now();
    const now = () => clock;
    const s = await service({ submitQps: 1, now });
    const body = JSON.stringify({ requestParams: JSON.stringify([{ clothesList: [{ imageUrl: images.u("flat.png") }], generateCount: 1 }]) });
    const submit = async () => (await post(signedUrl(s, "/ai/virtual/tryon", { ts: String(clock) }), body)).json.resCode;
    expect(await submit()).toBe(200);
    expect(await submit()).toBe(501);
    clock += 1000;
    expect(await submit()).toBe(200);
  });

  it("GIVEN maxTasks 2 and a TTL THEN old tasks are evicted and forgotten", async () => {
    let clock = Date.now();
    const now = () => clock;
    const s = await service({ maxTasks: 2, taskTtlMs: 60_000, resultTtlMs: 1_000, now });
    const c = createTryOnClient({ appKey: KEY, appSecret: SECRET, baseUrl: s.url, now });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await c.submit({ clothesList: [{ imageUrl: images.u("flat.png") }], generateCount: 1 })).taskId);
    expect(s.metrics()).toMatchObject({ tasksStored: 2, tasksEvicted: 1, submits: 3 });
    await expect(c.query(ids[0])).rejects.toMatchObject({ code: 700 });
    expect((await c.query(ids[2])).taskId).toBe(ids[2]);
    clock += 61_000;
    await expect(c.query(ids[2])).rejects.toMatchObject({ code: 700 });
    expect(s.metrics().tasksStored).toBe(0);
  });
});

describe("metrics endpoint", () => {
  it("GIVEN some traffic THEN GET /__metrics reports requests by endpoint and code, tasks by state and submits", async () => {
    const s = await service();
    const c = createTryOnClient({ appKey: KEY, appSecret: SECRET, baseUrl: s.url });
    await c.submit({ clothesList: [{ imageUrl: images.u("flat.png") }], generateCount: 1 });
    await c.submit({ clothesList: [{ imageUrl: images.u("small.png") }] }).catch(() => {});
    await c.balance();
    const m = (await get(`${s.url}/__metrics`)).json;
    expect(m.requests["/ai/virtual/tryon"]).toEqual({ "200": 1, "703": 1 });
    expect(m.requests["/ai/query/balance"]).toEqual({ "200": 1 });
    expect(m.submits).toBe(1);
    expect(Object.keys(m.tasks).sort()).toEqual(["failed", "finished", "running", "submitted"]);
    expect(m.tasks.submitted + m.tasks.running + m.tasks.finished).toBe(1);
  });
});
