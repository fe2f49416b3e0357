// Writes prisma/postgres/schema.prisma from prisma/schema.prisma (`npm run db:pg:schema`).
// `--check` writes nothing and exits 1 when the committed file is stale (for CI and pre-commit use).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { POSTGRES_SCHEMA, ROOT, generatedPostgresSchema } from "./postgres-schema";

const check = process.argv.includes("--check");
const wanted = generatedPostgresSchema();
const current = existsSync(POSTGRES_SCHEMA) ? readFileSync(POSTGRES_SCHEMA, "utf8") : null;
const rel = path.relative(ROOT, POSTGRES_SCHEMA);

if (current === wanted) {
  console.log(`${rel} is up to date`);
} else if (check) {
  console.error(`${rel} is stale: prisma/schema.prisma changed. Run: npm run db:pg:schema`);
  process.exit(1);
} else {
  mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
  writeFileSync(POSTGRES_SCHEMA, wanted);
  console.log(`wrote ${rel}; next: npm run db:pg:new-migration (then npm run db:generate)`);
}
