import { createCipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, maskSecret, openSecret } from "./secret-box";

const key = "0f".repeat(32);
const SHOP = "alpha.myshopify.com";
const OTHER = "beta.myshopify.com";

/** A value sealed the way the app did before v2 (no shop bound to it). */
function legacySeal(plain: string, hexKey: string, iv = randomBytes(12), tagLength = 16): string {
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(hexKey, "hex"), iv, { authTagLength: tagLength });
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(".");
}

describe("secrets at rest (AES-256-GCM)", () => {
  it("GIVEN a secret WHEN sealed and opened THEN it round-trips and the sealed form hides it", () => {
    const sealed = encryptSecret("TestSecret0123456789", key, SHOP);
    expect(sealed).not.toContain("TestSecret");
    expect(sealed.startsWith("v2.")).toBe(true);
    expect(decryptSecret(sealed, key, SHOP)).toBe("TestSecret0123456789");
  });

  it("GIVEN the same secret sealed twice WHEN compared THEN the ciphertexts differ (random IV)", () => {
    expect(encryptSecret("s", key, SHOP)).not.toBe(encryptSecret("s", key, SHOP));
  });

  it("GIVEN a tampered ciphertext or another key WHEN opened THEN it throws", () => {
    const sealed = encryptSecret("secret", key, SHOP);
    const tampered = sealed.slice(0, -2) + (sealed.endsWith("A") ? "BB" : "AA");
    expect(() => decryptSecret(tampered, key, SHOP)).toThrow();
    expect(() => decryptSecret(sealed, "1e".repeat(32), SHOP)).toThrow();
  });

  it("GIVEN a secret sealed for one shop WHEN opened as another shop's THEN it throws (the shop is authenticated data)", () => {
    const sealed = encryptSecret("secret-of-alpha", key, SHOP);
    expect(() => decryptSecret(sealed, key, OTHER)).toThrow();
    // Domains are case-insensitive: the same shop written differently still opens it.
    expect(decryptSecret(sealed, key, SHOP.toUpperCase())).toBe("secret-of-alpha");
  });

  it("GIVEN a truncated authentication tag or a non-12-byte IV WHEN opened THEN it is refused", () => {
    const sealed = encryptSecret("secret", key, SHOP);
    const [v, iv, tag, data] = sealed.split(".");
    const shortTag = Buffer.from(tag, "base64url").subarray(0, 4).toString("base64url");
    expect(() => decryptSecret([v, iv, shortTag, data].join("."), key, SHOP)).toThrow(/format/);
    // A legacy value with a 4-byte tag (GCM would accept it unless told the length) is refused too.
    expect(() => decryptSecret(legacySeal("secret", key, randomBytes(12), 4), key, SHOP)).toThrow(/format/);
    expect(() => decryptSecret(legacySeal("secret", key, randomBytes(16)), key, SHOP)).toThrow(/format/);
  });

  it("GIVEN a secret sealed in the old v1 format WHEN opened THEN it is read and a v2 value bound to the shop comes back to store", () => {
    const old = legacySeal("legacy-secret", key);
    const opened = openSecret(old, key, SHOP);
    expect(opened.plain).toBe("legacy-secret");
    expect(opened.resealed?.startsWith("v2.")).toBe(true);
    expect(decryptSecret(opened.resealed!, key, SHOP)).toBe("legacy-secret");
    expect(() => decryptSecret(opened.resealed!, key, OTHER)).toThrow();
    expect(openSecret(opened.resealed!, key, SHOP).resealed).toBeNull();
  });

  it("GIVEN a secret WHEN masked THEN only the last four characters show", () => {
    expect(maskSecret("abcdefgh1234")).toBe("••••••••1234");
    expect(maskSecret(null)).toBeNull();
  });
});
