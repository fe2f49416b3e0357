import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { TEST_ENV } from "./test-env";

/**
 * Runs in each test file's process before its imports: a fresh SQLite database (a copy of the
 * migrated template) and the test environment. Tests that need another database set DATABASE_URL
 * themselves before importing app modules.
 */
const dir = path.resolve("tmp/test/db");
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `${randomUUID()}.sqlite`);
copyFileSync(inject("templateDb"), file);

for (const [key, value] of Object.entries(TEST_ENV)) process.env[key] = value;
process.env.DATABASE_URL = `file:${file}`;
process.env.TEST_DATABASE_FILE = file;
