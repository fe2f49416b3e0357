/**
 * The environment every test process starts from. Values are test-only: the API secret signs the
 * session tokens and webhook HMACs the helpers make; the encryption key seals credentials.
 */
export const TEST_ENV = {
  NODE_ENV: "test",
  SHOPIFY_API_KEY: "fitting-room-test-key",
  SHOPIFY_API_SECRET: "fitting-room-test-secret",
  SHOPIFY_APP_URL: "https://fitting-room.test",
  SCOPES: "read_products,write_products,write_files",
  ENCRYPTION_KEY: "6f1d2c3b4a5968778695a4b3c2d1e0f11f2e3d4c5b6a79880796a5b4c3d2e1f0",
  RUNNER: "off",
  LOG_LEVEL: "warn",
} as const;
