/**
 * The one-minute chaos run (issue 14.16) inside the suite: the same code as `npm run chaos -- --minutes 1`
 * (bench/chaos.ts runChaos). Two app instances (the real server build, BullMQ driver) on one PostgreSQL
 * database and one Redis work a 300-product collection with auto-approve while a random instance is
 * SIGKILLed every 10–30 s and started again; the try-on service fails 20 % of submits (500/501/1001) and
 * the Admin API restores 10 points/s. The longer runs are `npm run chaos -- --minutes M` (not in the suite).
 *
 * PostgreSQL: a database copied from the suite's migrated template (tests/postgres/global-setup.ts), as
 * the other PostgreSQL tests get; Redis: a private redis-server, as the BullMQ tests start.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatChaos, runChaos, type ChaosResult } from "../../bench/chaos";
import { createTestPostgresDatabase } from "../helpers/postgres";
import { startRedis, type RedisServer } from "../helpers/redis";

/** A seeded random source, so a failing run can be replayed with CHAOS_SEED (kill times, victims, webhook targets). */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
let redis: RedisServer;
let result: ChaosResult;
let summary = "";

beforeAll(async () => {
  const databaseUrl = await createTestPostgresDatabase();
  redis = await startRedis();
  const lines: string[] = [];
  result = await runChaos({
    minutes: 1,
    products: 300,
    instances: 2,
    databaseUrl,
    redisUrl: redis.url,
    random: seededRandom(SEED),
    log: (line) => lines.push(line),
  });
  summary = `CHAOS_SEED=${SEED}\n${lines.join("\n")}\n${formatChaos(result)}`;
  console.log(summary); // the figures of this run, in the suite's output
}, 25 * 60_000);

afterAll(async () => {
  await redis?.stop();
});

describe("npm run chaos -- --minutes 1 (two instances, SIGKILLs, provider faults, Admin API throttling)", () => {
  it("GIVEN one minute of chaos WHEN it ends THEN at least one instance was SIGKILLed mid-run and the provider's faults were injected", () => {
    expect(result.kills, summary).toBeGreaterThan(0);
    const faults = Object.values(result.faultsInjected).reduce((a, b) => a + b, 0);
    expect(faults, summary).toBeGreaterThan(0);
    expect(result.webhooksDelivered, summary).toBeGreaterThan(0);
  });

  it("GIVEN instances killed mid-run WHEN the run settles THEN no job is lost: every product of the collection has a job in a final state", () => {
    expect(result.runFinishedAtSec, summary).not.toBeNull();
    expect(result.jobsLost, summary).toBe(0);
    expect(result.imagesAttached, summary).toBeGreaterThan(0);
  });

  it("GIVEN attaches cut off by kills WHEN retried THEN no product carries the same try-on image twice", () => {
    expect(result.imagesAttachedTwice, summary).toBe(0);
  });

  it("GIVEN submits cut off by kills WHEN retried THEN the provider created at most one unused task per kill", () => {
    expect(result.extraProviderSubmits, summary).toBeLessThanOrEqual(result.kills);
  });

  it("GIVEN webhooks delivered to random instances during the kills WHEN answered 200 THEN every one was processed", () => {
    expect(result.webhooksProcessed, summary).toBe(result.webhooksDelivered);
    expect(result.ok, summary).toBe(true);
  });
});
