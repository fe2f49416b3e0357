/* global process, console */
// `npm run db:generate` (also postinstall): generates both Prisma clients — the default one from
// prisma/schema.prisma (SQLite) and the PostgreSQL one from prisma/postgres/schema.prisma into
// node_modules/.prisma/client-postgres — then points the PostgreSQL client at @prisma/client's runtime.
//
// Why the last step: a client generated to a custom `output` gets a private copy of Prisma's runtime,
// so its error classes are different classes. `error instanceof Prisma.PrismaClientKnownRequestError`
// (app code imports Prisma from @prisma/client) would then be false for every PostgreSQL error. The
// runtime is the same file (one Prisma version, provider-neutral; the query compiler is separate), so
// the PostgreSQL client loads the shared copy. tests/postgres/same-behaviour.test.ts checks it.
// Plain Node: runs on production installs without tsx.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./postgres-migrations.mjs";

const prisma = path.join(ROOT, "node_modules", ".bin", "prisma");
const quiet = { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] };
execFileSync(prisma, ["generate"], quiet);
execFileSync(prisma, ["generate", "--schema", path.join("prisma", "postgres", "schema.prisma")], quiet);

const clientDir = path.join(ROOT, "node_modules", ".prisma", "client-postgres");
let rewired = 0;
for (const file of ["index.js", "edge.js", "wasm.js", "index-browser.js", "index.d.ts", "edge.d.ts", "wasm.d.ts"]) {
  const full = path.join(clientDir, file);
  if (!existsSync(full)) continue;
  const text = readFileSync(full, "utf8");
  const next = text.replace(/(["'])\.\/runtime\//g, "$1@prisma/client/runtime/");
  if (next !== text) {
    writeFileSync(full, next);
    rewired++;
  }
}
if (!readFileSync(path.join(clientDir, "index.js"), "utf8").includes("@prisma/client/runtime/client")) {
  console.error("db:generate: could not point the PostgreSQL client at @prisma/client/runtime (Prisma layout changed?)");
  process.exit(1);
}
console.log(`Generated Prisma clients: @prisma/client (SQLite) and .prisma/client-postgres (PostgreSQL; ${rewired} files share @prisma/client's runtime)`);
