import type { PrismaClient } from "@prisma/client";

/**
 * The app's Prisma singleton, imported lazily: model factories take a client (tests and tools pass
 * their own), and only the default-bound helpers reach for the singleton, on first use.
 */
export async function defaultDb(): Promise<PrismaClient> {
  return (await import("../db.server")).default;
}
