import { describe, expect, it } from "vitest";
import { createPrismaClient } from "../../app/db.server";

/**
 * The embedded database's connection settings (app/db.server.ts): write-ahead logging so a commit is
 * one append and one sync (the rollback journal's syncs were a third of a bulk run's time), and full
 * sync so a committed "submitting" record survives a power cut.
 */
describe("SQLite connection (tests/setup/per-file.ts gives each file its own SQLite database)", () => {
  it("runs in WAL mode with full sync and waits for a busy writer instead of failing", async () => {
    const db = createPrismaClient(process.env.DATABASE_URL!);
    try {
      const [mode] = await db.$queryRawUnsafe<Array<{ journal_mode: string }>>("PRAGMA journal_mode");
      const [sync] = await db.$queryRawUnsafe<Array<{ synchronous: bigint | number }>>("PRAGMA synchronous");
      const [busy] = await db.$queryRawUnsafe<Array<{ timeout: bigint | number }>>("PRAGMA busy_timeout");
      expect(mode.journal_mode).toBe("wal");
      expect(Number(sync.synchronous)).toBe(2); // FULL
      expect(Number(busy.timeout)).toBe(5000);
    } finally {
      await db.$disconnect();
    }
  });

  it("a second connection sees what the first committed (one database file, two clients)", async () => {
    const a = createPrismaClient(process.env.DATABASE_URL!);
    const b = createPrismaClient(process.env.DATABASE_URL!);
    try {
      await a.shopSettings.create({ data: { shop: "wal-check.myshopify.com" } });
      expect(await b.shopSettings.findUnique({ where: { shop: "wal-check.myshopify.com" } })).not.toBeNull();
    } finally {
      await Promise.all([a.$disconnect(), b.$disconnect()]);
    }
  });
});
