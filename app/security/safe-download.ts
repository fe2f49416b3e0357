import http from "node:http";
import https from "node:https";
import dns from "node:dns";
import { BlockList, isIP } from "node:net";

/**
 * Downloads a try-on result from the provider — and nothing else. A result URL comes from a third
 * party's response, so it is untrusted input: a crafted URL must not make the app fetch from its own
 * network (loopback, link-local cloud metadata at 169.254.169.254, private ranges) or from any host
 * that is not the provider's, and must not make it buffer an unbounded or non-image body.
 *
 * Checks, in order: scheme (https; http only for the configured local origin), no credentials in the
 * URL, host on the allow-list, the ADDRESS actually connected to is public (checked inside the socket's
 * DNS lookup, so DNS rebinding cannot swap in a private address after the check), every redirect
 * re-checked (at most `maxRedirects`), HTTP 200, Content-Type an allowed image type, Content-Length and
 * the streamed byte count within `maxBytes`, the bytes start with that image type's signature, and an
 * overall deadline.
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

// ---------------------------------------------------------------------------------------------------
// Address checks

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], // "this" network
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 96], // unspecified, loopback (::1) and IPv4-compatible ::a.b.c.d (deprecated; embeds IPv4)
  ["::ffff:0:0:0", 96], // IPv4-translated (SIIT; embeds IPv4)
  ["64:ff9b::", 96], // NAT64 well-known prefix (embeds IPv4: 64:ff9b::7f00:1 is 127.0.0.1)
  ["64:ff9b:1::", 48], // NAT64 local-use prefix (embeds IPv4)
  ["2002::", 16], // 6to4 (embeds IPv4: 2002:7f00:1:: reaches 127.0.0.1 through a relay)
  ["100::", 64], // discard
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated, still routed inside some networks)
  ["ff00::", 8], // multicast
] as const) {
  blocked.addSubnet(net, prefix, "ipv6");
}

/** True for loopback, link-local, private, reserved and other non-public addresses (IPv4 and IPv6). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) {
    const lower = address.toLowerCase();
    // IPv4-mapped (::ffff:a.b.c.d or ::ffff:7f00:1) and IPv4-compatible addresses carry an IPv4 inside.
    const mapped = /^::(ffff:)?(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
    if (mapped) return blocked.check(mapped[2], "ipv4");
    const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
    if (hexMapped) {
      const hi = parseInt(hexMapped[1], 16);
      const lo = parseInt(hexMapped[2], 16);
      return blocked.check(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, "ipv4");
    }
    return blocked.check(lower, "ipv6");
  }
  return true; // not an address at all: refuse
}

function hostAllowed(hostname: string, allowed: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return allowed.some((pattern) => {
    const p = pattern.toLowerCase();
    if (p.startsWith("*.")) return host.endsWith(p.slice(1)) && host.length > p.length - 1;
    return host === p;
  });
}

/** Brackets stripped: URL keeps IPv6 hosts as "[::1]". */
const bareHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, "$1");

/**
 * The synchronous checks of one URL (no network): scheme, credentials, host allow-list, IP literals.
 * Returns the parsed URL and whether it is a trusted (local stand-in) origin.
 */
export function checkDownloadUrl(raw: string, policy: DownloadPolicy): { url: URL; trusted: boolean } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeDownloadError("invalid_url", "The result link is not a valid URL.");
  }
  const trusted = (policy.trustedOrigins ?? []).includes(url.origin);
  if (url.protocol !== "https:" && !(trusted && url.protocol === "http:")) {
    throw new UnsafeDownloadError("scheme_not_allowed", `The result link uses ${url.protocol.replace(":", "")}; only https links from the try-on provider are downloaded.`);
  }
  if (url.username || url.password) {
    throw new UnsafeDownloadError("credentials_in_url", "The result link carries a user name or password; it was refused.");
  }
  if (trusted) return { url, trusted };
  const host = bareHost(url);
  if (isIP(host)) {
    throw new UnsafeDownloadError(
      isPrivateAddress(host) ? "private_address" : "host_not_allowed",
      `The result link points to the address ${host}, not to the try-on provider; it was refused.`,
    );
  }
  if (!hostAllowed(host, policy.allowedHosts)) {
    throw new UnsafeDownloadError("host_not_allowed", `The result link points to ${host}, which is not a host of the try-on provider; it was refused.`);
  }
  return { url, trusted };
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A socket lookup that refuses private addresses: the address is checked where the connection is made,
 * so a host that resolves to a public address for a pre-check and a private one for the connect
 * (DNS rebinding) is still refused.
 */
function guardedLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, "", 0);
    const list = addresses as dns.LookupAddress[];
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad || list.length === 0) {
      const error = new UnsafeDownloadError("private_address", `The result host ${hostname} resolves to a private address (${bad?.address ?? "none"}); it was refused.`);
      return callback(error as unknown as NodeJS.ErrnoException, "", 0);
    }
    if (options.all) return callback(null, list);
    callback(null, list[0].address, list[0].family);
  });
}

const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  "image/png": (b) => b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  "image/jpeg": (b) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  "image/webp": (b) => b.length >= 12 && b.toString("latin1", 0, 4) === "RIFF" && b.toString("latin1", 8, 12) === "WEBP",
};

interface OneHop {
  status: number;
  location: string | null;
  contentType: string;
  bytes: Buffer | null;
}

function fetchOnce(url: URL, trusted: boolean, policy: Required<Omit<DownloadPolicy, "trustedOrigins" | "allowedHosts">>, signal: AbortSignal): Promise<OneHop> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    const request = client.request(
      url,
      {
        method: "GET",
        headers: { Accept: policy.allowedContentTypes.join(", "), "User-Agent": "FittingRoom/1 (result download)" },
        // The trusted local origin is configured by the operator and may be loopback.
        ...(trusted ? {} : { lookup: guardedLookup as unknown as typeof dns.lookup }),
        signal,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          response.resume();
          return resolve({ status, location: response.headers.location ?? null, contentType: "", bytes: null });
        }
        if (status !== 200) {
          response.resume();
          return reject(new UnsafeDownloadError("http_status", `The try-on provider answered HTTP ${status} for the result image.`));
        }
        const contentType = String(response.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
        if (!policy.allowedContentTypes.includes(contentType)) {
          response.destroy();
          return reject(new UnsafeDownloadError("content_type", `The result is "${contentType || "without a content type"}", not an image (${policy.allowedContentTypes.join(", ")}).`));
        }
        const declared = Number(response.headers["content-length"]);
        if (Number.isFinite(declared) && declared > policy.maxBytes) {
          response.destroy();
          return reject(new UnsafeDownloadError("too_large", `The result image is ${declared} bytes; at most ${policy.maxBytes} bytes are accepted.`));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > policy.maxBytes) {
            response.destroy();
            reject(new UnsafeDownloadError("too_large", `The result image is larger than ${policy.maxBytes} bytes; it was refused.`));
            return;
          }
          chunks.push(chunk);
        });
        response.on("end", () => resolve({ status, location: null, contentType, bytes: Buffer.concat(chunks) }));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end();
  });
}

/**
 * Downloads one result image under the policy. Throws {@link UnsafeDownloadError} for every refusal
 * or failure; never returns a partial or unchecked body.
 */
export async function safeDownload(rawUrl: string, policy: DownloadPolicy): Promise<DownloadedImage> {
  const limits = {
    maxBytes: policy.maxBytes ?? DEFAULT_MAX_BYTES,
    allowedContentTypes: policy.allowedContentTypes ?? DEFAULT_CONTENT_TYPES,
    timeoutMs: policy.timeoutMs ?? 30_000,
    maxRedirects: policy.maxRedirects ?? 3,
  };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  try {
    let current = rawUrl;
    for (let hop = 0; ; hop++) {
      const { url, trusted } = checkDownloadUrl(current, policy);
      let result: OneHop;
      try {
        result = await fetchOnce(url, trusted, limits, controller.signal);
      } catch (error) {
        if (error instanceof UnsafeDownloadError) throw error;
        if (controller.signal.aborted) {
          throw new UnsafeDownloadError("timeout", `The result image did not arrive within ${Math.round(limits.timeoutMs / 1000)} s.`);
        }
        // Node wraps a lookup callback error; keep our own refusal when it is one.
        const cause = (error as { cause?: unknown }).cause;
        if (cause instanceof UnsafeDownloadError) throw cause;
        throw new UnsafeDownloadError("network", `The result image could not be downloaded (${(error as Error).message}).`);
      }
      if (result.bytes === null) {
        if (!result.location) throw new UnsafeDownloadError("http_status", `The try-on provider answered HTTP ${result.status} without a location.`);
        if (hop >= limits.maxRedirects) throw new UnsafeDownloadError("too_many_redirects", `The result link redirected more than ${limits.maxRedirects} times.`);
        current = new URL(result.location, url).toString();
        continue;
      }
      const sniff = SIGNATURES[result.contentType];
      if (sniff && !sniff(result.bytes)) {
        throw new UnsafeDownloadError("not_an_image", `The result claims to be ${result.contentType} but its bytes are not; it was refused.`);
      }
      return { bytes: result.bytes, contentType: result.contentType, url: url.toString() };
    }
  } finally {
    clearTimeout(timer);
  }
}
