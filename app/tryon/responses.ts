/**
 * Response parsing, tolerant of the envelope variants the docs show (spec §3.2, §4.2):
 * - gateway style: string `code` ("0" = OK), `type`, `message`, `request_id`, `_trace_id_`;
 * - business style: `resCode` or `rescode` (200 = OK), `resMessage`, `requestId`, `success`;
 * - both at once (the stand-in emits both);
 * - a sub-task `taskResult` as an object or as a JSON string.
 * Anything else that cannot be read (missing task id, unknown status) is a ContractError.
 */
import * as z from "zod";
import { AuthError, ContractError, errorFromCode, GatewayError, ProviderFailureError, RateLimitedError, type TryOnError } from "./errors";

export const TASK_STATUSES = ["submitted", "running", "finished", "failed"] as const;
/**
 * Most results one task can have (spec §7: "currently 8" images per garment, generateCount ≤ 8, ≤ 8 model
 * images). Lists from the provider are cut to this length before their items are parsed, so an answer
 * with thousands of entries costs no more than one with 8 and never stores more images than were paid for.
 */
export const MAX_PROVIDER_RESULTS = 8;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const isTerminalStatus = (s: TaskStatus) => s === "finished" || s === "failed";

const codeLike = z.union([z.string(), z.number()]);
const boolLike = z.union([z.boolean(), z.enum(["true", "false"]).transform((s) => s === "true")]);

const envelopeSchema = z.looseObject({
  code: codeLike.optional().nullable(),
  type: z.string().optional().nullable(),
  message: z.string().optional().nullable(),
  request_id: z.string().optional().nullable(),
  requestId: z.string().optional().nullable(),
  _trace_id_: z.string().optional().nullable(),
  success: boolLike.optional().nullable(),
  resCode: codeLike.optional().nullable(),
  rescode: codeLike.optional().nullable(),
  resMessage: z.string().optional().nullable(),
  data: z.unknown().optional(),
});

export interface EnvelopeContext {
  httpStatus: number;
  /** Retry-After in ms, when the response carried one. */
  retryAfterMs?: number;
}

const isOkCode = (c: string | number | null | undefined) => c === undefined || c === null || String(c) === "0" || String(c) === "200";

/** The first MAX_PROVIDER_RESULTS entries of an array (anything else passes through to fail validation). */
const capped = (value: unknown) => (Array.isArray(value) ? value.slice(0, MAX_PROVIDER_RESULTS) : value);

/** Tries JSON.parse on strings (double-encoded payloads); returns the input otherwise. */
function maybeJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * Reads an envelope: returns `{ data, requestId }` on success, throws the TryOnError for the failure.
 * `body` is the raw response text.
 */
export function readEnvelope(body: string, ctx: EnvelopeContext): { data: unknown; requestId?: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw httpFailure(ctx, `The answer is not JSON (HTTP ${ctx.httpStatus}): ${body.slice(0, 120)}`);
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) throw httpFailure(ctx, `The answer is not an envelope object (HTTP ${ctx.httpStatus})`);
  const env = parsed.data;
  const requestId = env.requestId ?? env.request_id ?? env._trace_id_ ?? undefined;
  const base = { requestId, httpStatus: ctx.httpStatus, retryAfterMs: ctx.retryAfterMs };
  const resCode = env.resCode ?? env.rescode;

  // Gateway failure: a non-"0" `code`. (Numeric codes here are business codes and map the same way.)
  if (!isOkCode(env.code)) {
    throw errorFromCode(env.code as string | number, {
      ...base,
      providerMessage: env.message ?? env.resMessage ?? undefined,
      gatewayType: env.type ?? undefined,
    });
  }
  if (!isOkCode(resCode)) {
    const providerMessage = env.resMessage ?? env.message ?? undefined;
    throw errorFromCode(resCode as string | number, { ...base, providerMessage, ...detailsFromMessage(resCode as string | number, providerMessage) });
  }
  if (env.success === false) {
    throw new ContractError({ ...base, providerMessage: `success=false without an error code: ${env.resMessage ?? env.message ?? ""}` });
  }
  if (ctx.httpStatus < 200 || ctx.httpStatus > 299) {
    throw httpFailure(ctx, env.message ?? env.resMessage ?? `HTTP ${ctx.httpStatus}`, requestId);
  }
  return { data: maybeJson(env.data), requestId };
}

/**
 * Extra detail some services append to the documented message after " — " (the local stand-in does):
 * the measured size for 703 ("The image is 420×380 px; …") and the flat-lay reasons for 707.
 */
export function detailsFromMessage(code: string | number, message?: string): { width?: number; height?: number; reasons?: string[] } {
  const detail = message?.split(" — ")[1]?.trim();
  if (!detail) return {};
  if (Number(code) === 703) {
    const m = /(\d{1,6})×(\d{1,6}) px/.exec(detail);
    return m ? { width: Number(m[1]), height: Number(m[2]) } : {};
  }
  if (Number(code) === 707) return { reasons: [detail] };
  return {};
}

/** A response that is not a readable envelope: classify by HTTP status. */
function httpFailure(ctx: EnvelopeContext, providerMessage: string, requestId?: string): TryOnError {
  const init = { providerMessage, httpStatus: ctx.httpStatus, retryAfterMs: ctx.retryAfterMs, requestId };
  if (ctx.httpStatus === 429) return new RateLimitedError(init);
  if (ctx.httpStatus === 401 || ctx.httpStatus === 403) return new AuthError(`HTTP${ctx.httpStatus}`, init);
  if (ctx.httpStatus >= 500) return new ProviderFailureError(500, init);
  if (ctx.httpStatus >= 400) return new GatewayError(`HTTP${ctx.httpStatus}`, init);
  return new ContractError(init);
}

// ---------- submit ----------

const submitDataSchema = z.union([
  z.looseObject({ result: z.looseObject({ taskId: z.union([z.string().min(1), z.number()]) }) }),
  // Model Alternation's Python/Java samples read data.taskId (spec §8 item 18): accept it too.
  z.looseObject({ taskId: z.union([z.string().min(1), z.number()]) }),
]);

export interface SubmitResult {
  taskId: string;
  requestId?: string;
}

export function parseSubmitResponse(body: string, ctx: EnvelopeContext): SubmitResult {
  const { data, requestId } = readEnvelope(body, ctx);
  const d = submitDataSchema.safeParse(data);
  if (!d.success) throw new ContractError({ requestId, providerMessage: "submit answer has no data.result.taskId" });
  const taskId = (d.data as { result?: { taskId: string | number } }).result?.taskId ?? (d.data as { taskId: string | number }).taskId;
  return { taskId: String(taskId), requestId };
}

// ---------- query ----------

export interface ResultImage {
  imageUrl: string;
  /** URL of the garment used. */
  clothes?: string;
  width?: number;
  height?: number;
}

export interface SubTask {
  status: TaskStatus;
  images: ResultImage[];
  errorCode?: number | string;
  errorMessage?: string;
}

export interface QueryResult {
  taskId: string;
  status: TaskStatus;
  subTasks: SubTask[];
  /** All images of finished sub-tasks, in order. */
  images: ResultImage[];
  requestId?: string;
  /** For a failed task: the error of its first failed sub-task (or a generic 801). */
  failure?: TryOnError;
}

const imageSchema = z
  .looseObject({
    imageUrl: z.string().optional(),
    url: z.string().optional(),
    clothes: z.string().optional().nullable(),
    width: z.number().optional(),
    height: z.number().optional(),
  })
  .transform((i, ctx): ResultImage => {
    const imageUrl = i.imageUrl ?? i.url;
    if (!imageUrl) {
      ctx.addIssue({ code: "custom", message: "image without imageUrl" });
      return z.NEVER;
    }
    return {
      imageUrl,
      ...(i.clothes ? { clothes: i.clothes } : {}),
      ...(i.width !== undefined ? { width: i.width } : {}),
      ...(i.height !== undefined ? { height: i.height } : {}),
    };
  });

const imageListSchema = z.preprocess(capped, z.array(imageSchema).optional().nullable());

const detailSchema = z.looseObject({
  result: z.looseObject({ imageList: imageListSchema }).optional().nullable(),
  imageList: imageListSchema,
  code: codeLike.optional().nullable(),
  errorCode: codeLike.optional().nullable(),
  resCode: codeLike.optional().nullable(),
  message: z.string().optional().nullable(),
  errorMessage: z.string().optional().nullable(),
  resMessage: z.string().optional().nullable(),
});

const subTaskSchema = z.looseObject({
  taskStatus: z.string(),
  taskResult: z.preprocess(maybeJson, z.union([detailSchema, z.null(), z.string()]).optional()),
  errorCode: codeLike.optional().nullable(),
  code: codeLike.optional().nullable(),
  resCode: codeLike.optional().nullable(),
  rescode: codeLike.optional().nullable(),
  errorMessage: z.string().optional().nullable(),
  message: z.string().optional().nullable(),
  resMessage: z.string().optional().nullable(),
});

const queryDataSchema = z.looseObject({
  taskId: z.union([z.string(), z.number()]).optional(),
  taskStatus: z.string(),
  taskResult: z.preprocess((v) => capped(maybeJson(v)), z.array(subTaskSchema).optional().nullable()),
});

function readStatus(raw: string, where: string, requestId?: string): TaskStatus {
  const s = raw.trim().toLowerCase();
  if ((TASK_STATUSES as readonly string[]).includes(s)) return s as TaskStatus;
  throw new ContractError({ requestId, providerMessage: `unknown ${where} status "${raw}" (expected one of ${TASK_STATUSES.join(", ")})` });
}

const firstCode = (...codes: Array<string | number | null | undefined>) => codes.find((c) => c !== undefined && c !== null && !isOkCode(c)) ?? undefined;

export function parseQueryResponse(body: string, ctx: EnvelopeContext, askedTaskId: string): QueryResult {
  const { data, requestId } = readEnvelope(body, ctx);
  const d = queryDataSchema.safeParse(data);
  if (!d.success) {
    throw new ContractError({ requestId, providerMessage: `query answer does not match the contract: ${d.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` });
  }
  const status = readStatus(d.data.taskStatus, "task", requestId);
  const subTasks: SubTask[] = (d.data.taskResult ?? []).map((st) => {
    const detail = typeof st.taskResult === "object" && st.taskResult !== null ? st.taskResult : undefined;
    const images = detail?.result?.imageList ?? detail?.imageList ?? [];
    const errorCode = firstCode(st.errorCode, st.resCode, st.rescode, st.code, detail?.errorCode, detail?.resCode, detail?.code);
    const errorMessage = st.errorMessage ?? st.resMessage ?? st.message ?? detail?.errorMessage ?? detail?.resMessage ?? detail?.message ?? (typeof st.taskResult === "string" ? st.taskResult : undefined);
    const sub: SubTask = { status: readStatus(st.taskStatus, "sub-task", requestId), images };
    if (errorCode !== undefined) sub.errorCode = typeof errorCode === "string" && /^\d+$/.test(errorCode) ? Number(errorCode) : errorCode;
    if (errorMessage && (sub.status === "failed" || errorCode !== undefined)) sub.errorMessage = errorMessage;
    return sub;
  });
  const images = subTasks
    .filter((s) => s.status === "finished")
    .flatMap((s) => s.images)
    .slice(0, MAX_PROVIDER_RESULTS);
  const result: QueryResult = { taskId: d.data.taskId !== undefined ? String(d.data.taskId) : askedTaskId, status, subTasks, images, requestId };
  if (status === "failed") {
    const failed = subTasks.find((s) => s.status === "failed" && s.errorCode !== undefined);
    result.failure = failed
      ? errorFromCode(failed.errorCode!, { requestId, providerMessage: failed.errorMessage })
      : errorFromCode(801, { requestId, providerMessage: "task failed without a sub-task error code" });
  }
  return result;
}

// ---------- balance ----------

const balanceDataSchema = z.looseObject({ balance: z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]) });

export function parseBalanceResponse(body: string, ctx: EnvelopeContext): { balance: number; requestId?: string } {
  const { data, requestId } = readEnvelope(body, ctx);
  const d = balanceDataSchema.safeParse(data);
  if (!d.success) throw new ContractError({ requestId, providerMessage: "balance answer has no data.balance" });
  return { balance: d.data.balance, requestId };
}
