import { defineConfig } from "vitest/config";
import path from "node:path";
import { excludedFiles, parseSkip } from "./scripts/test-provision.mjs";

// Suites skipped on request only (FITTING_ROOM_SKIP=browser,redis), never because a tool is missing:
// tests/setup/skips.ts prints them after the run.
const skipped = excludedFiles(parseSkip(process.env.FITTING_ROOM_SKIP));

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
    exclude: ["**/node_modules/**", "tmp/**", "build/**", ...skipped],
    globalSetup: ["tests/setup/global-setup.ts", "tests/postgres/global-setup.ts", "tests/setup/skips.ts"],
    setupFiles: ["tests/setup/per-file.ts", "tests/postgres/per-file-setup.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Files run in parallel processes, each with its own database; 2-core CI gets 2 workers.
    maxWorkers: process.env.CI ? 2 : undefined,
  },
});
