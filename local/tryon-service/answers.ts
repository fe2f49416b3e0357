/**
 * The shapes every answer takes (spec §3): the business envelope (code "0", resCode, resMessage, data)
 * and the IOP gateway error ({type, code, message}), and writing one as JSON. Kept in one place so each
 * handler decides only *which* answer to give, never how it is spelled on the wire.
 */
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { MESSAGES } from "./protocol";

/** An answer before it is written; `label` is what the metrics count it as ("200", "501", "IncompleteSignature", …). */
export class HttpAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly label: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

export const hex = (bytes: number) => randomBytes(bytes).toString("hex");

/** The business envelope. The query API spells its code key `rescode` (as the docs show), the others `resCode`. */
export function business(code: number, data: unknown, detail?: string, headers?: Record<string, string>, codeKey: "resCode" | "rescode" = "resCode"): HttpAnswer {
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
}

/** IOP-style gateway error: {type, code, message, request_id}. */
export const gateway = (status: number, code: string, message: string) =>
  new HttpAnswer(status, { type: "ISV", code, message, request_id: hex(6), _trace_id_: hex(15) }, code);

/** A 700 whose detail names the failing field. */
export const invalid = (detail: string) => business(700, {}, detail);

/** The header a rate-limited (501) answer carries: whole seconds, at least 1. */
export const retryAfter = (ms: number) => ({ "Retry-After": String(Math.max(1, Math.ceil(ms / 1000))) });

export function send(res: ServerResponse, a: HttpAnswer): void {
  const text = JSON.stringify(a.body);
  res.writeHead(a.status, { "Content-Type": "application/json;charset=UTF-8", "Content-Length": Buffer.byteLength(text), ...a.headers }).end(text);
}
