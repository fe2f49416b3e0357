// Prisma CLI configuration: the JS engine with a driver adapter, so nothing is downloaded from
// outside npm (see docs/decisions/0002-node20-pins.md and TOOLCHAIN).
import path from "node:path";
import type { PrismaConfig } from "prisma";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

const DEFAULT_URL = "file:./prisma/dev.sqlite";

export default {
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const url = process.env.DATABASE_URL ?? DEFAULT_URL;
    if (!url.startsWith("file:")) {
      throw new Error(
        `prisma.config.ts migrates SQLite only; DATABASE_URL=${url.split(":")[0]}:… — use npm run db:migrate:pg for PostgreSQL`,
      );
    }
    return new PrismaBetterSQLite3({ url });
  },
} satisfies PrismaConfig;
