// Applies prisma/postgres/migrations/*/migration.sql to a PostgreSQL database with `pg`, each once.
// Plain Node ESM (JSDoc types), so `npm run db:migrate` works on a production install without tsx.
//
// Prisma 6.19's JS schema engine cannot run `migrate deploy` on PostgreSQL (Prisma bug 27403), so this
// runner does the same job in Prisma's own bookkeeping format (see docs/decisions/0009):
// - applied migrations are rows of Prisma's `_prisma_migrations` table (same columns, same SHA-256
//   checksum of migration.sql), so `prisma migrate deploy` can take over once the bug is fixed;
// - Prisma's advisory lock key serialises concurrent runs (N instances booting at once apply once);
// - each migration and its row commit in one transaction: a failing migration leaves no trace.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

/** Repository root, from this file's location (scripts/db/). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const POSTGRES_MIGRATIONS = path.join(ROOT, "prisma", "postgres", "migrations");
export const SQLITE_MIGRATIONS = path.join(ROOT, "prisma", "migrations");

/** The advisory lock key `prisma migrate` takes on PostgreSQL, so this runner and Prisma exclude each other. */
export const PRISMA_MIGRATE_LOCK_KEY = 72707369;

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/**
 * @typedef {object} MigrationDir
 * @property {string} name Directory name, e.g. 20261125000000_init; migrations apply in name order.
 * @property {string} dir Absolute path of the directory.
 * @property {string} sql Contents of migration.sql.
 * @property {string} checksum SHA-256 hex of migration.sql, as Prisma computes `_prisma_migrations.checksum`.
 */

/**
 * Migration directories (those holding a migration.sql) of a migrations folder, in apply order.
 * @param {string} migrationsDir
 * @returns {MigrationDir[]}
 */
export function listMigrations(migrationsDir) {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(migrationsDir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const dir = path.join(migrationsDir, name);
      const bytes = readFileSync(path.join(dir, "migration.sql"));
      return { name, dir, sql: bytes.toString("utf8"), checksum: createHash("sha256").update(bytes).digest("hex") };
    });
}

/** Thrown when the database and the migration files disagree; `message` says what to do. */
export class PostgresMigrationError extends Error {
  name = "PostgresMigrationError";
}

/**
 * True for a PostgreSQL DATABASE_URL (postgres:// or postgresql://).
 * @param {string} url
 */
export function isPostgresUrl(url) {
  return /^postgres(ql)?:\/\//.test(url);
}

/**
 * The URL without its password, for messages and logs.
 * @param {string} url
 */
export function redactUrl(url) {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

/**
 * @typedef {object} MigratePostgresResult
 * @property {string[]} applied Migrations applied by this call, in order.
 * @property {string[]} alreadyApplied Migrations that were applied before this call.
 */

/**
 * Applies every pending migration in name order. Idempotent; safe to run from several processes at
 * once. Throws PostgresMigrationError when an applied migration's file was changed or is missing, or
 * when a migration fails (that migration is rolled back; earlier ones stay applied).
 * @param {string} url PostgreSQL connection URL.
 * @param {{ migrationsDir?: string, log?: (line: string) => void }} [options] `migrationsDir` defaults to
 *   prisma/postgres/migrations; `log` receives one line per applied migration.
 * @returns {Promise<MigratePostgresResult>}
 */
export async function migratePostgres(url, options = {}) {
  const log = options.log ?? (() => {});
  const migrationsDir = options.migrationsDir ?? POSTGRES_MIGRATIONS;
  const migrations = listMigrations(migrationsDir);
  if (migrations.length === 0) throw new PostgresMigrationError(`No PostgreSQL migrations found in ${migrationsDir}`);

  const client = new pg.Client({ connectionString: url, application_name: "fitting-room-migrate" });
  try {
    await client.connect();
  } catch (error) {
    throw new PostgresMigrationError(
      `Cannot connect to PostgreSQL at ${redactUrl(url)}: ${/** @type {Error} */ (error).message}. ` +
        "Check DATABASE_URL and that the server is running.",
    );
  }
  // Notices such as "relation already exists, skipping" are expected.
  client.on("notice", () => {});
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_KEY]);
    await client.query(CREATE_TABLE);
    const { rows } = await client.query(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
    );
    checkHistory(rows, migrations);
    const done = new Set(rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => r.migration_name));
    /** @type {MigratePostgresResult} */
    const result = { applied: [], alreadyApplied: [] };
    for (const migration of migrations) {
      if (done.has(migration.name)) {
        result.alreadyApplied.push(migration.name);
        continue;
      }
      await applyOne(client, migration);
      log(`applied ${migration.name}`);
      result.applied.push(migration.name);
    }
    return result;
  } finally {
    // Ending the session releases the advisory lock anyway; unlock explicitly for pooled servers.
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_KEY]).catch(() => {});
    await client.end().catch(() => {});
  }
}

/**
 * @param {{ migration_name: string, checksum: string, finished_at: Date | null, rolled_back_at: Date | null }[]} rows
 * @param {MigrationDir[]} migrations
 */
function checkHistory(rows, migrations) {
  const byName = new Map(migrations.map((m) => [m.name, m]));
  for (const row of rows) {
    if (row.rolled_back_at) continue;
    if (!row.finished_at) {
      throw new PostgresMigrationError(
        `Migration ${row.migration_name} started but never finished (a failed \`prisma migrate\` run?). ` +
          "Inspect the database, repair it by hand, then mark that _prisma_migrations row rolled back.",
      );
    }
    const local = byName.get(row.migration_name);
    if (!local) {
      throw new PostgresMigrationError(
        `The database has migration ${row.migration_name}, which is not in prisma/postgres/migrations: ` +
          "this code is older than the database. Deploy the newer code (never delete applied migrations).",
      );
    }
    if (local.checksum !== row.checksum) {
      throw new PostgresMigrationError(
        `prisma/postgres/migrations/${row.migration_name}/migration.sql was changed after it was applied ` +
          "(checksum differs). Restore the applied file and put the change in a new migration.",
      );
    }
  }
}

/**
 * @param {pg.Client} client
 * @param {MigrationDir} migration
 */
async function applyOne(client, migration) {
  const id = randomUUID();
  await client.query("BEGIN");
  try {
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
      [id, migration.checksum, migration.name],
    );
    // No parameters: the simple query protocol runs the whole multi-statement script.
    await client.query(migration.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw new PostgresMigrationError(
      `Migration ${migration.name} failed and was rolled back: ${/** @type {Error} */ (error).message}`,
    );
  }
}
