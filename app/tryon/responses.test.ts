import { describe, expect, it } from "vitest";
import { ContractError, ContentSafetyError, AuthError, QuotaExhaustedError, RateLimitedError, ResolutionError, ProviderFailureError, GatewayError } from "./errors";
import { MAX_PROVIDER_RESULTS, parseBalanceResponse, parseQueryResponse, parseSubmitResponse } from "./responses";

const ok = { httpStatus: 200 };
const TASK = "1ce4fd33-b9d5-4e21-a24c-0c4027d2b105";

describe("parseSubmitResponse: envelope variants (spec §3.2)", () => {
  it.each([
    ["both envelopes", { code: "0", request_id: "g1", _trace_id_: "t", success: true, resCode: 200, resMessage: "success", requestId: "r1", data: { result: { taskId: TASK } } }, "r1"],
    ["business only", { resCode: 200, requestId: "r2", success: true, data: { result: { taskId: TASK } } }, "r2"],
    ["gateway only", { code: "0", request_id: "g3", data: { result: { taskId: TASK } } }, "g3"],
    ["lower-case rescode", { rescode: 200, requestId: "r4", data: { result: { taskId: TASK } } }, "r4"],
    ["data.taskId variant", { code: "0", requestId: "r5", data: { taskId: TASK } }, "r5"],
    ["data as a JSON string", { code: "0", requestId: "r6", data: JSON.stringify({ result: { taskId: TASK } }) }, "r6"],
  ])("GIVEN %s THEN the task id and request id are read", (_n, env, rid) => {
    expect(parseSubmitResponse(JSON.stringify(env), ok)).toEqual({ taskId: TASK, requestId: rid });
  });

  it("GIVEN a business error inside a gateway-OK envelope THEN the typed error carries the request id", () => {
    const body = JSON.stringify({ code: "0", request_id: "g", success: false, resCode: 703, resMessage: "Input clothes image resoulution low, please try other image", requestId: "r", data: {} });
    const e = (() => { try { parseSubmitResponse(body, ok); } catch (x) { return x; } })();
    expect(e).toBeInstanceOf(ResolutionError);
    expect((e as ResolutionError).requestId).toBe("r");
    expect((e as ResolutionError).providerMessage).toMatch(/resoulution/);
  });

  it.each([
    [{ type: "ISV", code: "NoResource", message: "Sorry, your calling resources have been exhausted", request_id: "x" }, QuotaExhaustedError],
    [{ type: "ISV", code: "IncompleteSignature", message: "bad sign", request_id: "x" }, AuthError],
    [{ type: "ISP", code: "ServiceUnavailable", message: "later", request_id: "x" }, GatewayError],
    [{ code: "501", message: "rate limit exceed" }, RateLimitedError],
    [{ resCode: "1001", resMessage: "content control failed, please retry" }, ContentSafetyError],
  ])("GIVEN gateway/business failure %j THEN %o", (env, cls) => {
    expect(() => parseSubmitResponse(JSON.stringify(env), ok)).toThrow(cls);
  });

  it("GIVEN success without a task id THEN it is a contract error", () => {
    expect(() => parseSubmitResponse(JSON.stringify({ code: "0", data: { result: {} } }), ok)).toThrow(ContractError);
  });

  it("GIVEN success=false with no code THEN it is a contract error", () => {
    expect(() => parseSubmitResponse(JSON.stringify({ success: false }), ok)).toThrow(ContractError);
  });

  it.each([
    [502, "<html>bad gateway</html>", ProviderFailureError],
    [429, "slow down", RateLimitedError],
    [403, "forbidden", AuthError],
    [200, "not json", ContractError],
    [200, "[1,2]", ContractError],
  ])("GIVEN HTTP %i with a non-envelope body THEN %o", (status, body, cls) => {
    expect(() => parseSubmitResponse(body, { httpStatus: status })).toThrow(cls);
  });
});

describe("parseQueryResponse (spec §4.2)", () => {
  const finished = (taskResult: unknown) => JSON.stringify({ code: "0", rescode: 200, requestId: "q", data: { taskId: TASK, taskStatus: "finished", taskResult } });

  it("GIVEN a finished task with an object taskResult THEN images are listed per sub-task and flattened", () => {
    const r = parseQueryResponse(finished([
      { taskStatus: "finished", taskResult: { result: { imageList: [{ imageUrl: "https://r/1.png", clothes: "https://g.png" }] } } },
      { taskStatus: "finished", taskResult: { result: { imageList: [{ imageUrl: "https://r/2.png", clothes: "https://g.png" }] } } },
    ]), ok, TASK);
    expect(r.status).toBe("finished");
    expect(r.subTasks).toHaveLength(2);
    expect(r.images.map((i) => i.imageUrl)).toEqual(["https://r/1.png", "https://r/2.png"]);
    expect(r.requestId).toBe("q");
    expect(r.failure).toBeUndefined();
  });

  it("GIVEN a provider answer with 5000 sub-tasks THEN at most 8 sub-tasks and 8 images are kept (the documented maximum)", () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ taskStatus: "finished", taskResult: { result: { imageList: [{ imageUrl: `https://r/${i}.png` }] } } }));
    const r = parseQueryResponse(finished(many), ok, TASK);
    expect(MAX_PROVIDER_RESULTS).toBe(8);
    expect(r.subTasks).toHaveLength(8);
    expect(r.images.map((i) => i.imageUrl)).toEqual(Array.from({ length: 8 }, (_, i) => `https://r/${i}.png`));
  });

  it("GIVEN one sub-task listing 20 images (also as a JSON string) THEN 8 images are kept", () => {
    const list = Array.from({ length: 20 }, (_, i) => ({ imageUrl: `https://r/${i}.png` }));
    for (const taskResult of [{ result: { imageList: list } }, JSON.stringify({ imageList: list })]) {
      const r = parseQueryResponse(finished(JSON.stringify([{ taskStatus: "finished", taskResult }])), ok, TASK);
      expect(r.images).toHaveLength(8);
      expect(r.images[7].imageUrl).toBe("https://r/7.png");
    }
  });

  it("GIVEN 3 sub-tasks of 4 images each THEN the flattened list stops at 8", () => {
    const sub = (k: number) => ({ taskStatus: "finished", taskResult: { result: { imageList: [0, 1, 2, 3].map((i) => ({ imageUrl: `https://r/${k}-${i}.png` })) } } });
    const r = parseQueryResponse(finished([sub(0), sub(1), sub(2)]), ok, TASK);
    expect(r.subTasks).toHaveLength(3);
    expect(r.images).toHaveLength(8);
    expect(r.images.at(-1)?.imageUrl).toBe("https://r/1-3.png");
  });

  it("GIVEN a sub-task taskResult that is a JSON string THEN it is parsed like an object", () => {
    const r = parseQueryResponse(finished([{ taskStatus: "finished", taskResult: JSON.stringify({ result: { imageList: [{ imageUrl: "https://r/s.png" }] } }) }]), ok, TASK);
    expect(r.images).toEqual([{ imageUrl: "https://r/s.png" }]);
  });

  it("GIVEN a partially failed task THEN only finished sub-tasks give images and failures carry codes", () => {
    const r = parseQueryResponse(finished([
      { taskStatus: "finished", taskResult: { result: { imageList: [{ imageUrl: "https://r/1.png" }] } } },
      { taskStatus: "failed", taskResult: JSON.stringify({ code: 1000, message: "content has sensitive data, please try other input" }) },
    ]), ok, TASK);
    expect(r.images).toHaveLength(1);
    expect(r.subTasks[1]).toMatchObject({ status: "failed", errorCode: 1000, errorMessage: expect.stringMatching(/sensitive/) });
  });

  it("GIVEN a failed task THEN `failure` is the typed error of its first failed sub-task", () => {
    const body = JSON.stringify({ code: "0", resCode: 200, data: { taskId: TASK, taskStatus: "failed", taskResult: [{ taskStatus: "failed", resCode: "1002", resMessage: "content risk filter failed, please contact us" }] } });
    const r = parseQueryResponse(body, ok, TASK);
    expect(r.failure).toBeInstanceOf(ContentSafetyError);
    expect(r.failure?.code).toBe(1002);
  });

  it("GIVEN a failed task without any sub-task code THEN the failure is a provider failure (801)", () => {
    const body = JSON.stringify({ code: "0", data: { taskId: TASK, taskStatus: "failed", taskResult: [] } });
    expect(parseQueryResponse(body, ok, TASK).failure?.code).toBe(801);
  });

  it("GIVEN a running task without taskResult and upper-case status THEN it reads as running", () => {
    const body = JSON.stringify({ code: "0", data: { taskId: TASK, taskStatus: "RUNNING" } });
    expect(parseQueryResponse(body, ok, TASK)).toMatchObject({ status: "running", subTasks: [], images: [] });
  });

  it.each([
    [{ taskId: TASK, taskStatus: "queued" }],
    [{ taskId: TASK, taskStatus: "finished", taskResult: [{ taskStatus: "done" }] }],
    [{ taskId: TASK }],
    [{ taskId: TASK, taskStatus: "finished", taskResult: [{ taskStatus: "finished", taskResult: { result: { imageList: [{ clothes: "x" }] } } }] }],
  ])("GIVEN data %j THEN it is a contract error", (data) => {
    expect(() => parseQueryResponse(JSON.stringify({ code: "0", data }), ok, TASK)).toThrow(ContractError);
  });

  it("GIVEN a query-level 501 THEN it is a rate-limit error with the Retry-After hint", () => {
    try {
      parseQueryResponse(JSON.stringify({ resCode: 501, resMessage: "rate limit exceed" }), { httpStatus: 200, retryAfterMs: 1500 }, TASK);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RateLimitedError);
      expect((e as RateLimitedError).retryAfterMs).toBe(1500);
    }
  });
});

describe("parseBalanceResponse", () => {
  it("GIVEN the quota sample envelope THEN the balance is read (number or numeric string)", () => {
    expect(parseBalanceResponse(JSON.stringify({ data: { balance: 42 }, success: true, code: "0", request_id: "b", _trace_id_: "t" }), ok)).toEqual({ balance: 42, requestId: "b" });
    expect(parseBalanceResponse(JSON.stringify({ data: { balance: "7" }, code: "0" }), ok).balance).toBe(7);
  });
  it("GIVEN no balance THEN it is a contract error", () => {
    expect(() => parseBalanceResponse(JSON.stringify({ code: "0", data: {} }), ok)).toThrow(ContractError);
  });
});
