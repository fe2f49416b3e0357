import { describe, expect, it } from "vitest";
import {
  AuthError,
  ContentSafetyError,
  ContractError,
  errorFromCode,
  GatewayError,
  ImageDownloadError,
  InvalidInputError,
  NetworkError,
  NotFlatLayError,
  ProviderFailureError,
  QuotaExhaustedError,
  RateLimitedError,
  ResolutionError,
  retryPolicyFor,
  TimeoutError,
  TryOnError,
} from "./errors";

describe("errorFromCode: one factory, a class per kind", () => {
  it.each([
    [700, InvalidInputError, false],
    [701, ImageDownloadError, false],
    [703, ResolutionError, false],
    [707, NotFlatLayError, false],
    [1000, ContentSafetyError, false],
    [1001, ContentSafetyError, true],
    [1002, ContentSafetyError, false],
    [501, RateLimitedError, true],
    [500, ProviderFailureError, true],
    [801, ProviderFailureError, true],
    ["703", ResolutionError, false],
    ["NoResource", QuotaExhaustedError, false],
    ["IncompleteSignature", AuthError, false],
    ["InvalidAppKey", AuthError, false],
    ["InvalidTimestamp", AuthError, false],
    ["NETWORK", NetworkError, true],
    ["TIMEOUT", TimeoutError, true],
    ["CONTRACT", ContractError, false],
    ["SomethingNew", GatewayError, false],
  ])("GIVEN code %s THEN %o with retryable=%s", (code, cls, retryable) => {
    const e = errorFromCode(code, { requestId: "req-1" });
    expect(e).toBeInstanceOf(cls);
    expect(e).toBeInstanceOf(TryOnError);
    expect(e.retryable).toBe(retryable);
    expect(e.requestId).toBe("req-1");
    expect(e.merchantMessage.length).toBeGreaterThan(20);
  });

  it("GIVEN the exhausted-resources message with any code THEN it is a quota error", () => {
    expect(errorFromCode("SomeCode", { providerMessage: "Sorry, your calling resources have been exhausted" })).toBeInstanceOf(QuotaExhaustedError);
  });

  it("GIVEN an ISP gateway error THEN it is retryable; ISV is not", () => {
    expect(errorFromCode("ServiceUnavailable", { gatewayType: "ISP" }).retryable).toBe(true);
    expect(errorFromCode("BadParam", { gatewayType: "ISV" }).retryable).toBe(false);
  });

  it("GIVEN a 703 with a measured size THEN the merchant message names it", () => {
    expect(errorFromCode(703, { width: 420, height: 380 }).merchantMessage).toContain(
      "The image is 420×380 px; try-on needs more than 500×500 px and at most 3000×3000 px",
    );
  });

  it("GIVEN a 700 with fields THEN the message and the fields name them", () => {
    const e = errorFromCode(700, { fields: [{ field: "clothesList[0].imageUrl", message: "is required" }] }) as InvalidInputError;
    expect(e.fields[0].field).toBe("clothesList[0].imageUrl");
    expect(e.merchantMessage).toContain("clothesList[0].imageUrl: is required");
  });

  it("GIVEN the provider's 700 naming model.name or model.base THEN the merchant reads what to fix, without field paths", () => {
    const name = errorFromCode(700, { providerMessage: 'invalid input — model.name: unknown model "Zed" in the General library' });
    expect(name.merchantMessage).toMatch(/^Aidge doesn't know the model name in the try-on settings\. Check it against your Aidge model library/);
    expect(name.merchantMessage).not.toMatch(/model\.name|700/);
    const base = errorFromCode(700, { providerMessage: "invalid input — model.base: unknown model library" });
    expect(base.merchantMessage).toMatch(/scene code/);
    expect(base.merchantMessage).not.toMatch(/model\.base/);
  });

  it("GIVEN a 707 with reasons THEN the merchant message carries them; 701 names the URL", () => {
    expect(errorFromCode(707, { reasons: ["The background is busy."] }).merchantMessage).toContain("The background is busy.");
    expect(errorFromCode(701, { imageUrl: "https://cdn/x.png" }).merchantMessage).toContain("https://cdn/x.png");
  });

  it("GIVEN an unknown business code THEN it is a non-retryable provider failure naming the code", () => {
    const e = errorFromCode(9999, { providerMessage: "odd" });
    expect(e).toBeInstanceOf(ProviderFailureError);
    expect(e.retryable).toBe(false);
    expect(e.merchantMessage).toContain("9999");
  });

  it("GIVEN an error THEN its JSON form carries code, kind and messages", () => {
    const j = errorFromCode(501, { requestId: "r" }).toJSON();
    expect(j).toMatchObject({ name: "RateLimitedError", kind: "rate_limited", code: 501, retryable: true, requestId: "r" });
  });
});

describe("retryPolicyFor (spec §5)", () => {
  it.each([
    [500, true, 4],
    [801, true, 2],
    [1001, true, 2],
    [700, false, 1],
    [701, false, 1],
    [703, false, 1],
    [707, false, 1],
    [1000, false, 1],
    [1002, false, 1],
    ["NoResource", false, 1],
    ["IncompleteSignature", false, 1],
    ["CONTRACT", false, 1],
    ["NETWORK", true, 4],
    ["TIMEOUT", true, 4],
  ])("GIVEN code %s THEN retry=%s with at most %i attempts", (code, retry, maxAttempts) => {
    const p = retryPolicyFor(errorFromCode(code));
    expect(p.retry).toBe(retry);
    expect(p.maxAttempts).toBe(maxAttempts);
    expect(p.rateLimited).toBe(false);
  });

  it("GIVEN 501 THEN it waits on the rate limiter without spending attempts", () => {
    expect(retryPolicyFor(errorFromCode(501))).toMatchObject({ retry: true, rateLimited: true, maxRetries: Infinity });
  });

  it("GIVEN something that is not a TryOnError THEN it is never retried", () => {
    expect(retryPolicyFor(new Error("boom")).retry).toBe(false);
  });
});
