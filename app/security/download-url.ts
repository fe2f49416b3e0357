/**
 * The checks one result URL must pass before any connection (scheme, credentials, host allow-list,
 * IP literals). Run again on every redirect by safe-download.ts.
 */
import { isIP } from "node:net";
import { UnsafeDownloadError, type DownloadPolicy } from "./download-policy";
import { isPrivateAddress } from "./private-address";

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
