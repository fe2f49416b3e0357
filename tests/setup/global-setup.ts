import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";

/**
 * Runs once before all test files: builds a migrated SQLite template with the project's own
 * `prisma migrate deploy`, which each test file then copies (tests/setup/per-file.ts) — a fresh
 * database per file without paying for migrations each time.
 */
export const TEMPLATE_DB = path.resolve("tmp/test/template.sqlite");

export default function globalSetup() {
  mkdirSync(path.dirname(TEMPLATE_DB), { recursive: true });
  rmSync(TEMPLATE_DB, { force: true });
  execFileSync(path.resolve("node_modules/.bin/prisma"), ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${TEMPLATE_DB}` },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (!existsSync(TEMPLATE_DB)) throw new Error(`prisma migrate deploy did not create ${TEMPLATE_DB}`);
}
