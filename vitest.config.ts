import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "~": path.resolve("app") } },
  test: {
    include: [
      "app/**/*.test.{ts,tsx}",
      "local/**/*.test.ts",
      "tests/**/*.test.{ts,tsx}",
      "extensions/**/*.test.{ts,tsx}",
      "bench/**/*.test.ts",
    ],
    exclude: ["**/node_modules/**", "tmp/**", "build/**"],
    globalSetup: ["tests/setup/global-setup.ts", "tests/postgres/global-setup.ts"],
    setupFiles: ["tests/setup/per-file.ts", "tests/postgres/per-file-setup.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Files run in parallel processes, each with its own database; 2-core CI gets 2 workers.
    maxWorkers: process.env.CI ? 2 : undefined,
  },
});
