// The PostgreSQL Prisma schema is derived from prisma/schema.prisma (the one source of truth for the
// models). Only what must differ differs: the datasource provider and its placeholder URL, and the
// generated client's output directory, so both clients can be installed side by side.
// See docs/decisions/0009-postgres-migrations.md.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./postgres-migrations.mjs";

export { ROOT, POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS, listMigrations, type MigrationDir } from "./postgres-migrations.mjs";
export const SQLITE_SCHEMA = path.join(ROOT, "prisma", "schema.prisma");
export const POSTGRES_SCHEMA = path.join(ROOT, "prisma", "postgres", "schema.prisma");
/** Where each PostgreSQL migration keeps the schema it brings the database to (see ADR 0009). */
export const SNAPSHOT_FILE = "schema.snapshot";

/** The PostgreSQL client's output, relative to prisma/postgres/schema.prisma; loaded by app/db.server.ts. */
export const POSTGRES_CLIENT_OUTPUT = "../../node_modules/.prisma/client-postgres";
/**
 * Placeholder URL. The driver adapter connects with DATABASE_URL; the CLI only needs a literal here
 * (`env("DATABASE_URL")` makes Prisma 6.19's CLI try to download the native engine, which is offline).
 */
export const POSTGRES_PLACEHOLDER_URL = "postgresql://localhost:5432/fitting_room";

export const GENERATED_HEADER = [
  "// GENERATED from prisma/schema.prisma by scripts/db/generate-postgres-schema.ts. Do not edit:",
  "// change prisma/schema.prisma, then run `npm run db:pg:schema` and `npm run db:pg:new-migration`.",
  "",
].join("\n");

/** Finds the single `<kind> <name> { ... }` block; throws naming the block when it is not exactly one. */
function findBlock(schema: string, kind: string, name: string): { start: number; end: number; body: string } {
  const pattern = new RegExp(`^${kind}\\s+${name}\\s*\\{[^}]*\\}`, "gm");
  const matches = [...schema.matchAll(pattern)];
  if (matches.length !== 1) {
    throw new Error(
      `prisma/schema.prisma must have exactly one \`${kind} ${name} { … }\` block (found ${matches.length}); ` +
        "the PostgreSQL schema generator edits that block",
    );
  }
  const match = matches[0];
  return { start: match.index, end: match.index + match[0].length, body: match[0] };
}

/** Replaces the value of `key = ...` inside a block; throws when the key is missing. */
function replaceSetting(block: string, key: string, expectedValue: RegExp, value: string): string {
  const line = new RegExp(`^(\\s*${key}\\s*=\\s*)(.+)$`, "m");
  const match = block.match(line);
  if (!match) throw new Error(`The block ${block.split("{")[0].trim()} has no \`${key}\` setting to replace`);
  if (!expectedValue.test(match[2].trim())) {
    throw new Error(
      `Unexpected ${key} ${match[2].trim()} in prisma/schema.prisma; the generator expects ${expectedValue} ` +
        "(SQLite is the source schema)",
    );
  }
  return block.replace(line, `$1${value}`);
}

/**
 * Returns the PostgreSQL schema for a SQLite schema text. Pure; throws with a specific message when
 * the source schema does not have the shape the generator relies on.
 */
export function toPostgresSchema(sqliteSchema: string): string {
  let out = sqliteSchema;

  const datasource = findBlock(out, "datasource", "db");
  let ds = replaceSetting(datasource.body, "provider", /^"sqlite"$/, `"postgresql"`);
  ds = replaceSetting(ds, "url", /^"file:[^"]*"$/, `"${POSTGRES_PLACEHOLDER_URL}"`);
  out = out.slice(0, datasource.start) + ds + out.slice(datasource.end);

  const generator = findBlock(out, "generator", "client");
  if (/^\s*output\s*=/m.test(generator.body)) {
    throw new Error("generator client in prisma/schema.prisma sets `output`; the generator adds the PostgreSQL one itself");
  }
  const engineLine = generator.body.match(/^(\s*)engineType(\s*)=\s*"client"\s*$/m);
  if (!engineLine) {
    throw new Error('generator client must set engineType = "client" (no native engine offline; see TOOLCHAIN)');
  }
  const indent = engineLine[1];
  // Align `output` with the block's other settings: pad the key to the width used by engineType.
  const keyWidth = "engineType".length + engineLine[2].length;
  const outputLine = `${indent}${"output".padEnd(keyWidth)}= "${POSTGRES_CLIENT_OUTPUT}"`;
  const gen = generator.body.replace(engineLine[0], `${engineLine[0]}\n${outputLine}`);
  out = out.slice(0, generator.start) + gen + out.slice(generator.end);

  return GENERATED_HEADER + out;
}

/** The PostgreSQL schema generated from the current prisma/schema.prisma. */
export function generatedPostgresSchema(): string {
  return toPostgresSchema(readFileSync(SQLITE_SCHEMA, "utf8"));
}
