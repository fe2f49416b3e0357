/**
 * The one retry policy for HTTP calls to the try-on service: capped exponential backoff with jitter,
 * honouring a server hint (Retry-After), cancellable through an AbortSignal.
 * The job-level table (how often a *task* is retried per error code) is `retryPolicyFor` in errors.ts.
 */

export interface RetryOptions {
  /** Retries after the first attempt; default 2. */
  maxRetries?: number;
  /** First backoff step in ms; default 300. */
  baseDelayMs?: number;
  /** Upper bound of one backoff in ms; default 8000. */
  maxDelayMs?: number;
  /** Random source in [0, 1); injectable for tests. */
  random?: () => number;
  /** Sleep implementation; injectable for tests. Must reject with signal.reason when aborted. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_RETRY: Required<Omit<RetryOptions, "sleep" | "random">> = {
  maxRetries: 2,
  baseDelayMs: 300,
  maxDelayMs: 8000,
};

/**
 * Delay before retry number `retry` (0-based): equal jitter over min(max, base·2^retry), so it is
 * never below half the step; never less than the server's hint, but capped at maxDelayMs.
 */
export function backoffDelay(retry: number, options: RetryOptions = {}, retryAfterMs?: number): number {
  const base = options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs;
  const cap = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  const random = options.random ?? Math.random;
  const step = Math.min(cap, base * 2 ** retry);
  const jittered = step / 2 + random() * (step / 2);
  return Math.round(Math.min(cap, Math.max(jittered, retryAfterMs ?? 0)));
}

/** Resolves after `ms`, or rejects with the signal's reason when aborted first. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export interface WithRetryOptions extends RetryOptions {
  signal?: AbortSignal;
  /** Whether this error (after `retriesSoFar` retries) deserves another attempt. */
  shouldRetry: (error: unknown, retriesSoFar: number) => boolean;
  /** Server hint for the next delay, in ms. */
  retryAfterMs?: (error: unknown) => number | undefined;
  /** Called before each sleep (for logs and metrics). */
  onRetry?: (error: unknown, retry: number, delayMs: number) => void;
}

/** Runs `fn` and retries it per the policy. The last error is rethrown unchanged. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, o: WithRetryOptions): Promise<T> {
  const maxRetries = o.maxRetries ?? DEFAULT_RETRY.maxRetries;
  const sleep = o.sleep ?? abortableSleep;
  for (let attempt = 0; ; attempt++) {
    if (o.signal?.aborted) throw o.signal.reason;
    try {
      return await fn(attempt);
    } catch (error) {
      if (o.signal?.aborted) throw o.signal.reason;
      if (attempt >= maxRetries || !o.shouldRetry(error, attempt)) throw error;
      const delay = backoffDelay(attempt, o, o.retryAfterMs?.(error));
      o.onRetry?.(error, attempt + 1, delay);
      await sleep(delay, o.signal);
    }
  }
}
