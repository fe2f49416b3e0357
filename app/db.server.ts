import { PrismaClient } from "@prisma/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { env } from "./env.server";

/**
 * The Prisma client: one of the app's two singletons. Built with a driver adapter (no native engine,
 * see TOOLCHAIN). `createPrismaClient` is exported for tools and tests that need their own database.
 */
export function createPrismaClient(url: string): PrismaClient {
  if (url.startsWith("file:")) {
    return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
  }
  throw new Error(`Unsupported DATABASE_URL scheme "${url.split(":")[0]}:"; use file: (SQLite)`);
}

declare global {
  // Reused across dev-server reloads so connections are not leaked.
  var __fittingRoomPrisma: PrismaClient | undefined;
}

function buildSingleton(): PrismaClient {
  return createPrismaClient(env().DATABASE_URL);
}

const prisma: PrismaClient = globalThis.__fittingRoomPrisma ?? buildSingleton();
if (env().NODE_ENV !== "production") globalThis.__fittingRoomPrisma = prisma;

export default prisma;
