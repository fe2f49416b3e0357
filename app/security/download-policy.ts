/**
 * What a result download may fetch: the policy (hosts, trusted local origin, size, types, deadline),
 * the provider's result hosts, and the error every refusal throws. Kept apart from the checks so
 * callers configure downloads without loading the network code.
 */

export type UnsafeDownloadReason =
  | "invalid_url"
  | "scheme_not_allowed"
  | "credentials_in_url"
  | "host_not_allowed"
  | "private_address"
  | "too_many_redirects"
  | "http_status"
  | "content_type"
  | "too_large"
  | "not_an_image"
  | "timeout"
  | "network";

/** Thrown for every refused or failed download; `reason` is machine-readable, `message` is merchant text. */
export class UnsafeDownloadError extends Error {
  constructor(
    readonly reason: UnsafeDownloadReason,
    message: string,
  ) {
    super(message);
    this.name = "UnsafeDownloadError";
  }
}

export interface DownloadPolicy {
  /**
   * Hosts results may come from: exact names ("api.aidc-ai.com") or suffix patterns ("*.aliyuncs.com",
   * which matches sub-domains only). Compared case-insensitively, without port.
   */
  allowedHosts: readonly string[];
  /**
   * Exact origins (scheme://host:port) that are trusted although they are http or on a private address:
   * the local try-on stand-in configured by AIDGE_BASE_URL in development and tests. Never set in production.
   */
  trustedOrigins?: readonly string[];
  /** Largest body accepted, in bytes. Default 20 MiB (a 3000×3000 PNG is well below). */
  maxBytes?: number;
  /** Content types accepted (media type only, no parameters). Default png, jpeg, webp. */
  allowedContentTypes?: readonly string[];
  /** Overall deadline for the whole download including redirects, in ms. Default 30 000. */
  timeoutMs?: number;
  /** Redirects followed, each re-checked. Default 3. */
  maxRedirects?: number;
}

export interface DownloadedImage {
  bytes: Buffer;
  contentType: string;
  /** The URL the bytes finally came from (after redirects). */
  url: string;
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_CONTENT_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;

/**
 * Hosts Aidge serves try-on results from. The API hosts themselves, and Alibaba Cloud object storage /
 * CDN, where Aidge's documented result URLs live (signed OSS URLs; spec §4.4).
 */
export const PROVIDER_RESULT_HOSTS = ["api.aidc-ai.com", "cn-api.aidc-ai.com", "*.aidc-ai.com", "*.aliyuncs.com", "*.alicdn.com"] as const;

/**
 * The policy for try-on results: the provider's hosts, plus the configured AIDGE_BASE_URL origin when
 * one is set (the local stand-in). Pass `production: true` to refuse a non-https base URL.
 */
export function resultDownloadPolicy(options: { aidgeBaseUrl?: string; production?: boolean; extraHosts?: readonly string[] } = {}): DownloadPolicy {
  const trustedOrigins: string[] = [];
  if (options.aidgeBaseUrl) {
    const base = new URL(options.aidgeBaseUrl);
    if (options.production && base.protocol !== "https:") {
      throw new UnsafeDownloadError("scheme_not_allowed", `AIDGE_BASE_URL must be https in production (got ${base.origin})`);
    }
    trustedOrigins.push(base.origin);
  }
  return { allowedHosts: [...PROVIDER_RESULT_HOSTS, ...(options.extraHosts ?? [])], trustedOrigins };
}
