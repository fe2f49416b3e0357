/**
 * Typed try-on errors: one class per kind of failure, chosen by one factory (`errorFromCode`).
 * Callers branch with `instanceof`; every error carries the provider code, whether a retry can help,
 * a specific merchant-facing message and the provider's request id for support.
 * Codes and meanings: spec §5 (match on the number, never the text).
 *
 * One file because it is one table read three ways: which class a provider code becomes
 * (`errorFromCode`), whether and how often it is retried (each class's `retryable`, `retryPolicyFor`),
 * and the kind callers branch on; a code added to one of them must be added to the others. The
 * merchant's wording lives in error-messages.ts.
 */
import {
  authMessage,
  CONTENT_MESSAGES,
  CONTRACT_MESSAGE,
  gatewayMessage,
  imageDownloadMessage,
  invalidInputMessage,
  NETWORK_MESSAGE,
  notFlatLayMessage,
  providerFailureMessage,
  QUOTA_EXHAUSTED_MESSAGE,
  RATE_LIMITED_MESSAGE,
  resolutionMessage,
  TIMEOUT_MESSAGE,
} from "./error-messages";
import type { FieldIssue } from "./schema";

export type TryOnErrorKind =
  | "invalid_input"
  | "image_download"
  | "resolution"
  | "not_flat_lay"
  | "content_safety"
  | "rate_limited"
  | "provider_failure"
  | "gateway"
  | "auth"
  | "quota_exhausted"
  | "network"
  | "timeout"
  | "contract";

/** Context that makes a message specific. */
export interface TryOnErrorDetails {
  /** 700: the offending fields. */
  fields?: FieldIssue[];
  /** The garment (or model) image URL concerned. */
  imageUrl?: string;
  /** 703: measured size, when known. */
  width?: number;
  height?: number;
  /** 707: why the image is not a flat lay. */
  reasons?: string[];
  /** 501 / 5xx: server hint (Retry-After), in ms. */
  retryAfterMs?: number;
  /** Gateway envelope `type` (ISV, ISP, SYSTEM). */
  gatewayType?: string;
  /** HTTP status of the response, if any. */
  httpStatus?: number;
}

export interface TryOnErrorInit extends TryOnErrorDetails {
  /** The provider's own message (resMessage / message). */
  providerMessage?: string;
  requestId?: string;
  /** Overrides the default merchant message. */
  merchantMessage?: string;
  cause?: unknown;
}

export abstract class TryOnError extends Error {
  abstract readonly kind: TryOnErrorKind;
  /** Provider code: a number from §5, a gateway string code, or NETWORK / TIMEOUT / CONTRACT. */
  readonly code: number | string;
  /** Whether repeating the same call may succeed. */
  readonly retryable: boolean;
  /** Plain, specific, actionable text for the merchant. */
  readonly merchantMessage: string;
  readonly providerMessage?: string;
  readonly requestId?: string;
  readonly details: TryOnErrorDetails;

  protected constructor(code: number | string, retryable: boolean, merchantMessage: string, init: TryOnErrorInit) {
    const { providerMessage, requestId, merchantMessage: _m, cause, ...details } = init;
    super(`[${code}] ${providerMessage ?? merchantMessage}${requestId ? ` (request ${requestId})` : ""}`, { cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = retryable;
    this.merchantMessage = init.merchantMessage ?? merchantMessage;
    this.providerMessage = providerMessage;
    this.requestId = requestId;
    this.details = details;
  }

  toJSON() {
    return { name: this.name, kind: this.kind, code: this.code, retryable: this.retryable, merchantMessage: this.merchantMessage, providerMessage: this.providerMessage, requestId: this.requestId };
  }
}

/** 700: the parameters do not meet the requirements (local validation or the provider's). */
export class InvalidInputError extends TryOnError {
  readonly kind = "invalid_input" as const;
  readonly fields: FieldIssue[];
  constructor(init: TryOnErrorInit = {}) {
    const fields = init.fields ?? [];
    super(700, false, invalidInputMessage(fields, init.providerMessage), init);
    this.fields = fields;
  }
}

/** 701: the garment image could not be downloaded by the provider. */
export class ImageDownloadError extends TryOnError {
  readonly kind = "image_download" as const;
  constructor(init: TryOnErrorInit = {}) {
    super(701, false, imageDownloadMessage(init.imageUrl), init);
  }
}

/** 703: the garment resolution is outside (500×500, 3000×3000]. */
export class ResolutionError extends TryOnError {
  readonly kind = "resolution" as const;
  constructor(init: TryOnErrorInit = {}) {
    super(703, false, resolutionMessage(init.width, init.height), init);
  }
}

/** 707: the garment is not a complete flat lay (only when inputQualityDetect = 1). */
export class NotFlatLayError extends TryOnError {
  readonly kind = "not_flat_lay" as const;
  constructor(init: TryOnErrorInit = {}) {
    super(707, false, notFlatLayMessage(init.reasons), init);
  }
}

/** 1000 (sensitive content), 1001 (content check failed; one retry), 1002 (risk filter failure). */
export class ContentSafetyError extends TryOnError {
  readonly kind = "content_safety" as const;
  constructor(code: 1000 | 1001 | 1002, init: TryOnErrorInit = {}) {
    super(code, code === 1001, CONTENT_MESSAGES[code], init);
  }
}

/** 501: rate limit exceeded — a slow-down signal for the caller's rate limiter, not a hot retry. */
export class RateLimitedError extends TryOnError {
  readonly kind = "rate_limited" as const;
  /** Server hint in ms, when given (Retry-After). */
  readonly retryAfterMs?: number;
  constructor(init: TryOnErrorInit = {}) {
    super(501, true, RATE_LIMITED_MESSAGE, init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** 500 (system error) and 801 (model failed): failures on the provider's side. */
export class ProviderFailureError extends TryOnError {
  readonly kind = "provider_failure" as const;
  constructor(code: number, init: TryOnErrorInit = {}) {
    const known = code === 500 || code === 801;
    super(code, known, providerFailureMessage(code, init.providerMessage), init);
  }
}

/** A gateway (IOP envelope) error that is not about credentials or quota. */
export class GatewayError extends TryOnError {
  readonly kind: TryOnErrorKind = "gateway";
  constructor(code: string, init: TryOnErrorInit = {}, retryable?: boolean, merchantMessage?: string) {
    // ISP / SYSTEM errors are the platform's; ISV errors are the caller's and do not heal on retry.
    const r = retryable ?? (init.gatewayType === "ISP" || init.gatewayType === "SYSTEM" || (init.httpStatus ?? 0) >= 500);
    super(code, r, merchantMessage ?? gatewayMessage(code, init.providerMessage), init);
  }
}

/** Bad signature, unknown app key or stale timestamp. */
export class AuthError extends GatewayError {
  override readonly kind = "auth" as const;
  constructor(code: string, init: TryOnErrorInit = {}) {
    super(code, init, false, authMessage(code));
  }
}

/** NoResource / "Sorry, your calling resources have been exhausted". */
export class QuotaExhaustedError extends GatewayError {
  override readonly kind = "quota_exhausted" as const;
  constructor(code: string, init: TryOnErrorInit = {}) {
    super(code, init, false, QUOTA_EXHAUSTED_MESSAGE);
  }
}

/** The service could not be reached or the connection broke. */
export class NetworkError extends TryOnError {
  readonly kind: TryOnErrorKind = "network";
  constructor(init: TryOnErrorInit = {}, code: string = "NETWORK", merchantMessage?: string) {
    super(code, true, merchantMessage ?? NETWORK_MESSAGE, init);
  }
}

/** No answer within the per-call timeout. */
export class TimeoutError extends NetworkError {
  override readonly kind = "timeout" as const;
  constructor(init: TryOnErrorInit = {}) {
    super(init, "TIMEOUT", TIMEOUT_MESSAGE);
  }
}

/** The answer does not match the contract (unknown status, missing task id, not JSON…). */
export class ContractError extends TryOnError {
  readonly kind = "contract" as const;
  constructor(init: TryOnErrorInit = {}) {
    super("CONTRACT", false, CONTRACT_MESSAGE, init);
  }
}

/** Gateway codes about credentials (the stand-in's codes plus the usual IOP names). */
const AUTH_CODES = new Set([
  "IncompleteSignature",
  "InvalidSignature",
  "InvalidAppKey",
  "AppKeyNotExist",
  "InvalidTimestamp",
  "TimestampExpired",
  "MissingAppKey",
  "MissingSignature",
  "MissingTimestamp",
  "InvalidSignMethod",
  "InvalidPartner",
  "AccessDenied",
]);
const QUOTA_TEXT = /calling resources have been exhausted/i;

/**
 * The one factory: maps a provider code (and message) to the error class for it.
 * Numbers (or numeric strings) are business codes from spec §5; other strings are gateway codes.
 */
export function errorFromCode(code: number | string, init: TryOnErrorInit = {}): TryOnError {
  const numeric = typeof code === "number" ? code : /^\d+$/.test(code.trim()) ? Number(code) : undefined;
  if (numeric !== undefined) {
    switch (numeric) {
      case 700:
        return new InvalidInputError(init);
      case 701:
        return new ImageDownloadError(init);
      case 703:
        return new ResolutionError(init);
      case 707:
        return new NotFlatLayError(init);
      case 1000:
      case 1001:
      case 1002:
        return new ContentSafetyError(numeric, init);
      case 501:
        return new RateLimitedError(init);
      default:
        return new ProviderFailureError(numeric, init);
    }
  }
  const c = String(code);
  if (c === "NoResource" || QUOTA_TEXT.test(init.providerMessage ?? "")) return new QuotaExhaustedError(c, init);
  if (AUTH_CODES.has(c)) return new AuthError(c, init);
  if (c === "NETWORK") return new NetworkError(init);
  if (c === "TIMEOUT") return new TimeoutError(init);
  if (c === "CONTRACT") return new ContractError(init);
  return new GatewayError(c, init);
}

/** How the job pipeline treats a failure (spec §5 "Retry?"). */
export interface RetryDecision {
  retry: boolean;
  /** Retries after the first attempt (0 = never retry). Infinity for rate limits. */
  maxRetries: number;
  /** Total attempts including the first (maxRetries + 1). */
  maxAttempts: number;
  /** True for 501: wait for the rate limiter; the delay does not spend an attempt. */
  rateLimited: boolean;
}

const decision = (maxRetries: number, rateLimited = false): RetryDecision => ({
  retry: maxRetries > 0,
  maxRetries,
  maxAttempts: maxRetries + 1,
  rateLimited,
});

/**
 * The retry table for the pipeline (job level): 500 up to 3 retries; 801 and 1001 once; 501 waits on the
 * rate limiter without spending attempts; 700/701/703/707/1000/1002, auth, quota and contract never;
 * network/timeout and ISP/SYSTEM gateway errors up to 3.
 */
export function retryPolicyFor(error: unknown): RetryDecision {
  if (!(error instanceof TryOnError)) return decision(0);
  if (error instanceof RateLimitedError) return decision(Infinity, true);
  switch (error.code) {
    case 500:
      return decision(3);
    case 801:
    case 1001:
      return decision(1);
    case 700:
    case 701:
    case 703:
    case 707:
    case 1000:
    case 1002:
      return decision(0);
  }
  if (error instanceof NetworkError) return decision(3);
  if (error instanceof AuthError || error instanceof QuotaExhaustedError || error instanceof ContractError) return decision(0);
  if (error instanceof GatewayError) return decision(error.retryable ? 3 : 0);
  return decision(0);
}
