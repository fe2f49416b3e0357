import { createCipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { getProviderCredentials, getShopSettings, updateShopSettings } from "../../app/persistence/shop-settings.server";
import { TEST_ENV } from "../setup/test-env";

/**
 * Issue 14.10: a provider secret is sealed for its shop. A ciphertext copied into another shop's row
 * (a bad restore, a support script, an attacker with write access to one column) does not open there;
 * secrets saved in the older, unbound format still work and are sealed again, bound, on first read.
 */
const ALPHA = "alpha-secret.myshopify.com";
const BETA = "beta-secret.myshopify.com";

function legacySeal(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(TEST_ENV.ENCRYPTION_KEY, "hex"), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(".");
}

describe("provider secrets are bound to their shop (issue 14.10)", () => {
  it("GIVEN shop A's sealed secret copied into shop B's row WHEN B's credentials are read THEN they do not open, while A's still do", async () => {
    await updateShopSettings(ALPHA, { providerAppKey: "511111", providerSecret: "alpha-secret-1111" });
    await updateShopSettings(BETA, { providerAppKey: "522222", providerSecret: "beta-secret-2222" });
    const alpha = await prisma.shopSettings.findUniqueOrThrow({ where: { shop: ALPHA } });
    await prisma.shopSettings.update({ where: { shop: BETA }, data: { providerSecretEnc: alpha.providerSecretEnc } });

    await expect(getProviderCredentials(BETA)).rejects.toThrow();
    // The settings page says the secret must be entered again instead of showing A's last four characters.
    const view = await getShopSettings(BETA);
    expect(view.providerSecretMasked).not.toContain("1111");
    expect(view.providerSecretMasked).toMatch(/cannot be read/);

    expect(await getProviderCredentials(ALPHA)).toMatchObject({ appKey: "511111", appSecret: "alpha-secret-1111" });
  });

  it("GIVEN a secret stored in the old unbound format WHEN read THEN it works and the row now holds a value bound to the shop", async () => {
    const shop = "legacy-secret.myshopify.com";
    const old = legacySeal("legacy-secret-9999");
    await prisma.shopSettings.create({ data: { shop, providerAppKey: "533333", providerSecretEnc: old } });

    expect(await getProviderCredentials(shop)).toMatchObject({ appKey: "533333", appSecret: "legacy-secret-9999" });
    const row = await prisma.shopSettings.findUniqueOrThrow({ where: { shop } });
    expect(row.providerSecretEnc).not.toBe(old);
    expect(row.providerSecretEnc?.startsWith("v2.")).toBe(true);
    expect(row.providerSecretEnc).not.toContain("legacy-secret");
    expect((await getShopSettings(shop)).providerSecretMasked).toBe("••••••••9999");

    // Re-sealed for its own shop: moved to another shop's row now, it no longer opens.
    await prisma.shopSettings.create({ data: { shop: "thief-secret.myshopify.com", providerAppKey: "544444", providerSecretEnc: row.providerSecretEnc } });
    await expect(getProviderCredentials("thief-secret.myshopify.com")).rejects.toThrow();
  });
});
