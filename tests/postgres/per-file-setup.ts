import { createTestPostgresDatabase } from "../helpers/postgres";

/**
 * With TEST_DB=postgres (`npm run test:postgres`), each test file runs against its own fresh, migrated
 * PostgreSQL database instead of the SQLite copy tests/setup/per-file.ts made: the same tests, the
 * other database. Runs after that file and before the test file's imports, so app modules and child
 * processes (which inherit process.env) see the PostgreSQL DATABASE_URL.
 */
if (process.env.TEST_DB === "postgres") {
  const url = await createTestPostgresDatabase();
  process.env.DATABASE_URL = url;
  process.env.TEST_DATABASE_URL = url;
  delete process.env.TEST_DATABASE_FILE;
} else if (process.env.TEST_DB && process.env.TEST_DB !== "sqlite") {
  throw new Error(`TEST_DB must be "sqlite" (default) or "postgres"; got "${process.env.TEST_DB}"`);
}
