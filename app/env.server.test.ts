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

  it("GIVEN the env credential fallback in production WHEN parsed THEN each variable is refused by name", () => {
    expect(() => parseEnv({ ...valid, NODE_ENV: "production", AIDGE_APP_KEY: "512345" })).toThrow(/AIDGE_APP_KEY.*refused when NODE_ENV=production/);
    expect(() => parseEnv({ ...valid, NODE_ENV: "production", AIDGE_APP_SECRET: "s3cret" })).toThrow(/AIDGE_APP_SECRET.*refused when NODE_ENV=production/);
  });

  it("GIVEN the env credential fallback in development WHEN parsed THEN it is kept for the local try-on service", () => {
    const env = parseEnv({ ...valid, NODE_ENV: "development", AIDGE_APP_KEY: "512345", AIDGE_APP_SECRET: "s3cret" });
    expect(env.AIDGE_APP_KEY).toBe("512345");
    expect(env.AIDGE_APP_SECRET).toBe("s3cret");
  });

  it("GIVEN an unsupported database URL WHEN parsed THEN the error says which schemes work", () => {
    expect(() => parseEnv({ ...valid, DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL must start with file:/);
  });
});
