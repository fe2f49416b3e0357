import { describe, expect, it } from "vitest";
import { createPrismaClient } from "../../app/db.server";
import { durably } from "../../app/db-client.server";

/**
 * The embedded database's connection settings (app/db-client.server.ts): write-ahead logging with
 * NORMAL sync, so a commit is one append and no sync on the main thread, and full sync for the writes
 * made with `durably` (the "submitting" record and the provider's task id), so those survive a power
 * cut (docs/decisions/0014-sqlite-durable-submits.md).
 */
describe("SQLite connection (tests/setup/per-file.ts gives each file its own SQLite database)", () => {
  it("runs in WAL mode with normal sync and waits for a busy writer instead of failing", async () => {
    const db = createPrismaClient(process.env.DATABASE_URL!);
    try {
      const [mode] = await db.$queryRawUnsafe<Array<{ journal_mode: string }>>("PRAGMA journal_mode");
      const [sync] = await db.$queryRawUnsafe<Array<{ synchronous: bigint | number }>>("PRAGMA synchronous");
      const [busy] = await db.$queryRawUnsafe<Array<{ timeout: bigint | number }>>("PRAGMA busy_timeout");
      expect(mode.journal_mode).toBe("wal");
      expect(Number(sync.synchronous)).toBe(1); // NORMAL
      expect(Number(busy.timeout)).toBe(5000);
    } finally {
      await db.$disconnect();
    }
  });

  it("GIVEN durable writes, overlapping ones included, THEN each commits with full sync and the connection returns to normal after the last", async () => {
    const db = createPrismaClient(process.env.DATABASE_URL!);
    const level = async () => Number((await db.$queryRawUnsafe<Array<{ synchronous: bigint | number }>>("PRAGMA synchronous"))[0].synchronous);
    try {
      let releaseFirst!: () => void;
      const firstHeld = new Promise<void>((r) => (releaseFirst = r));
      const seen: number[] = [];
      const first = durably(db, async () => {
        seen.push(await level());
        await db.shopSettings.create({ data: { shop: "durable-1.myshopify.com" } });
        await firstHeld;
        seen.push(await level());
      });
      // The second starts while the first is still in progress, and finishes first.
      await durably(db, async () => {
        seen.push(await level());
        await db.shopSettings.create({ data: { shop: "durable-2.myshopify.com" } });
      });
      expect(await level()).toBe(2); // the first is still writing: still FULL
      releaseFirst();
      await first;
      expect(seen).toEqual([2, 2, 2]);
      expect(await level()).toBe(1); // back to NORMAL once no durable write is left
      expect(await db.shopSettings.count({ where: { shop: { startsWith: "durable-" } } })).toBe(2);
    } finally {
      await db.$disconnect();
    }
  });

  it("GIVEN a client that disconnected WHEN a durable write runs on it THEN it reconnects and still commits with full sync", async () => {
    const db = createPrismaClient(process.env.DATABASE_URL!);
    const level = async () => Number((await db.$queryRawUnsafe<Array<{ synchronous: bigint | number }>>("PRAGMA synchronous"))[0].synchronous);
    try {
      expect(await durably(db, level)).toBe(2);
      await db.$disconnect();
      expect(await durably(db, level)).toBe(2);
      expect(await level()).toBe(1);
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
