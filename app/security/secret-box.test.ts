import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, maskSecret } from "./secret-box";

const key = "0f".repeat(32);

describe("secrets at rest (AES-256-GCM)", () => {
  it("GIVEN a secret WHEN sealed and opened THEN it round-trips and the sealed form hides it", () => {
    const sealed = encryptSecret("TestSecret0123456789", key);
    expect(sealed).not.toContain("TestSecret");
    expect(decryptSecret(sealed, key)).toBe("TestSecret0123456789");
  });

  it("GIVEN the same secret sealed twice WHEN compared THEN the ciphertexts differ (random IV)", () => {
    expect(encryptSecret("s", key)).not.toBe(encryptSecret("s", key));
  });

  it("GIVEN a tampered ciphertext or another key WHEN opened THEN it throws", () => {
    const sealed = encryptSecret("secret", key);
    const tampered = sealed.slice(0, -2) + (sealed.endsWith("A") ? "BB" : "AA");
    expect(() => decryptSecret(tampered, key)).toThrow();
    expect(() => decryptSecret(sealed, "1e".repeat(32))).toThrow();
  });

  it("GIVEN a secret WHEN masked THEN only the last four characters show", () => {
    expect(maskSecret("abcdefgh1234")).toBe("••••••••1234");
    expect(maskSecret(null)).toBeNull();
  });
});
