/**
 * An HTTP proxy in front of the local try-on service that can hold the answer to a submit: the submit
 * reaches the provider (the task exists and is billed), but its answer is kept back until the test
 * lets it go. Tests use it to stop a process at a precise moment: "a submit is in flight".
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface HoldingProxy {
  /** e.g. http://127.0.0.1:40123 — use as AIDGE_BASE_URL and as the service's publicUrl. */
  url: string;
  /** Points the proxy at the service (set once it listens). */
  target(url: string): void;
  /** Holds the answer of the next `n` submits (default 1). */
  holdSubmits(n?: number): void;
  /** Resolves when a held submit has been answered by the service and is waiting to be passed on. */
  heldSubmit(): Promise<void>;
  /** Passes every held answer on, and holds no more. */
  releaseAll(): void;
  /** Submit requests seen. */
  submits(): number;
  close(): Promise<void>;
}

const SUBMIT_PATH = "/rest/ai/virtual/tryon";

/** One request/answer pair the proxy passed on (bodies as text). */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  requestBody: string;
  responseBody: string;
}

export async function startHoldingProxy(o: { observe?: (e: Exchange) => void } = {}): Promise<HoldingProxy> {
  let targetUrl = "";
  let toHold = 0;
  let submits = 0;
  const held: Array<() => void> = [];
  const waiters: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    const isSubmit = req.method === "POST" && new URL(req.url ?? "/", "http://x").pathname === SUBMIT_PATH;
    if (isSubmit) submits++;
    const hold = isSubmit && toHold > 0;
    if (hold) toHold--;
    const target = new URL(req.url ?? "/", targetUrl);
    const sent: Buffer[] = [];
    if (o.observe) req.on("data", (c: Buffer) => sent.push(c));
    const upstream = httpRequest(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer: IncomingMessage) => {
      const chunks: Buffer[] = [];
      answer.on("data", (c: Buffer) => chunks.push(c));
      answer.on("end", () => {
        if (o.observe && !target.pathname.startsWith("/results/")) {
          o.observe({ method: req.method ?? "GET", path: target.pathname, status: answer.statusCode ?? 0, requestBody: Buffer.concat(sent).toString("utf8"), responseBody: Buffer.concat(chunks).toString("utf8") });
        }
        const pass = () => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(chunks));
        };
        if (!hold) return pass();
        held.push(pass);
        for (const w of waiters.splice(0)) w();
      });
    });
    upstream.on("error", () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    target: (url) => (targetUrl = url),
    holdSubmits: (n = 1) => (toHold += n),
    heldSubmit: () => (held.length ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    releaseAll() {
      toHold = 0;
      for (const pass of held.splice(0)) pass();
    },
    submits: () => submits,
    close: () =>
      new Promise<void>((resolve) => {
        for (const pass of held.splice(0)) pass();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
