import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
  }
}

/**
 * Runs once per `vitest run`: builds a migrated SQLite template with the project's own
 * `prisma migrate deploy`, which each test file then copies (tests/setup/per-file.ts) — a fresh
 * database per file without paying for migrations each time. The template is unique to this run, so
 * parallel runs on one machine never share it.
 */
export default function globalSetup(project: TestProject) {
  const templateDb = path.resolve(`tmp/test/template-${randomUUID()}.sqlite`);
  mkdirSync(path.dirname(templateDb), { recursive: true });
  execFileSync(path.resolve("node_modules/.bin/prisma"), ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${templateDb}` },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (!existsSync(templateDb)) throw new Error(`prisma migrate deploy did not create ${templateDb}`);
  project.provide("templateDb", templateDb);
  return () => rmSync(templateDb, { force: true });
}
