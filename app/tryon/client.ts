/**
 * The Aidge Virtual Try-on HTTP client: submit, query, poll and balance over the signed-URL protocol.
 * Plain TypeScript (no Remix/Prisma): dependencies come in through the factory so tests can swap them.
 */
import { ContractError, errorFromCode, InvalidInputError, NetworkError, ProviderFailureError, RateLimitedError, TimeoutError, TryOnError, GatewayError } from "./errors";
import { parseBalanceResponse, parseQueryResponse, parseSubmitResponse, isTerminalStatus, type EnvelopeContext, type QueryResult, type SubmitResult } from "./responses";
import { abortableSleep, DEFAULT_RETRY, withRetry, type RetryOptions } from "./retry";
import { expectedImageCount, validateTryOnRequest, type TryOnRequest, type TryOnRequestInput } from "./schema";
import { API_BALANCE, API_QUERY, API_SUBMIT, buildSignedUrl, type AidgeRegion } from "./sign";
import { encodeBalanceBody, encodeQueryBody, encodeSubmitBody } from "./wire";

export interface TryOnClientOptions {
  /** The Aidge "API key name" (AccessKey), e.g. "512345". */
  appKey: string;
  appSecret: string;
  /** Site the key and quota were bought on; default "global". */
  region?: AidgeRegion;
  /** Origin override (AIDGE_BASE_URL), e.g. "http://127.0.0.1:4010" for the local try-on service. */
  baseUrl?: string;
  /** Send `x-iop-trial: true` to draw on the free trial quota; default false (header omitted, like Go/Java). */
  trial?: boolean;
  /** fetch implementation; default globalThis.fetch. */
  fetch?: typeof fetch;
  /** Per-HTTP-call timeout in ms (connect + answer); default 30000 (the Java sample's read timeout). */
  timeoutMs?: number;
  /** Backoff for transient failures (network, 500, platform gateway errors). */
  retry?: RetryOptions;
  /** Clock in epoch ms, used for the signed timestamp; default Date.now. */
  now?: () => number;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the client's per-call timeout, in ms. */
  timeoutMs?: number;
}

export interface SubmitOutcome extends SubmitResult {
  /** The validated request actually sent (defaults applied). */
  request: TryOnRequest;
  /** Number of images the task will produce (model photos, else generateCount). */
  expectedImages: number;
}

export interface PollOptions extends CallOptions {
  /** Give up after this many ms in total; default 600000 (10 min). */
  deadlineMs?: number;
  /** Wait before the first query, in ms; default 2000. */
  initialDelayMs?: number;
  /** Longest wait between queries, in ms; default 10000. */
  maxDelayMs?: number;
  /** Growth of the wait after each non-terminal answer; default 1.5. */
  factor?: number;
  /** Sees every answer (for progress). */
  onUpdate?: (result: QueryResult) => void;
}

export interface TryOnClient {
  /** Validates locally (InvalidInputError with field issues), then submits; answers the task id. */
  submit(request: TryOnRequestInput, options?: CallOptions): Promise<SubmitOutcome>;
  /** One query of the task's state and results. */
  query(taskId: string, options?: CallOptions): Promise<QueryResult>;
  /** Queries with growing waits until finished or failed; slows down on 501; TimeoutError at the deadline. */
  poll(taskId: string, options?: PollOptions): Promise<QueryResult>;
  /** Remaining calls for an API path (default the submit API). Slow upstream: call about daily. */
  balance(apiPath?: string, options?: CallOptions): Promise<{ balance: number; requestId?: string }>;
}

type Operation = "submit" | "query" | "balance";

function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/**
 * Hot retries (inside one call) only for transient transport-level failures. A submit is not retried
 * after a timeout: the request may have reached Aidge, and a second one could create (and bill) a
 * duplicate task. 501 is never hot-retried: it goes to the caller's rate limiter.
 */
function isHotRetryable(error: unknown, op: Operation): boolean {
  if (error instanceof RateLimitedError) return false;
  if (error instanceof TimeoutError) return op !== "submit";
  if (error instanceof NetworkError) return true;
  if (error instanceof ProviderFailureError) return error.code === 500;
  if (error instanceof GatewayError) return error.retryable;
  return false;
}

/** Image errors name the garment URL (the provider does not echo it). */
function withImageUrl(error: unknown, imageUrl: string): unknown {
  if (!(error instanceof TryOnError) || ![701, 703, 707].includes(error.code as number) || error.details.imageUrl) return error;
  return errorFromCode(error.code, { ...error.details, imageUrl, providerMessage: error.providerMessage, requestId: error.requestId, cause: error.cause });
}

export function createTryOnClient(options: TryOnClientOptions): TryOnClient {
  if (!options.appKey || !options.appSecret) throw new Error("createTryOnClient: appKey and appSecret are required (AIDGE_APP_KEY / AIDGE_APP_SECRET)");
  const doFetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const defaultTimeout = options.timeoutMs ?? 30_000;
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...options.retry };

  /** One signed POST; classifies transport failures; returns the raw body and context. */
  async function post(apiName: string, body: string, call: CallOptions): Promise<{ text: string; ctx: EnvelopeContext }> {
    const url = buildSignedUrl({ apiName, appKey: options.appKey, appSecret: options.appSecret, timestamp: now(), region: options.region, baseUrl: options.baseUrl });
    const timeoutMs = call.timeoutMs ?? defaultTimeout;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (options.trial) headers["x-iop-trial"] = "true";
    try {
      const res = await doFetch(url, { method: "POST", headers, body, signal });
      const text = await res.text();
      return { text, ctx: { httpStatus: res.status, retryAfterMs: parseRetryAfter(res.headers.get("retry-after"), now()) } };
    } catch (error) {
      if (call.signal?.aborted) throw call.signal.reason;
      if (timeout.aborted) throw new TimeoutError({ providerMessage: `no answer from ${apiName} within ${timeoutMs} ms`, cause: error });
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new NetworkError({ providerMessage: `${apiName}: ${cause?.code ?? cause?.message ?? (error as Error).message}`, cause: error });
    }
  }

  function call<T>(op: Operation, apiName: string, body: string, parse: (text: string, ctx: EnvelopeContext) => T, o: CallOptions): Promise<T> {
    return withRetry(
      async () => {
        const { text, ctx } = await post(apiName, body, o);
        return parse(text, ctx);
      },
      {
        ...retry,
        signal: o.signal,
        shouldRetry: (e) => isHotRetryable(e, op),
        retryAfterMs: (e) => (e instanceof TryOnError ? e.details.retryAfterMs : undefined),
      },
    );
  }

  const client: TryOnClient = {
    async submit(input, o = {}) {
      const v = validateTryOnRequest(input);
      if (!v.ok) throw new InvalidInputError({ fields: v.issues, providerMessage: "rejected by local validation before any call" });
      let result: SubmitResult;
      try {
        result = await call("submit", API_SUBMIT, encodeSubmitBody(v.value), parseSubmitResponse, o);
      } catch (error) {
        throw withImageUrl(error, v.value.clothesList[0].imageUrl);
      }
      return { ...result, request: v.value, expectedImages: expectedImageCount(v.value) };
    },

    async query(taskId, o = {}) {
      if (!taskId) throw new InvalidInputError({ fields: [{ field: "task_id", message: "is required" }] });
      const result = await call("query", API_QUERY, encodeQueryBody(taskId), (t, c) => parseQueryResponse(t, c, taskId), o);
      if (result.taskId !== taskId) {
        throw new ContractError({ requestId: result.requestId, providerMessage: `asked for task ${taskId}, got ${result.taskId}` });
      }
      return result;
    },

    async poll(taskId, o = {}) {
      const started = now();
      const deadline = o.deadlineMs ?? 600_000;
      const maxDelay = o.maxDelayMs ?? 10_000;
      const factor = o.factor ?? 1.5;
      let delay = o.initialDelayMs ?? 2_000;
      const sleep = retry.sleep ?? abortableSleep;
      for (;;) {
        const remaining = deadline - (now() - started);
        if (remaining <= 0) throw new TimeoutError({ providerMessage: `task ${taskId} did not finish within ${deadline} ms` });
        await sleep(Math.min(delay, remaining), o.signal);
        try {
          const result = await client.query(taskId, o);
          o.onUpdate?.(result);
          if (isTerminalStatus(result.status)) return result;
          delay = Math.min(maxDelay, Math.max(1, delay * factor));
        } catch (error) {
          // 501 while polling: slow down instead of failing the task.
          if (!(error instanceof RateLimitedError)) throw error;
          delay = Math.min(maxDelay, Math.max(delay * 2, error.retryAfterMs ?? 0, 1));
        }
      }
    },

    async balance(apiPath = API_SUBMIT, o = {}) {
      return call("balance", API_BALANCE, encodeBalanceBody(apiPath), parseBalanceResponse, o);
    },
  };
  return client;
}
