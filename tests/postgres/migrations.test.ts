import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync, appendFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { PRISMA_MIGRATE_LOCK_KEY, migratePostgres } from "../../scripts/db/postgres-migrations.mjs";
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA, ROOT, listMigrations } from "../../scripts/db/postgres-schema";
import { migrateDiffSql } from "../../scripts/db/new-postgres-migration";
import { createEmptyPostgresDatabase, describePostgresSchema, withPgClient } from "../helpers/postgres";

const run = promisify(execFile);
const migrations = listMigrations(POSTGRES_MIGRATIONS);
const scratch = mkdtempSync(path.join(os.tmpdir(), "fitting-room-pgmig-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function appliedRows(url: string) {
  return withPgClient(url, async (c) =>
    (await c.query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
    )).rows,
  );
}

/** A copy of the real migrations folder to tamper with. */
function copyMigrations(name: string): string {
  const dir = path.join(scratch, name);
  cpSync(POSTGRES_MIGRATIONS, dir, { recursive: true });
  return dir;
}

describe("PostgreSQL migrations (real PostgreSQL, offline)", () => {
  it("GIVEN an empty database WHEN the runner migrates it twice THEN every migration applies once, in order, recorded in Prisma's format", async () => {
    const url = await createEmptyPostgresDatabase();
    const first = await migratePostgres(url);
    expect(first.applied).toEqual(migrations.map((m) => m.name));
    const second = await migratePostgres(url);
    expect(second).toEqual({ applied: [], alreadyApplied: migrations.map((m) => m.name) });
    const rows = await appliedRows(url);
    expect(rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count])).toEqual(
      migrations.map((m) => [m.name, m.checksum, 1]),
    );
    expect(rows.every((r) => r.finished_at instanceof Date)).toBe(true);
  });

  it("GIVEN the migrations applied to a fresh database THEN it has exactly the schema prisma/postgres/schema.prisma describes", async () => {
    const migrated = await createEmptyPostgresDatabase();
    await migratePostgres(migrated);
    const direct = await createEmptyPostgresDatabase();
    const sql = migrateDiffSql(null, POSTGRES_SCHEMA);
    await withPgClient(direct, (c) => c.query(sql));
    const [got, want] = await Promise.all([describePostgresSchema(migrated), describePostgresSchema(direct)]);
    expect(got.length).toBeGreaterThan(50);
    expect(
      got,
      "the PostgreSQL migrations do not produce prisma/postgres/schema.prisma; run `npm run db:pg:new-migration` (ADR 0009)",
    ).toEqual(want);
  });

  it("GIVEN three instances booting at once WHEN each runs the migrations THEN each migration is applied exactly once and all succeed", async () => {
    const url = await createEmptyPostgresDatabase();
    const results = await Promise.all([migratePostgres(url), migratePostgres(url), migratePostgres(url)]);
    expect(results.flatMap((r) => r.applied).sort()).toEqual(migrations.map((m) => m.name).sort());
    expect((await appliedRows(url)).map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    // The lock is Prisma's own key, so a future `prisma migrate deploy` would wait for us too.
    expect(PRISMA_MIGRATE_LOCK_KEY).toBe(72707369);
  });

  it("GIVEN an applied migration whose file was edited afterwards WHEN migrating THEN the runner refuses and names the file", async () => {
    const url = await createEmptyPostgresDatabase();
    await migratePostgres(url);
    const dir = copyMigrations("edited");
    appendFileSync(path.join(dir, migrations[0].name, "migration.sql"), "\n-- sneaky edit\n");
    await expect(migratePostgres(url, { migrationsDir: dir })).rejects.toThrow(
      new RegExp(`${migrations[0].name}/migration.sql was changed after it was applied`),
    );
  });

  it("GIVEN a migration that fails halfway WHEN migrating THEN it is rolled back and not recorded; once fixed it applies", async () => {
    const url = await createEmptyPostgresDatabase();
    const dir = copyMigrations("failing");
    const bad = path.join(dir, "99990101000000_broken");
    mkdirSync(bad);
    writeFileSync(path.join(bad, "migration.sql"), 'CREATE TABLE "Half" (id int);\nALTER TABLE "NoSuchTable" ADD COLUMN x int;\n');
    await expect(migratePostgres(url, { migrationsDir: dir })).rejects.toThrow(/99990101000000_broken failed and was rolled back/);
    const names = (await appliedRows(url)).map((r) => r.migration_name);
    expect(names).toEqual(migrations.map((m) => m.name)); // the earlier ones stay applied
    const half = await withPgClient(url, (c) => c.query(`SELECT to_regclass('public."Half"') AS t`));
    expect(half.rows[0].t).toBeNull();

    writeFileSync(path.join(bad, "migration.sql"), 'CREATE TABLE "Half" (id int);\n');
    expect((await migratePostgres(url, { migrationsDir: dir })).applied).toEqual(["99990101000000_broken"]);
  });

  it("GIVEN DATABASE_URL=postgresql://… WHEN `npm run db:migrate` runs THEN it migrates PostgreSQL (and a second run has nothing to do)", async () => {
    const url = await createEmptyPostgresDatabase();
    const env = { ...process.env, DATABASE_URL: url };
    const first = await run(process.execPath, ["scripts/db/migrate.mjs"], { cwd: ROOT, env });
    expect(first.stdout).toContain(`applied ${migrations.length} migration(s)`);
    const second = await run(process.execPath, ["scripts/db/migrate.mjs", "--postgres"], { cwd: ROOT, env });
    expect(second.stdout).toContain("no pending migrations");
  });
});
