/**
 * The Settings page and the forms' contract through the real Remix build: one zod schema per form,
 * 400 with field errors named after the form fields, credentials stored encrypted and shown back only
 * as a mask, "Test connection" as a signed quota call against the local try-on service.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import prisma from "../../app/db.server";
import { appRequestHandler } from "../helpers/remix-app";
import { adminFetchRequest } from "../helpers/shopify-requests";
import { seedOfflineSession } from "../helpers/sessions";
import { parseForm } from "../../app/forms/form-data";
import { shopSettingsFormSchema } from "../../app/forms/shop-settings";
import { collectionFormSchema } from "../../app/forms/collection";
import { start as startTryOn, type TryOnService } from "../../local/tryon-service/server";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { ConnectionBanner, connectionToast } from "../../app/components/ConnectionBanner";

const SHOP = "ui-settings-shop.myshopify.com";
let handle: (request: Request) => Promise<Response>;
let tryon: TryOnService;

beforeAll(async () => {
  tryon = await startTryOn({ port: 0, taskMs: 50 });
  // The app reads AIDGE_BASE_URL when it calls the provider (set before the build's env is parsed).
  process.env.AIDGE_BASE_URL = tryon.url;
  handle = await appRequestHandler();
  await seedOfflineSession(SHOP);
});

afterAll(async () => {
  await tryon?.close();
});

const save = (fields: Record<string, string>) =>
  adminFetchRequest("/app/settings?_data=routes%2Fapp.settings", SHOP, {
    method: "POST",
    form: { intent: "save", providerAppKey: "", providerSecret: "", region: "global", dailyImageCap: "", ...fields },
  });

describe("forms: one schema per form, errors named after fields", () => {
  it("GIVEN settings with a negative cap and 9 images WHEN parsed THEN each bad field is named with its fix", () => {
    const r = parseForm(shopSettingsFormSchema, { intent: "save", providerAppKey: "", region: "global", dailyImageCap: "-1", generateCount: "9" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.fieldErrors.dailyImageCap).toMatch(/at least 1/);
    expect(r.fieldErrors.generateCount).toMatch(/at most 8/);
  });

  it("GIVEN an unknown intent WHEN a collection form is parsed THEN it is refused, naming the intents", () => {
    const r = parseForm(collectionFormSchema, { intent: "explode" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.formError).toMatch(/intent/);
  });
});

describe("the Settings page (real build, real session tokens)", () => {
  it("GIVEN invalid values WHEN saved THEN the action answers 400 with field errors and nothing is stored", async () => {
    const response = await handle(await save({ dailyImageCap: "0", viewType: "sideways", region: "mars" }));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.fieldErrors).toMatchObject({ dailyImageCap: expect.stringMatching(/at least 1/), viewType: expect.any(String), region: expect.stringMatching(/global/) });
    expect(await prisma.shopSettings.findUnique({ where: { shop: SHOP } })).toBeNull();
  });

  it("GIVEN credentials and defaults WHEN saved THEN the secret is stored encrypted and the page shows only a mask", async () => {
    const secret = "sk-ui-test-secret-1234";
    const response = await handle(await save({ providerAppKey: "512345", providerSecret: secret, viewType: "halfbody", dailyImageCap: "200", autoApprove: "on" }));
    expect(response.status).toBe(200);
    const row = await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(row.providerSecretEnc).not.toContain(secret);
    expect(readFileSync(process.env.TEST_DATABASE_FILE!).includes(Buffer.from(secret))).toBe(false);
    expect(row).toMatchObject({ providerAppKey: "512345", viewType: "halfbody", dailyImageCap: 200, autoApprove: true });

    const page = await handle(await adminFetchRequest("/app/settings?_data=routes%2Fapp.settings", SHOP));
    const data = await page.json();
    expect(JSON.stringify(data)).not.toContain(secret);
    expect(data.providerSecretMasked).toBe("••••••••1234");
  });

  it("GIVEN a wrong secret WHEN Test connection is pressed THEN the answer says the credentials were rejected, in plain words", async () => {
    const response = await handle(
      await adminFetchRequest("/app/settings?_data=routes%2Fapp.settings", SHOP, {
        method: "POST",
        form: { intent: "test", providerAppKey: tryon.appKey, providerSecret: "wrong-secret", region: "global" },
      }),
    );
    const body = await response.json();
    expect(body.result).toMatchObject({ ok: false, message: expect.stringMatching(/rejected our credentials.*Check the Aidge app key and secret/) });
  });

  it("GIVEN the right credentials WHEN Test connection is pressed THEN it shows the quota left", async () => {
    const response = await handle(
      await adminFetchRequest("/app/settings?_data=routes%2Fapp.settings", SHOP, {
        method: "POST",
        form: { intent: "test", providerAppKey: tryon.appKey, providerSecret: tryon.appSecret, region: "global" },
      }),
    );
    const body = await response.json();
    expect(body.result).toMatchObject({ ok: true, balance: expect.any(Number), checkedAt: expect.any(String) });
    // Each press answers visibly: a toast, and the banner says it was checked just now.
    expect(connectionToast(body.result)).toEqual({ message: `Connection checked: ${body.result.balance.toLocaleString("en")} try-on calls left`, isError: false });
    const banner = (justNow: boolean) =>
      renderToString(createElement(AppProvider, { i18n: en }, createElement(ConnectionBanner, { result: body.result, justNow })))
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ");
    expect(banner(true)).toContain(`${body.result.balance.toLocaleString("en")} try-on calls left on this key. Checked just now.`);
    // The check saved with the page (the loader's cached quota) says when it ran.
    expect(banner(false)).toMatch(/Checked today \d\d:\d\d/);
    expect(connectionToast({ ok: false, message: "x", code: null, checkedAt: body.result.checkedAt })).toEqual({ message: "Connection test failed", isError: true });
  });
});
