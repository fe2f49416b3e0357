/**
 * The shop's planning lock: a lease row (PlanningLock) that works the same on SQLite and PostgreSQL and
 * across instances, so one batch's duplicate check, daily cap and insert happen with no other planner
 * of the shop in between.
 */
import type { PrismaClient } from "@prisma/client";

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "P2002";

/** Takes the shop's planning lock if it is free, expired or already ours. */
export async function tryAcquirePlanningLock(db: PrismaClient, shop: string, owner: string, ttlMs: number, now = Date.now()): Promise<boolean> {
  const expiresAt = new Date(now + ttlMs);
  const taken = await db.planningLock.updateMany({ where: { shop, OR: [{ expiresAt: { lt: new Date(now) } }, { owner }] }, data: { owner, expiresAt } });
  if (taken.count) return true;
  try {
    await db.planningLock.create({ data: { shop, owner, expiresAt } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function releasePlanningLock(db: PrismaClient, shop: string, owner: string): Promise<void> {
  await db.planningLock.deleteMany({ where: { shop, owner } });
}

/** Waits (backing off from 10 to 250 ms) for the shop's planning lock; throws after `waitMs`. */
export async function acquirePlanningLock(db: PrismaClient, shop: string, owner: string, o: { ttlMs?: number; waitMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + (o.waitMs ?? 120_000);
  let wait = 10;
  for (;;) {
    if (await tryAcquirePlanningLock(db, shop, owner, o.ttlMs ?? 30_000)) return;
    if (Date.now() > deadline) throw new Error("Another run of this shop kept planning for too long; try again in a minute.");
    await new Promise((r) => setTimeout(r, wait + Math.random() * wait));
    wait = Math.min(250, wait * 2);
  }
}
