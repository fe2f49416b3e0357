import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  GENERATED_HEADER,
  POSTGRES_MIGRATIONS,
  POSTGRES_SCHEMA,
  SNAPSHOT_FILE,
  SQLITE_MIGRATIONS,
  SQLITE_SCHEMA,
  generatedPostgresSchema,
  listMigrations,
  toPostgresSchema,
} from "../../scripts/db/postgres-schema";

// One source of truth for the models: prisma/schema.prisma. These checks need no database; the
// PostgreSQL ones (tests/postgres/migrations.test.ts) apply the migrations for real.

const sqliteSchema = readFileSync(SQLITE_SCHEMA, "utf8");

describe("PostgreSQL schema generator", () => {
  it("GIVEN prisma/schema.prisma WHEN the PostgreSQL schema is generated THEN only the provider, its URL, the client output and the header differ", () => {
    const generated = toPostgresSchema(sqliteSchema);
    expect(generated.startsWith(GENERATED_HEADER)).toBe(true);
    const before = sqliteSchema.split("\n");
    const after = generated.slice(GENERATED_HEADER.length).split("\n");
    const removed = before.filter((line) => !after.includes(line)).map((l) => l.trim());
    const added = after.filter((line) => !before.includes(line)).map((l) => l.trim());
    expect(removed).toEqual(['provider = "sqlite"', expect.stringMatching(/^url\s+= "file:/)]);
    expect(added).toEqual([
      'output     = "../../node_modules/.prisma/client-postgres"',
      'provider = "postgresql"',
      expect.stringMatching(/^url\s+= "postgresql:\/\//),
    ]);
    // Same number of lines otherwise: no model, field or attribute is dropped or reordered.
    expect(after.length).toBe(before.length + 1);
  });

  it("GIVEN a schema that is not the expected SQLite shape WHEN generating THEN it refuses with a message naming the problem", () => {
    expect(() => toPostgresSchema(sqliteSchema.replace('provider = "sqlite"', 'provider = "mysql"'))).toThrow(
      /Unexpected provider "mysql"/,
    );
    expect(() => toPostgresSchema(sqliteSchema.replace(/datasource db \{[^}]*\}/, ""))).toThrow(
      /exactly one `datasource db/,
    );
    expect(() =>
      toPostgresSchema(sqliteSchema.replace('engineType = "client"', 'engineType = "client"\n  output = "x"')),
    ).toThrow(/sets `output`/);
    expect(() => toPostgresSchema(sqliteSchema.replace('engineType = "client"', 'engineType = "library"'))).toThrow(
      /engineType = "client"/,
    );
  });

  it("GIVEN the committed prisma/postgres/schema.prisma THEN it is exactly what the generator makes from prisma/schema.prisma", () => {
    const committed = existsSync(POSTGRES_SCHEMA) ? readFileSync(POSTGRES_SCHEMA, "utf8") : "(missing)";
    expect(
      committed === generatedPostgresSchema(),
      "prisma/postgres/schema.prisma is stale: prisma/schema.prisma changed. Run `npm run db:pg:schema`, then `npm run db:pg:new-migration`",
    ).toBe(true);
  });
});

describe("PostgreSQL migrations keep step with the schema and with the SQLite migrations", () => {
  const pg = listMigrations(POSTGRES_MIGRATIONS);
  const sqlite = listMigrations(SQLITE_MIGRATIONS);

  it("GIVEN the PostgreSQL migrations THEN each has its migration.sql and the schema snapshot it leads to, and the lock says postgresql", () => {
    expect(pg.length).toBeGreaterThan(0);
    for (const migration of pg) {
      expect(existsSync(path.join(migration.dir, SNAPSHOT_FILE)), `${migration.name}/${SNAPSHOT_FILE} missing`).toBe(true);
      expect(migration.sql).toMatch(/\S/);
    }
    expect(readFileSync(path.join(POSTGRES_MIGRATIONS, "migration_lock.toml"), "utf8")).toMatch(/provider = "postgresql"/);
  });

  it("GIVEN the newest PostgreSQL migration THEN its snapshot equals the current PostgreSQL schema (no schema change lacks a migration)", () => {
    const snapshot = readFileSync(path.join(pg.at(-1)!.dir, SNAPSHOT_FILE), "utf8");
    expect(
      snapshot === generatedPostgresSchema(),
      "prisma/schema.prisma changed after the newest PostgreSQL migration. Run `npm run db:pg:new-migration` " +
        "and commit prisma/postgres/migrations/<name>/ (ADR 0009)",
    ).toBe(true);
  });

  it("GIVEN the SQLite migrations THEN none is newer than the newest PostgreSQL migration", () => {
    const newestPg = pg.at(-1)!.name;
    const behind = sqlite.filter((m) => m.name > newestPg).map((m) => m.name);
    expect(
      behind,
      `SQLite migration(s) without a PostgreSQL twin: ${behind.join(", ")}. Run \`npm run db:pg:new-migration\``,
    ).toEqual([]);
    // The first migration of both databases is the same step.
    expect(pg[0].name).toBe(sqlite[0].name);
  });
});
