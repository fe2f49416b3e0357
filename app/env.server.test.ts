import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.server";

const valid = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://app.example.com",
  ENCRYPTION_KEY: "a".repeat(64),
};

describe("environment parsed at boot", () => {
  it("GIVEN a complete environment WHEN parsed THEN defaults are applied", () => {
    const env = parseEnv(valid);
    expect(env.DATABASE_URL).toBe("file:./prisma/dev.sqlite");
    expect(env.SCOPES).toBe("read_products,write_products,write_files");
  });

  it("GIVEN a missing variable WHEN parsed THEN the error names it", () => {
    const { SHOPIFY_API_SECRET: _omit, ...rest } = valid;
    expect(() => parseEnv(rest)).toThrow(/SHOPIFY_API_SECRET/);
  });

  it("GIVEN a short encryption key WHEN parsed THEN the error names it and how to make one", () => {
    expect(() => parseEnv({ ...valid, ENCRYPTION_KEY: "abc" })).toThrow(/ENCRYPTION_KEY.*openssl rand -hex 32/);
  });

  it("GIVEN the local Admin API stand-in in production WHEN parsed THEN it is refused", () => {
    expect(() =>
      parseEnv({ ...valid, NODE_ENV: "production", LOCAL_ADMIN_API_URL: "http://127.0.0.1:4020" }),
    ).toThrow(/LOCAL_ADMIN_API_URL.*refused/);
  });

  it("GIVEN an unsupported database URL WHEN parsed THEN the error says which schemes work", () => {
    expect(() => parseEnv({ ...valid, DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL must start with file:/);
  });
});
