/**
 * Local stand-in for Aidge Virtual Try-on: the same wire protocol (spec §1–§5), runnable offline.
 * A development, test, demo and benchmark tool — never used in production.
 *
 * Endpoints:
 *   POST     /rest/ai/virtual/tryon          submit ({"requestParams": "<JSON string of an array>"})
 *   POST     /rest/ai/virtual/tryon-results  query ({"task_id": "…"})
 *   GET|POST /rest/ai/query/balance          quota (apiPath)
 *   GET      /results/{taskId}/{n}.png       result images, rendered when first fetched (unsigned, expiring like OSS links)
 *
 * Independent of the app: nothing here imports from app/ (tests/foundation/local-independence.test.ts).
 *   GET      /__metrics                      JSON counters for tests and benchmarks
 *   GET      /healthz
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { downloadImage, DownloadFailure } from "./download";
import { FaultPlanner } from "./faults";
import { flatLayProblems, resolutionProblem } from "./garment-checks";
import { findModel, modelsFor } from "./library";
import { ALLOWED_METHODS, API_QUERY, API_SUBMIT, decodeQueryBody, decodeSubmitBody, MESSAGES, signatureMatches } from "./protocol";
import { GENERAL_BASE, outputCount, validateSubmitRequest, type SubmitRequest } from "./request";
import { TokenBucket } from "./rate-limit";
import { cutOutGarment, guessClothingType, recolorCutout, renderTryOn, type Cutout } from "./render";
import { Lru, mainStatus, subTaskEnd, subTaskStates, TaskStore, type StoredTask, type TaskStatus, type TaskSubject } from "./tasks";

export { MESSAGES } from "./protocol";

/** Credentials used when neither options nor AIDGE_APP_KEY / AIDGE_APP_SECRET give any. Local use only. */
export const LOCAL_DEFAULT_APP_KEY = "100001";
export const LOCAL_DEFAULT_APP_SECRET = "local-tryon-secret-not-for-production";

export interface TryOnServiceOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Default: AIDGE_APP_KEY, else LOCAL_DEFAULT_APP_KEY. */
  appKey?: string;
  /** Default: AIDGE_APP_SECRET, else LOCAL_DEFAULT_APP_SECRET. */
  appSecret?: string;
  /** Time from submit to the last sub-task ending, in ms; default 3000. */
  taskMs?: number;
  /** Submit rate limit (token bucket), requests per second; default 5; 0 = unlimited. */
  submitQps?: number;
  /** Query rate limit, requests per second; default 20; 0 = unlimited. */
  queryQps?: number;
  /** Share (0..1) of submits without a marker that get a random fault; default 0. */
  faultRate?: number;
  /** Codes the random faults are drawn from (e.g. [500, 501, 1001]); default 500, 801, 1000, 1001, 1002. */
  faultCodes?: number[];
  /** Allowed |server clock − timestamp|, in ms; default 300000 (5 min). */
  maxClockSkewMs?: number;
  /** Paid calls available (submits without x-iop-trial); default 1000000. 0 → NoResource. */
  quota?: number;
  /** Trial calls available (submits with x-iop-trial: true); default 1000000. */
  trialQuota?: number;
  /** Largest request body, in bytes; default 65536. */
  maxBodyBytes?: number;
  /** Largest garment/model image download, in bytes; default 20 MiB. */
  maxImageBytes?: number;
  /** Download deadline per image, in ms; default 10000. */
  downloadTimeoutMs?: number;
  /** Queries find a task this long after submit, in ms; default 1 hour. */
  taskTtlMs?: number;
  /** Result URLs answer 404 this long after their sub-task finished, in ms; default 86400000 (24 h). */
  resultTtlMs?: number;
  /** At most this many tasks are kept (oldest evicted, its result URLs then 404 early); default 2000. */
  maxTasks?: number;
  /** At most this many bytes of downloaded garments and model photos are held; beyond it the oldest tasks keep only their URLs and fetch again if rendered; default 256 MiB. */
  maxStoredBytes?: number;
  /** Sub-task `taskResult` as an object (default) or as a JSON string (both occur in the docs). */
  taskResultEncoding?: "object" | "string";
  /** Rewrites image URLs before download (e.g. map https://example.com/ to a local server in tests). */
  urlRewrite?: (url: string) => string;
  /** Origin used in result URLs; default the listening URL. */
  publicUrl?: string;
  /** Random source for faults; default Math.random. */
  random?: () => number;
  /** Clock in epoch ms; default Date.now. */
  now?: () => number;
  /** Sees the raw body of every submit that passed the gateway checks (tests: "the request reached the provider unchanged"). */
  onSubmit?: (rawBody: string) => void;
  /** Log lines (one per request); default silent. */
  log?: (line: string) => void;
}

export interface MetricsSnapshot {
  /** Requests by endpoint, then by answer code ("200", "501", "IncompleteSignature", …). */
  requests: Record<string, Record<string, number>>;
  /** Stored tasks by current state. */
  tasks: Record<TaskStatus, number>;
  /** Submits that created a task. */
  submits: number;
  tasksStored: number;
  tasksEvicted: number;
  resultImagesServed: number;
  /** Result images rendered (each at most once while cached: rendering happens on first download). */
  resultImagesRendered: number;
  quota: { paid: number; trial: number };
}

export interface TryOnService {
  /** e.g. "http://127.0.0.1:4010" — use as AIDGE_BASE_URL. */
  url: string;
  port: number;
  appKey: string;
  appSecret: string;
  close(): Promise<void>;
  metrics(): MetricsSnapshot;
}

class HttpAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly label: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

export async function start(options: TryOnServiceOptions = {}): Promise<TryOnService> {
  const appKey = options.appKey ?? process.env.AIDGE_APP_KEY ?? LOCAL_DEFAULT_APP_KEY;
  const appSecret = options.appSecret ?? process.env.AIDGE_APP_SECRET ?? LOCAL_DEFAULT_APP_SECRET;
  const now = options.now ?? Date.now;
  const taskMs = options.taskMs ?? 3000;
  const maxSkew = options.maxClockSkewMs ?? 300_000;
  const maxBody = options.maxBodyBytes ?? 65_536;
  const limits = { maxBytes: options.maxImageBytes ?? 20 * 1024 * 1024, timeoutMs: options.downloadTimeoutMs ?? 10_000 };
  const rewrite = options.urlRewrite ?? ((u: string) => u);
  const encoding = options.taskResultEncoding ?? "object";
  const log = options.log ?? (() => {});
  const submitBucket = new TokenBucket(options.submitQps ?? 5, undefined, now);
  const queryBucket = new TokenBucket(options.queryQps ?? 20, undefined, now);
  const faults = new FaultPlanner(options.faultRate ?? 0, options.random ?? Math.random, 10_000, options.faultCodes);
  const store = new TaskStore(
    {
      queryTtlMs: options.taskTtlMs ?? 3_600_000,
      resultTtlMs: options.resultTtlMs ?? 86_400_000,
      taskMs,
      maxTasks: options.maxTasks ?? 2000,
      maxBytes: options.maxStoredBytes ?? 256 * 1024 * 1024,
    },
    now,
  );
  /** Rendered results and garment cut-outs, made on first download and kept while recently used. */
  const renders = new Lru<Promise<Buffer>>(48);
  const cutouts = new Lru<Promise<{ cutout: Cutout; type: NonNullable<StoredTask["type"]> }>>(32);
  let resultImagesRendered = 0;
  const quota = { paid: options.quota ?? 1_000_000, trial: options.trialQuota ?? 1_000_000 };
  const requests: Record<string, Record<string, number>> = {};
  let submits = 0;
  let resultImagesServed = 0;
  let publicUrl = options.publicUrl ?? "";

  const count = (endpoint: string, label: string) => {
    const e = (requests[endpoint] ??= {});
    e[label] = (e[label] ?? 0) + 1;
  };

  // ---------- envelopes ----------
  const business = (code: number, data: unknown, detail?: string, headers?: Record<string, string>, codeKey: "resCode" | "rescode" = "resCode") => {
    const requestId = hex(6);
    return new HttpAnswer(
      200,
      {
        code: "0",
        request_id: requestId,
        _trace_id_: hex(15),
        success: code === 200,
        [codeKey]: code,
        resMessage: detail ? `${MESSAGES[code] ?? "error"} — ${detail}` : (MESSAGES[code] ?? "error"),
        requestId,
        data,
      },
      String(code),
      headers,
    );
  };
  /** IOP-style gateway error: {type, code, message, request_id}. */
  const gateway = (status: number, code: string, message: string) =>
    new HttpAnswer(status, { type: "ISV", code, message, request_id: hex(6), _trace_id_: hex(15) }, code);

  // ---------- gateway checks ----------
  function checkGateway(q: URLSearchParams): HttpAnswer | undefined {
    if (q.get("partner_id") !== "aidge") return gateway(200, "InvalidPartner", 'partner_id must be "aidge"');
    if (q.get("sign_method") !== "sha256" || q.get("sign_ver") !== "v2") return gateway(200, "InvalidSignMethod", 'sign_method must be "sha256" and sign_ver "v2"');
    const key = q.get("app_key");
    if (!key) return gateway(200, "MissingAppKey", "app_key is required");
    if (key !== appKey) return gateway(200, "InvalidAppKey", `Unknown app_key "${key}"`);
    const ts = q.get("timestamp");
    if (!ts) return gateway(200, "MissingTimestamp", "timestamp is required (epoch milliseconds)");
    if (!/^\d{10,16}$/.test(ts)) return gateway(200, "InvalidTimestamp", "timestamp must be epoch milliseconds");
    const skew = Math.abs(now() - Number(ts));
    if (skew > maxSkew) return gateway(200, "InvalidTimestamp", `timestamp is ${skew} ms away from server time; at most ${maxSkew} ms is allowed`);
    const sign = q.get("sign");
    if (!sign) return gateway(200, "MissingSignature", "sign is required");
    if (!signatureMatches(appSecret, ts, sign)) return gateway(200, "IncompleteSignature", "The request signature does not conform to platform standards");
    return undefined;
  }

  const invalid = (detail: string) => business(700, {}, detail);

  // ---------- submit ----------
  async function handleSubmit(raw: Buffer, trial: boolean): Promise<HttpAnswer> {
    const pool = trial ? "trial" : "paid";
    if (quota[pool] <= 0) {
      return gateway(200, "NoResource", "Sorry, your calling resources have been exhausted. Please purchase the API or enable the free trial (x-iop-trial: true).");
    }
    const slot = submitBucket.take();
    if (!slot.ok) return business(501, {}, undefined, { "Retry-After": String(Math.max(1, Math.ceil(slot.retryAfterMs / 1000))) });

    options.onSubmit?.(raw.toString("utf8"));
    const decoded = decodeSubmitBody(raw);
    if (!decoded.ok) return invalid(`${decoded.problem.field}: ${decoded.problem.message}`);
    const v = validateSubmitRequest(decoded.value);
    if (!v.ok) return invalid(v.message);
    const request = v.value;
    const library = librarySubjects(request);
    if (typeof library === "string") return invalid(library);

    const garmentUrl = request.garment.imageUrl;
    const fault = faults.decide(garmentUrl);
    const submitFault = fault?.kind === "code" && fault.at === "submit" ? fault.code : undefined;
    if (submitFault === 500 || submitFault === 501) return business(submitFault, {});

    let garment;
    try {
      garment = await downloadImage(rewrite(garmentUrl), limits);
    } catch (e) {
      if (e instanceof DownloadFailure) return business(701, {}, `clothesList[0].imageUrl: ${e.message}`);
      throw e;
    }
    const size = resolutionProblem(garment.width, garment.height);
    if (size) return business(703, {}, size);
    if (request.inputQualityDetect === 1) {
      const problems = await flatLayProblems(garment.bytes);
      if (problems.length) return business(707, {}, problems.join(" "));
    }
    // Content checks come after the image is read (they judge its content).
    if (submitFault !== undefined) return business(submitFault, {});

    let subjects: TaskSubject[] = library;
    if (request.modelImage.length) {
      const photos = await Promise.allSettled(request.modelImage.map((u) => downloadImage(rewrite(u), limits)));
      const bad = photos.findIndex((p) => p.status === "rejected");
      if (bad >= 0) {
        const reason = (photos[bad] as PromiseRejectedResult).reason;
        if (!(reason instanceof DownloadFailure)) throw reason;
        return business(701, {}, `modelImage[${bad}]: ${reason.message}`);
      }
      subjects = photos.map((p, i) => ({
        kind: "photo" as const,
        url: request.modelImage[i],
        label: `Your model photo ${i + 1}`,
        bytes: (p as PromiseFulfilledResult<{ bytes: Buffer }>).value.bytes,
      }));
    }

    const n = outputCount(request);
    const failCode = fault?.kind === "code" && fault.at === "query" ? fault.code : undefined;
    const task: StoredTask = {
      id: randomUUID(),
      createdAt: now(),
      request,
      ...(request.garment.type ? { type: request.garment.type } : {}),
      garmentUrl,
      garmentBytes: garment.bytes,
      subjects,
      subTasks: Array.from({ length: n }, (_, i) => ({ endsAfterMs: subTaskEnd(taskMs, i, n), ...(failCode ? { failCode } : {}) })),
      recolor: fault?.kind === "recolor",
    };
    store.add(task);
    quota[pool]--;
    submits++;
    return business(200, { result: { taskId: task.id } });
  }

  /** Fixture-library subjects, one per output image, or a 700 detail. */
  function librarySubjects(request: SubmitRequest): TaskSubject[] | string {
    const m = request.model;
    if (m.base !== GENERAL_BASE) return `model.base: unknown model library "${m.base}"; this service has only "${GENERAL_BASE}"`;
    const n = outputCount(request);
    if ("name" in m) {
      const model = findModel(m.name);
      if (!model) return `model.name: unknown model "${m.name}" in the ${GENERAL_BASE} library`;
      return Array.from({ length: n }, () => ({ kind: "library", model }));
    }
    const matches = modelsFor(m);
    return Array.from({ length: n }, (_, i) => ({ kind: "library", model: matches[i % matches.length] }));
  }

  // ---------- query ----------
  function handleQuery(raw: Buffer): HttpAnswer {
    const slot = queryBucket.take();
    if (!slot.ok) return business(501, {}, undefined, { "Retry-After": String(Math.max(1, Math.ceil(slot.retryAfterMs / 1000))) }, "rescode");
    const decoded = decodeQueryBody(raw);
    if (!decoded.ok) return business(700, {}, `${decoded.problem.field}: ${decoded.problem.message}`, undefined, "rescode");
    const taskId = decoded.value;
    const task = store.forQuery(taskId);
    if (!task) return business(700, {}, `task_id: no task "${taskId}" (unknown, or expired)`, undefined, "rescode");
    const states = subTaskStates(task, taskMs, now());
    const taskResult = states.map((s, i) => {
      if (s.status === "finished") {
        const detail = { result: { imageList: [{ imageUrl: `${publicUrl}/results/${task.id}/${i + 1}.png`, clothes: task.garmentUrl }] } };
        return { taskStatus: s.status, taskResult: encoding === "string" ? JSON.stringify(detail) : detail };
      }
      if (s.status === "failed") {
        return { taskStatus: s.status, taskResult: encoding === "string" ? "{}" : {}, resCode: s.failCode, resMessage: MESSAGES[s.failCode!] };
      }
      return { taskStatus: s.status, taskResult: encoding === "string" ? "{}" : {} };
    });
    return business(200, { taskId: task.id, taskStatus: mainStatus(states), taskResult }, undefined, undefined, "rescode");
  }

  // ---------- balance ----------
  function handleBalance(raw: Buffer, q: URLSearchParams, trial: boolean): HttpAnswer {
    let apiPath = q.get("apiPath") ?? undefined;
    if (raw.length > 0) {
      try {
        const b = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
        if (typeof b?.apiPath === "string") apiPath = b.apiPath;
      } catch {
        return balanceAnswer(700, "body: is not valid JSON");
      }
    }
    if (!apiPath) return balanceAnswer(700, 'apiPath: is required, e.g. "/ai/virtual/tryon"');
    if (![API_SUBMIT, API_QUERY].includes(apiPath)) return balanceAnswer(700, `apiPath: unknown API "${apiPath}"`);
    return balanceAnswer(200, undefined, trial ? quota.trial : quota.paid);
  }
  /** The quota API answers in the gateway style: {data, success, code:"0", request_id, _trace_id_} (spec §7). */
  function balanceAnswer(code: number, detail?: string, balance?: number): HttpAnswer {
    if (code !== 200) return new HttpAnswer(200, { success: false, code: String(code), message: `${MESSAGES[code]} — ${detail}`, request_id: hex(6), _trace_id_: hex(15) }, String(code));
    return new HttpAnswer(200, { data: { balance }, success: true, code: "0", request_id: hex(6), _trace_id_: hex(15) }, "200");
  }

  // ---------- results ----------
  /** The task's garment cut out of its background (and recoloured under fault=recolor), made once per task while cached. */
  /** Image bytes kept at submit, or fetched again when the byte budget dropped them. */
  const bytesOf = async (url: string, kept: Buffer | undefined) => kept ?? (await downloadImage(rewrite(url), limits)).bytes;

  function cutoutOf(task: StoredTask) {
    let p = cutouts.get(task.id);
    if (!p) {
      p = bytesOf(task.garmentUrl, task.garmentBytes).then(cutOutGarment).then(async (c) => ({
        cutout: task.recolor ? await recolorCutout(c) : c,
        type: task.type ?? guessClothingType(c),
      }));
      p.catch(() => cutouts.delete(task.id));
      cutouts.set(task.id, p);
    }
    return p;
  }

  async function handleResult(taskId: string, n: number, res: ServerResponse): Promise<string> {
    const i = n - 1;
    const task = store.forResult(taskId, i);
    if (!task) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("no such result (unknown, expired or not finished)");
      return "404";
    }
    const key = `${taskId}/${i}`;
    let p = renders.get(key);
    if (!p) {
      const subject = task.subjects[i];
      p = cutoutOf(task).then(async ({ cutout, type }) => {
        const photo = subject.kind === "photo" ? await bytesOf(subject.url, subject.bytes) : undefined;
        resultImagesRendered++;
        return renderTryOn({
          type,
          garment: cutout,
          subject: subject.kind === "library" ? subject : { kind: "photo", photo: photo!, label: subject.label },
          viewType: task.request.viewType,
          index: i,
          count: task.subTasks.length,
        });
      });
      p.catch(() => renders.delete(key));
      renders.set(key, p);
    }
    let png: Buffer;
    try {
      png = await p;
    } catch (error) {
      // Only when the byte budget had dropped an input and it can no longer be fetched: the link is dead.
      if (!(error instanceof DownloadFailure)) throw error;
      res.writeHead(404, { "Content-Type": "text/plain" }).end("no such result (its inputs are gone)");
      return "404";
    }
    resultImagesServed++;
    res.writeHead(200, { "Content-Type": "image/png", "Content-Length": String(png.length), "Cache-Control": "public, max-age=3600" }).end(png);
    return "200";
  }

  function metrics(): MetricsSnapshot {
    store.sweep();
    const tasks: Record<TaskStatus, number> = { submitted: 0, running: 0, finished: 0, failed: 0 };
    const t = now();
    for (const task of store.values()) tasks[mainStatus(subTaskStates(task, taskMs, t))]++;
    return {
      requests: structuredClone(requests),
      tasks,
      submits,
      tasksStored: store.size,
      tasksEvicted: store.evicted,
      resultImagesServed,
      resultImagesRendered,
      quota: { ...quota },
    };
  }

  // ---------- HTTP plumbing ----------
  /** Reads the body up to maxBody; beyond that it drains (bounded) and reports tooLarge. */
  function readBody(req: IncomingMessage): Promise<{ body: Buffer; tooLarge: boolean }> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let total = 0;
      let tooLarge = false;
      req.on("data", (c: Buffer) => {
        total += c.length;
        if (total > maxBody) {
          tooLarge = true;
          // Stop reading absurd bodies altogether; a modest excess is drained so the client sees our answer.
          if (total > maxBody * 16) req.destroy();
          return;
        }
        chunks.push(c);
      });
      req.on("end", () => resolve({ body: Buffer.concat(chunks), tooLarge }));
      req.on("error", reject);
      req.on("close", () => resolve({ body: Buffer.concat(chunks), tooLarge }));
    });
  }

  const send = (res: ServerResponse, a: HttpAnswer) => {
    const text = JSON.stringify(a.body);
    res.writeHead(a.status, { "Content-Type": "application/json;charset=UTF-8", "Content-Length": Buffer.byteLength(text), ...a.headers }).end(text);
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<[string, string]> {
    const url = new URL(req.url ?? "/", "http://local");
    const method = req.method ?? "GET";
    if (url.pathname === "/__metrics" && method === "GET") {
      const text = JSON.stringify(metrics());
      res.writeHead(200, { "Content-Type": "application/json" }).end(text);
      return ["/__metrics", "200"];
    }
    if (url.pathname === "/healthz") {
      res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
      return ["/healthz", "200"];
    }
    const result = /^\/results\/([0-9a-f-]{36})\/(\d{1,2})\.png$/.exec(url.pathname);
    if (result && method === "GET") return ["/results", await handleResult(result[1], Number(result[2]), res)];

    if (!url.pathname.startsWith("/rest/")) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
      return ["other", "404"];
    }
    const apiName = url.pathname.slice("/rest".length);
    const allowed = ALLOWED_METHODS[apiName];
    const { body, tooLarge } = await readBody(req);
    let answer: HttpAnswer;
    if (!allowed) answer = gateway(404, "InvalidApiPath", `Unknown API "${apiName}"`);
    else if (!allowed.includes(method)) answer = gateway(405, "InvalidMethod", `${apiName} accepts ${allowed.join(", ")} only`);
    else {
      answer = checkGateway(url.searchParams) ?? (tooLarge ? business(700, {}, `body: larger than ${maxBody} bytes`) : undefined)!;
      if (!answer) {
        const trial = String(req.headers["x-iop-trial"] ?? "").toLowerCase() === "true";
        if (apiName === API_SUBMIT) answer = await handleSubmit(body, trial);
        else if (apiName === API_QUERY) answer = handleQuery(body);
        else answer = handleBalance(body, url.searchParams, trial);
      }
    }
    send(res, answer);
    return [apiName, answer.label];
  }

  const server = createServer((req, res) => {
    const started = now();
    route(req, res)
      .then(([endpoint, label]) => {
        count(endpoint, label);
        log(`${req.method} ${req.url?.split("?")[0]} → ${label} (${now() - started} ms)`);
      })
      .catch((error: unknown) => {
        // Never crash: an unexpected failure is a 500 "system error", like the real service's.
        const endpoint = (req.url ?? "").split("?")[0].replace(/^\/rest/, "");
        count(endpoint, "500");
        log(`${req.method} ${endpoint} → 500 ${(error as Error)?.stack ?? error}`);
        if (!res.headersSent) send(res, business(500, {}, "unexpected error in the local service"));
        else res.destroy();
      });
  });
  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
  });
  const sweeper = setInterval(() => store.sweep(), 60_000);
  sweeper.unref();

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  if (!publicUrl) publicUrl = url;

  return {
    url,
    port,
    appKey,
    appSecret,
    metrics,
    close: () =>
      new Promise<void>((resolve, reject) => {
        clearInterval(sweeper);
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
