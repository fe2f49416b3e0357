/* global process, console */
// `npm run db:migrate`: migrates the database DATABASE_URL names — SQLite (file:, the default) with
// `prisma migrate deploy`, PostgreSQL with the pg runner (Prisma's JS engine cannot migrate it; ADR 0009).
// `npm run db:migrate:pg` (= `--postgres`) insists on PostgreSQL. Plain Node: runs on production installs.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { PostgresMigrationError, ROOT, isPostgresUrl, migratePostgres, redactUrl } from "./postgres-migrations.mjs";

const url = process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite";
const postgresOnly = process.argv.includes("--postgres");

if (isPostgresUrl(url)) {
  try {
    const result = await migratePostgres(url, { log: (line) => console.log(line) });
    console.log(
      result.applied.length === 0
        ? `${redactUrl(url)}: no pending migrations (${result.alreadyApplied.length} applied)`
        : `${redactUrl(url)}: applied ${result.applied.length} migration(s); ${result.alreadyApplied.length} were already applied`,
    );
  } catch (error) {
    console.error(error instanceof PostgresMigrationError ? error.message : error);
    process.exit(1);
  }
} else if (postgresOnly) {
  console.error("db:migrate:pg needs DATABASE_URL=postgresql://user:password@host:5432/database");
  process.exit(1);
} else if (url.startsWith("file:")) {
  const result = spawnSync(path.join(ROOT, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], { stdio: "inherit", cwd: ROOT });
  process.exit(result.status ?? 1);
} else {
  console.error(`DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL); got ${url.split(":")[0]}:`);
  process.exit(1);
}
