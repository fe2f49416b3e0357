/**
 * The wire protocol as the stand-in reads it, written from the spec (/work/shared/spec/aidge-tryon-api.md
 * §1–§5) and NOT from the app's code: a stand-in that shared the client's code could not catch the
 * client's mistakes (PITFALLS 11). Where the spec is unsure, this side is strict (the app is tolerant).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** API names (spec §1.2); appended to `/rest`. */
export const API_SUBMIT = "/ai/virtual/tryon";
export const API_QUERY = "/ai/virtual/tryon-results";
export const API_BALANCE = "/ai/query/balance";

/**
 * Methods per API. Submit and query are POST (English docs and every official sample, spec §1.2/§8 item 3);
 * the quota call's method is the SDK default, so both are taken there.
 */
export const ALLOWED_METHODS: Record<string, readonly string[]> = {
  [API_SUBMIT]: ["POST"],
  [API_QUERY]: ["POST"],
  [API_BALANCE]: ["GET", "POST"],
};

/** Documented message strings (spec §5), typos included. */
export const MESSAGES: Record<number, string> = {
  200: "success",
  500: "system error",
  501: "rate limit exceed",
  700: "invalid input",
  701: "Clothing image dowloading failed, please try another input",
  703: "Input clothes image resoulution low, please try other image",
  707: "Input clothing image is not a complete flat lay. Please try another image.",
  801: "model failed",
  1000: "content has sensitive data, please try other input",
  1001: "content control failed, please retry",
  1002: "content risk filter failed, please contact us",
};

/**
 * Spec §1.4: sign = upper-case hex of HMAC-SHA256(key = secret, message = secret + timestamp), UTF-8.
 * Compared case-sensitively in constant time (spec §1.4, "stand-in server verification").
 */
export function signatureMatches(secret: string, timestamp: string, sign: string): boolean {
  const expected = Buffer.from(
    createHmac("sha256", Buffer.from(secret, "utf8")).update(Buffer.from(secret + timestamp, "utf8")).digest("hex").toUpperCase(),
    "utf8",
  );
  const got = Buffer.from(sign, "utf8");
  return expected.length === got.length && timingSafeEqual(expected, got);
}

/** A 700 with the field it is about (the message names it, spec §5). */
export interface FieldProblem {
  field: string;
  message: string;
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; problem: FieldProblem };

const fail = (field: string, message: string): { ok: false; problem: FieldProblem } => ({ ok: false, problem: { field, message } });

function parseJsonObject(raw: Buffer, example: string): Decoded<Record<string, unknown>> {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString("utf8"));
  } catch {
    return fail("body", "is not valid JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) return fail("body", `must be a JSON object like ${example}`);
  return { ok: true, value: body as Record<string, unknown> };
}

/**
 * Submit body (spec §1.6): `{"requestParams": "<JSON string of an ARRAY of request objects>"}`. The docs
 * type the container `Object[]` and every standard sample sends a stringified array, so a raw array, an
 * object, a stringified single object or the Pro key `paramJson` are refused here. Standard try-on
 * holds one request per call (one garment; spec §2.1, §7).
 */
export function decodeSubmitBody(raw: Buffer): Decoded<unknown> {
  const body = parseJsonObject(raw, '{"requestParams": "[{…}]"}');
  if (!body.ok) return body;
  if (!("requestParams" in body.value)) {
    return fail("requestParams", 'is required: a JSON string holding a list with one try-on request, like "[{\\"clothesList\\": […]}]"');
  }
  const container = body.value.requestParams;
  if (typeof container !== "string") {
    const got = Array.isArray(container) ? "an array" : container === null ? "null" : typeof container;
    return fail("requestParams", `must be a JSON string holding an array (double-encoded), got ${got}`);
  }
  let inner: unknown;
  try {
    inner = JSON.parse(container);
  } catch {
    return fail("requestParams", "is not valid JSON; it must be a JSON string holding an array");
  }
  if (!Array.isArray(inner)) {
    return fail("requestParams", `must be a JSON string holding an array, got a string holding ${inner === null ? "null" : typeof inner}`);
  }
  if (inner.length !== 1) return fail("requestParams", `must hold exactly one try-on request (got ${inner.length})`);
  return { ok: true, value: inner[0] };
}

/**
 * Query body (spec §1.6, §4.1): a flat JSON object `{"task_id": "…"}`, the name every official sample and
 * the English docs use. The Chinese page's `taskId` is not taken: strict where the sources disagree.
 */
export function decodeQueryBody(raw: Buffer): Decoded<string> {
  const body = parseJsonObject(raw, '{"task_id": "…"}');
  if (!body.ok) return body;
  const id = body.value.task_id;
  if (id === undefined) {
    return fail("task_id", "taskId" in body.value ? 'is required (the field is "task_id", not "taskId")' : "is required");
  }
  if (typeof id !== "string" || id.trim() === "") return fail("task_id", "must be a non-empty string");
  if (id.length > 128) return fail("task_id", "must be at most 128 characters");
  return { ok: true, value: id };
}
