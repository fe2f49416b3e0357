import type { PrismaClient } from "@prisma/client";
import { createPrismaClient } from "./db-client.server";
import { env } from "./env.server";

/** The app's Prisma client, one per process (app/db-client.server.ts builds it from DATABASE_URL). */
export { createPrismaClient, databaseKind, SQLITE_PRAGMAS, type PostgresPoolOptions } from "./db-client.server";

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
