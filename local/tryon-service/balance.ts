/**
 * The quota API (spec §7): calls left for one API path, from the pool the caller draws on. It answers in
 * the gateway style ({data, success, code: "0", …}), not the business envelope the try-on APIs use.
 */
import { hex, HttpAnswer } from "./answers";
import type { Quota } from "./options";
import { API_QUERY, API_SUBMIT, MESSAGES } from "./protocol";

/** `apiPath` comes from the query string, or from a JSON body (which wins). */
export function handleBalance(raw: Buffer, q: URLSearchParams, trial: boolean, quota: Quota): HttpAnswer {
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

function balanceAnswer(code: number, detail?: string, balance?: number): HttpAnswer {
  if (code !== 200) return new HttpAnswer(200, { success: false, code: String(code), message: `${MESSAGES[code]} — ${detail}`, request_id: hex(6), _trace_id_: hex(15) }, String(code));
  return new HttpAnswer(200, { data: { balance }, success: true, code: "0", request_id: hex(6), _trace_id_: hex(15) }, "200");
}
