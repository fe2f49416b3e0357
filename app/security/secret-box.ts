import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * AES-256-GCM encryption for secrets at rest (provider credentials). A sealed value is
 * `v2.<iv>.<tag>.<ciphertext>` in base64url: a 12-byte random IV, a 16-byte authentication tag, and the
 * shop's domain as additional authenticated data — so a stored value never contains the plain secret,
 * tampering is detected, and a ciphertext copied into another shop's row does not open there.
 *
 * `v1` (no shop binding) is still read, so secrets saved before v2 keep working; callers re-seal them
 * as v2 on read ({@link openSecret} says when). Node's crypto is the well-kept library here.
 */
const VERSION = "v2";
const LEGACY_VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

function keyFrom(hexKey: string): Buffer {
  const key = Buffer.from(hexKey, "hex");
  if (key.length !== 32) throw new Error("Encryption key must be 32 bytes (64 hex characters)");
  return key;
}

/** The shop a ciphertext is bound to, as bytes (domains are case-insensitive). */
function aadFor(shop: string): Buffer {
  const domain = shop.trim().toLowerCase();
  if (!domain) throw new Error("A sealed secret must be bound to a shop");
  return Buffer.from(domain, "utf8");
}

/** Seals `plain` for `shop` (AAD = the shop's domain). */
export function encryptSecret(plain: string, hexKey: string, shop: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(hexKey), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aadFor(shop));
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64url"), tag.toString("base64url"), data.toString("base64url")].join(".");
}

export interface OpenedSecret {
  plain: string;
  /** The same secret sealed in the current format when the stored one was older; store it instead. */
  resealed: string | null;
}

/**
 * Opens a sealed secret of `shop`. Throws when the value is malformed (wrong IV or tag length), was
 * tampered with, was sealed with another key, or (v2) was sealed for another shop.
 */
export function openSecret(sealed: string, hexKey: string, shop: string): OpenedSecret {
  const parts = sealed.split(".");
  const [version, ivText, tagText, data] = parts;
  if (parts.length !== 4 || (version !== VERSION && version !== LEGACY_VERSION) || !ivText || !tagText) {
    throw new Error("Stored secret is not in the expected encrypted format");
  }
  const iv = Buffer.from(ivText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  // A short tag would make forgery cheap; GCM accepts 4..16 bytes unless told otherwise.
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error("Stored secret is not in the expected encrypted format");
  const decipher = createDecipheriv("aes-256-gcm", keyFrom(hexKey), iv, { authTagLength: TAG_BYTES });
  if (version === VERSION) decipher.setAAD(aadFor(shop));
  decipher.setAuthTag(tag);
  const plain = Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
  return { plain, resealed: version === VERSION ? null : encryptSecret(plain, hexKey, shop) };
}

/** Opens a sealed secret of `shop` (see {@link openSecret}). */
export function decryptSecret(sealed: string, hexKey: string, shop: string): string {
  return openSecret(sealed, hexKey, shop).plain;
}

/** For display: "••••••••cdef" — never more than the last four characters. */
export function maskSecret(plain: string | null | undefined): string | null {
  if (!plain) return null;
  return `${"•".repeat(8)}${plain.slice(-4)}`;
}
