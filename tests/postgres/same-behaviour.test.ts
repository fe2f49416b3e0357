import { copyFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { createPrismaClient, databaseKind } from "../../app/db.server";
import { createTestPostgresDatabase } from "../helpers/postgres";

// The same Prisma calls behave the same on both databases: the models, the conditional updates the
// job state machine relies on, constraints, cascades and transactions.

async function sqliteUrl(): Promise<string> {
  const file = path.resolve("tmp/test/db", `${randomUUID()}.sqlite`);
  copyFileSync(inject("templateDb"), file); // the run's migrated SQLite template (tests/setup)
  return `file:${file}`;
}

const SHOP = "same-behaviour.myshopify.com";

describe.each([
  ["SQLite", sqliteUrl],
  ["PostgreSQL", createTestPostgresDatabase],
] as const)("%s through createPrismaClient", (label, makeUrl) => {
  let db: PrismaClient;
  beforeAll(async () => {
    const url = await makeUrl();
    expect(databaseKind(url)).toBe(label === "SQLite" ? "sqlite" : "postgresql");
    db = createPrismaClient(url);
  });
  afterAll(async () => db?.$disconnect());

  async function newRun() {
    return db.tryOnRun.create({ data: { shop: SHOP, scopeType: "collection", scopeRef: "gid://shopify/Collection/1" } });
  }
  async function newJob(runId: string, productId: string) {
    return db.tryOnJob.create({
      data: {
        shop: SHOP, runId, productId, productTitle: `Product ${productId}`, garmentImageUrl: "https://cdn.example/g.png",
        settingsJson: "{}", requestJson: "{}", dedupeKey: `k-${productId}`, imagesExpected: 2,
      },
    });
  }

  it("GIVEN rows with every field type WHEN written and read back THEN the values are identical (BigInt, DateTime ms, booleans, nulls)", async () => {
    const expires = new Date("2030-01-02T03:04:05.678Z");
    await db.session.create({
      data: { id: `s-${label}`, shop: SHOP, state: "st", accessToken: "tok", userId: 9007199254740993n, expires, collaborator: null },
    });
    const session = await db.session.findUniqueOrThrow({ where: { id: `s-${label}` } });
    expect(session).toMatchObject({ userId: 9007199254740993n, expires, isOnline: false, collaborator: null, emailVerified: false });
    const settings = await db.shopSettings.create({ data: { shop: SHOP, dailyImageCap: 250, trial: true, modelImageUrls: '["a","b"]' } });
    expect(await db.shopSettings.findUnique({ where: { shop: SHOP } })).toEqual(settings);
    expect(settings.region).toBe("global");
  });

  it("GIVEN a unique key WHEN a duplicate is inserted THEN both databases report Prisma error P2002", async () => {
    await db.webhookEvent.create({ data: { id: `w-${label}`, shop: SHOP, topic: "products/delete" } });
    const duplicate = db.webhookEvent.create({ data: { id: `w-${label}`, shop: SHOP, topic: "products/delete" } });
    await expect(duplicate).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    await expect(duplicate).rejects.toMatchObject({ code: "P2002" });
  });

  it("GIVEN one queued job WHEN ten workers race to claim it with a conditional update THEN exactly one wins", async () => {
    const run = await newRun();
    const job = await newJob(run.id, "p-race");
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        db.tryOnJob.updateMany({
          where: { id: job.id, state: "queued" },
          data: { state: "submitting", leaseOwner: `worker-${i}`, leaseExpiresAt: new Date(Date.now() + 30_000), attempts: { increment: 1 } },
        }),
      ),
    );
    expect(claims.map((c) => c.count).reduce((a, b) => a + b, 0)).toBe(1);
    const after = await db.tryOnJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(after).toMatchObject({ state: "submitting", attempts: 1 });
  });

  it("GIVEN jobs in several states WHEN progress is read with one groupBy and leases are queried by time THEN counts and times match", async () => {
    const run = await newRun();
    const jobs = await Promise.all(["a", "b", "c", "d"].map((p) => newJob(run.id, p)));
    const past = new Date(Date.now() - 60_000);
    await db.tryOnJob.update({ where: { id: jobs[0].id }, data: { state: "polling", leaseExpiresAt: past } });
    await db.tryOnJob.update({ where: { id: jobs[1].id }, data: { state: "polling", leaseExpiresAt: new Date(Date.now() + 60_000) } });
    await db.tryOnJob.update({ where: { id: jobs[2].id }, data: { state: "failed", errorCode: "707" } });
    const counts = await db.tryOnJob.groupBy({ by: ["state"], where: { shop: SHOP, runId: run.id }, _count: { _all: true }, orderBy: { state: "asc" } });
    expect(counts.map((c) => [c.state, c._count._all])).toEqual([["failed", 1], ["polling", 2], ["queued", 1]]);
    const expired = await db.tryOnJob.findMany({ where: { runId: run.id, state: "polling", leaseExpiresAt: { lt: new Date() } }, select: { id: true } });
    expect(expired).toEqual([{ id: jobs[0].id }]);
  });

  it("GIVEN a run with jobs and images WHEN the run is deleted THEN its jobs and images go with it (cascade)", async () => {
    const run = await newRun();
    const job = await newJob(run.id, "p-cascade");
    await db.tryOnImage.create({ data: { shop: SHOP, runId: run.id, jobId: job.id, productId: "p-cascade", position: 0, providerUrl: "https://x/1.png" } });
    await db.tryOnRun.delete({ where: { id: run.id } });
    expect(await db.tryOnJob.count({ where: { runId: run.id } })).toBe(0);
    expect(await db.tryOnImage.count({ where: { runId: run.id } })).toBe(0);
  });

  it("GIVEN an interactive transaction WHEN it throws THEN nothing it wrote persists", async () => {
    const run = await newRun();
    await expect(
      db.$transaction(async (tx) => {
        await tx.tryOnRun.update({ where: { id: run.id }, data: { status: "running" } });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect((await db.tryOnRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("planning");
  });
});

describe("choosing the database from DATABASE_URL", () => {
  it("GIVEN DATABASE_URL=postgresql://… WHEN the app's prisma singleton loads THEN it talks to PostgreSQL", async () => {
    const url = await createTestPostgresDatabase();
    vi.resetModules();
    const saved = { url: process.env.DATABASE_URL, cached: globalThis.__fittingRoomPrisma };
    process.env.DATABASE_URL = url;
    globalThis.__fittingRoomPrisma = undefined;
    try {
      const { default: prisma } = await import("../../app/db.server");
      const [{ current }] = await prisma.$queryRaw<{ current: string }[]>`SELECT current_database()::text AS current`;
      expect(url.endsWith(`/${current}`)).toBe(true);
      await prisma.$disconnect();
    } finally {
      process.env.DATABASE_URL = saved.url;
      globalThis.__fittingRoomPrisma = saved.cached;
    }
  });

  it("GIVEN ?connection_limit=2 WHEN many queries run at once THEN the instance opens at most two connections", async () => {
    const url = await createTestPostgresDatabase();
    const db = createPrismaClient(`${url}?connection_limit=2`);
    try {
      const peaks = await Promise.all(
        Array.from({ length: 8 }, () =>
          db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'fitting-room' AND pg_sleep(0.05) IS NOT NULL`,
        ),
      );
      expect(Math.max(...peaks.map((rows) => rows[0].n))).toBeLessThanOrEqual(2);
    } finally {
      await db.$disconnect();
    }
  });

  it("GIVEN unsupported URL forms WHEN a client is created THEN it refuses with the fix", () => {
    expect(() => createPrismaClient("mysql://x/y")).toThrow(/use file: \(SQLite\) or postgresql:\/\//);
    expect(() => createPrismaClient("postgresql://u@h/db?schema=other")).toThrow(/\?schema= is not supported/);
    expect(() => createPrismaClient("postgresql://u@h/db?connection_limit=zero")).toThrow(/connection_limit must be a positive integer/);
    expect(databaseKind("postgres://u@h/db")).toBe("postgresql");
    expect(databaseKind("file:./dev.sqlite")).toBe("sqlite");
  });
});
