import { describe, expect, it } from "vitest";
import { createTryOnClient } from "./client";
import { InvalidInputError, NetworkError, ProviderFailureError, RateLimitedError, TimeoutError } from "./errors";
import { aidgeSign } from "./sign";

type Call = { url: URL; init: RequestInit };
const TASK = "t-123";
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
const submitted = () => json({ code: "0", resCode: 200, success: true, requestId: "r", data: { result: { taskId: TASK } } });
const status = (s: string, images: string[] = []) =>
  json({ code: "0", resCode: 200, requestId: "q", data: { taskId: TASK, taskStatus: s, taskResult: images.map((u) => ({ taskStatus: s, taskResult: { result: { imageList: [{ imageUrl: u }] } } })) } });

/** A fetch that answers from a script and records calls. */
function scripted(...answers: Array<Response | Error | "hang">) {
  const calls: Call[] = [];
  const fetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
    calls.push({ url: new URL(String(input)), init });
    const a = answers.length > 1 ? answers.shift()! : answers[0];
    if (a === "hang") {
      return new Promise((_r, reject) => init.signal?.addEventListener("abort", () => reject(init.signal!.reason)));
    }
    if (a instanceof Error) throw a;
    return a.clone();
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const base = { appKey: "500123", appSecret: "TestSecret0123456789abcdefABCDEF", now: () => 1735689600000, retry: { sleep: async () => {} } };
const garment = { clothesList: [{ imageUrl: "https://example.com/shirt.jpg", type: "tops" as const }] };

describe("createTryOnClient: wire", () => {
  it("GIVEN a submit THEN it POSTs the double-encoded body to the signed global URL without x-iop-trial", async () => {
    const s = scripted(submitted());
    const c = createTryOnClient({ ...base, fetch: s.fetch });
    const out = await c.submit(garment);
    expect(out).toMatchObject({ taskId: TASK, requestId: "r", expectedImages: 4 });
    const { url, init } = s.calls[0];
    expect(url.origin + url.pathname).toBe("https://api.aidc-ai.com/rest/ai/virtual/tryon");
    expect(url.searchParams.get("sign")).toBe("E6DF98DFE2B7A1498DEBE743BCF2EC628C7B05080A74AB45B87CFAC3B0754E6A");
    expect(init.method).toBe("POST");
    const headers = init.headers as Record<string, string>;
    expect(headers["Content-Type"]).toBe("application/json");
    expect(headers["x-iop-trial"]).toBeUndefined();
    expect(typeof JSON.parse(init.body as string).requestParams).toBe("string");
  });

  it("GIVEN trial and region cn THEN x-iop-trial is true and the China host is used; query sends task_id", async () => {
    const s = scripted(status("running"));
    const c = createTryOnClient({ ...base, region: "cn", trial: true, fetch: s.fetch });
    await c.query(TASK);
    const { url, init } = s.calls[0];
    expect(url.host).toBe("cn-api.aidc-ai.com");
    expect(url.pathname).toBe("/rest/ai/virtual/tryon-results");
    expect((init.headers as Record<string, string>)["x-iop-trial"]).toBe("true");
    expect(init.body).toBe(JSON.stringify({ task_id: TASK }));
  });

  it("GIVEN a balance call THEN it posts apiPath to /ai/query/balance on the baseUrl", async () => {
    const s = scripted(json({ code: "0", success: true, request_id: "b", data: { balance: 12 } }));
    const c = createTryOnClient({ ...base, baseUrl: "http://127.0.0.1:9", fetch: s.fetch });
    expect(await c.balance()).toEqual({ balance: 12, requestId: "b" });
    expect(s.calls[0].url.href.startsWith("http://127.0.0.1:9/rest/ai/query/balance?")).toBe(true);
    expect(s.calls[0].init.body).toBe('{"apiPath":"/ai/virtual/tryon"}');
  });

  it("GIVEN each attempt THEN it is signed with a fresh timestamp", async () => {
    let t = 1000;
    const s = scripted(json({ code: "0", resCode: 500, resMessage: "system error" }), submitted());
    const c = createTryOnClient({ ...base, now: () => (t += 1000), fetch: s.fetch });
    await c.submit(garment);
    const [a, b] = s.calls.map((x) => x.url.searchParams);
    expect(a.get("timestamp")).not.toBe(b.get("timestamp"));
    expect(b.get("sign")).toBe(aidgeSign(base.appSecret, b.get("timestamp")!));
  });

  it("GIVEN an invalid request THEN it throws InvalidInputError with fields and never calls", async () => {
    const s = scripted(submitted());
    const c = createTryOnClient({ ...base, fetch: s.fetch });
    const e = await c.submit({ clothesList: [{ imageUrl: "nope" }], generateCount: 20 } as never).catch((x) => x);
    expect(e).toBeInstanceOf(InvalidInputError);
    expect((e as InvalidInputError).fields.map((f) => f.field)).toEqual(["clothesList[0].imageUrl", "generateCount"]);
    expect(s.calls).toHaveLength(0);
  });
});

describe("createTryOnClient: retry policy", () => {
  it("GIVEN 500 every time THEN it tries 1 + maxRetries times and throws ProviderFailureError", async () => {
    const s = scripted(json({ code: "0", resCode: 500, resMessage: "system error" }));
    const c = createTryOnClient({ ...base, fetch: s.fetch, retry: { ...base.retry, maxRetries: 2 } });
    await expect(c.submit(garment)).rejects.toBeInstanceOf(ProviderFailureError);
    expect(s.calls).toHaveLength(3);
  });

  it("GIVEN 501 THEN it is surfaced at once as RateLimitedError (no hot retry) with the hint", async () => {
    const s = scripted(json({ code: "0", resCode: 501, resMessage: "rate limit exceed" }, 200, { "retry-after": "2" }));
    const c = createTryOnClient({ ...base, fetch: s.fetch });
    const e = await c.submit(garment).catch((x) => x);
    expect(e).toBeInstanceOf(RateLimitedError);
    expect(e.retryAfterMs).toBe(2000);
    expect(s.calls).toHaveLength(1);
  });

  it("GIVEN a refused connection THEN it is a retried NetworkError", async () => {
    const refused = Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
    const s = scripted(refused, refused, submitted());
    const c = createTryOnClient({ ...base, fetch: s.fetch });
    expect((await c.submit(garment)).taskId).toBe(TASK);
    expect(s.calls).toHaveLength(3);
    const s2 = scripted(refused);
    const e = await createTryOnClient({ ...base, fetch: s2.fetch }).query(TASK).catch((x) => x);
    expect(e).toBeInstanceOf(NetworkError);
    expect(e.providerMessage).toMatch(/ECONNREFUSED/);
  });

  it("GIVEN no answer within the timeout THEN a query is retried but a submit is not (it may have been billed)", async () => {
    const q = scripted("hang");
    await expect(createTryOnClient({ ...base, fetch: q.fetch, timeoutMs: 20 }).query(TASK)).rejects.toBeInstanceOf(TimeoutError);
    expect(q.calls).toHaveLength(3);
    const sub = scripted("hang");
    await expect(createTryOnClient({ ...base, fetch: sub.fetch, timeoutMs: 20 }).submit(garment)).rejects.toBeInstanceOf(TimeoutError);
    expect(sub.calls).toHaveLength(1);
  });

  it("GIVEN the caller aborts THEN the call rejects with the caller's reason, not a timeout", async () => {
    const s = scripted("hang");
    const ac = new AbortController();
    const p = createTryOnClient({ ...base, fetch: s.fetch }).query(TASK, { signal: ac.signal });
    ac.abort(new Error("user cancelled"));
    await expect(p).rejects.toThrow("user cancelled");
    expect(s.calls).toHaveLength(1);
  });
});

describe("createTryOnClient: poll", () => {
  it("GIVEN submitted → 501 → running → finished THEN poll slows down on 501 and returns the finished result", async () => {
    const s = scripted(status("submitted"), json({ code: "0", resCode: 501, resMessage: "rate limit exceed" }), status("running"), status("finished", ["https://r/1.png"]));
    const sleeps: number[] = [];
    const c = createTryOnClient({ ...base, fetch: s.fetch, retry: { sleep: async (ms) => { sleeps.push(ms); } } });
    const seen: string[] = [];
    const r = await c.poll(TASK, { initialDelayMs: 100, maxDelayMs: 1000, factor: 2, onUpdate: (x) => seen.push(x.status) });
    expect(r.status).toBe("finished");
    expect(r.images[0].imageUrl).toBe("https://r/1.png");
    expect(seen).toEqual(["submitted", "running", "finished"]);
    expect(sleeps).toEqual([100, 200, 400, 800]);
  });

  it("GIVEN a task that never ends THEN poll stops at the deadline with TimeoutError", async () => {
    let t = 0;
    const s = scripted(status("running"));
    const c = createTryOnClient({ ...base, now: () => t, fetch: s.fetch, retry: { sleep: async (ms) => { t += ms; } } });
    await expect(c.poll(TASK, { initialDelayMs: 100, deadlineMs: 1000 })).rejects.toBeInstanceOf(TimeoutError);
  });

  it("GIVEN a failed task THEN poll returns it with the typed failure", async () => {
    const s = scripted(json({ code: "0", data: { taskId: TASK, taskStatus: "failed", taskResult: [{ taskStatus: "failed", taskResult: '{"code":801,"message":"model failed"}' }] } }));
    const r = await createTryOnClient({ ...base, fetch: s.fetch }).poll(TASK, { initialDelayMs: 1 });
    expect(r.status).toBe("failed");
    expect(r.failure).toBeInstanceOf(ProviderFailureError);
    expect(r.failure?.code).toBe(801);
  });
});
