import http from "node:http";
import https from "node:https";
import dns from "node:dns";
import { DEFAULT_CONTENT_TYPES, DEFAULT_MAX_BYTES, UnsafeDownloadError, type DownloadedImage, type DownloadPolicy } from "./download-policy";
import { checkDownloadUrl } from "./download-url";
import { isPrivateAddress } from "./private-address";

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
 *
 * This file connects and reads the body; what is allowed is download-policy.ts, the URL checks
 * download-url.ts and the address ranges private-address.ts.
 */

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
