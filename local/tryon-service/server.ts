/**
 * Local stand-in for Aidge Virtual Try-on: the same wire protocol (spec §1–§5), runnable offline.
 * A development, test, demo and benchmark tool — never used in production.
 *
 * This file is the composition: it builds the parts from the options, routes each request to its
 * handler and counts the answers. The parts, one job each: options.ts (knobs and defaults), gateway.ts
 * (signed-URL checks), answers.ts (envelopes), submit.ts, query.ts, balance.ts (the three APIs),
 * results.ts (result images), tasks.ts (task lifecycle and memory bounds).
 *
 * Endpoints:
 *   POST     /rest/ai/virtual/tryon          submit ({"requestParams": "<JSON string of an array>"})
 *   POST     /rest/ai/virtual/tryon-results  query ({"task_id": "…"})
 *   GET|POST /rest/ai/query/balance          quota (apiPath)
 *   GET      /results/{taskId}/{n}.png       result images, rendered when first fetched (unsigned, expiring like OSS links)
 *   GET      /__metrics                      JSON counters for tests and benchmarks
 *   GET      /healthz
 *
 * Independent of the app: nothing here imports from app/ (tests/foundation/local-independence.test.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { business, gateway, send, type HttpAnswer } from "./answers";
import { handleBalance } from "./balance";
import { downloadImage } from "./download";
import { FaultPlanner } from "./faults";
import { checkSignedUrl } from "./gateway";
import { resolveOptions, type TryOnServiceOptions } from "./options";
import { ALLOWED_METHODS, API_QUERY, API_SUBMIT } from "./protocol";
import { queryHandler } from "./query";
import { TokenBucket } from "./rate-limit";
import { ResultImages } from "./results";
import { submitHandler } from "./submit";
import { mainStatus, subTaskStates, TaskStore, type TaskStatus } from "./tasks";

export { MESSAGES } from "./protocol";
export { LOCAL_DEFAULT_APP_KEY, LOCAL_DEFAULT_APP_SECRET, type TryOnServiceOptions } from "./options";

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

export async function start(options: TryOnServiceOptions = {}): Promise<TryOnService> {
  const s = resolveOptions(options);
  const { appKey, appSecret, now, taskMs, log } = s;
  const fetchImage = (url: string) => downloadImage(s.urlRewrite(url), s.download);
  const store = new TaskStore(s.store, now);
  const quota = { ...s.quota };
  const requests: Record<string, Record<string, number>> = {};
  let submits = 0;
  let publicUrl = s.publicUrl;

  const handleSubmit = submitHandler({
    quota,
    bucket: new TokenBucket(s.submitQps, undefined, now),
    faults: new FaultPlanner(s.faultRate, s.random, 10_000, s.faultCodes),
    store,
    fetchImage,
    taskMs,
    now,
    onSubmit: s.onSubmit,
    onTaskCreated: () => submits++,
  });
  const handleQuery = queryHandler({ bucket: new TokenBucket(s.queryQps, undefined, now), store, taskMs, now, encoding: s.taskResultEncoding, publicUrl: () => publicUrl });
  const results = new ResultImages(store, fetchImage);

  const count = (endpoint: string, label: string) => {
    const e = (requests[endpoint] ??= {});
    e[label] = (e[label] ?? 0) + 1;
  };

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
      resultImagesServed: results.served,
      resultImagesRendered: results.rendered,
      quota: { ...quota },
    };
  }

  /** Reads the body up to maxBodyBytes; beyond that it drains (bounded) and reports tooLarge. */
  function readBody(req: IncomingMessage): Promise<{ body: Buffer; tooLarge: boolean }> {
    const maxBody = s.maxBodyBytes;
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

  /** Answers one request; returns [endpoint, label] for the metrics. */
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
    if (result && method === "GET") return ["/results", await results.serve(result[1], Number(result[2]), res)];

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
      answer = checkSignedUrl(url.searchParams, s) ?? (tooLarge ? business(700, {}, `body: larger than ${s.maxBodyBytes} bytes`) : undefined)!;
      if (!answer) {
        const trial = String(req.headers["x-iop-trial"] ?? "").toLowerCase() === "true";
        if (apiName === API_SUBMIT) answer = await handleSubmit(body, trial);
        else if (apiName === API_QUERY) answer = handleQuery(body);
        else answer = handleBalance(body, url.searchParams, trial, quota);
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

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(s.port, s.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${s.host}:${port}`;
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
