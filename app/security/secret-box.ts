import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * AES-256-GCM encryption for secrets at rest (provider credentials). Output is
 * `v1.<iv>.<tag>.<ciphertext>` in base64url, so a stored value never contains the plain secret and
 * tampering is detected on decrypt. Node's crypto is the well-kept library here.
 */
const VERSION = "v1";

function keyFrom(hexKey: string): Buffer {
  const key = Buffer.from(hexKey, "hex");
  if (key.length !== 32) throw new Error("Encryption key must be 32 bytes (64 hex characters)");
  return key;
}

export function encryptSecret(plain: string, hexKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(hexKey), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64url"), tag.toString("base64url"), data.toString("base64url")].join(".");
}

export function decryptSecret(sealed: string, hexKey: string): string {
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || data === undefined) {
    throw new Error("Stored secret is not in the expected encrypted format");
  }
  const decipher = createDecipheriv("aes-256-gcm", keyFrom(hexKey), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}

/** For display: "••••••••cdef" — never more than the last four characters. */
export function maskSecret(plain: string | null | undefined): string | null {
  if (!plain) return null;
  return `${"•".repeat(8)}${plain.slice(-4)}`;
}
