/**
 * The chaos itself: until the window ends, SIGKILL a random instance every few seconds and start it again
 * in the same slot. The kill count matters beyond the log: each kill may cut off one submit's answer, so
 * it bounds the extra provider submits the run may leave (invariants.ts).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { killHard, type Instance } from "./instances";

export interface KillSchedule {
  /** When the run started (epoch ms); the window is counted from it. */
  t0: number;
  windowMs: number;
  /** Seconds between kills, drawn uniformly from [min, max]. */
  killEverySec: [number, number];
  /** Instance slots to pick victims from. */
  slots: number;
  random: () => number;
  log: (line: string) => void;
}

/** Kills and restarts instances until the window ends; returns the number of kills. */
export async function killAndRestart(s: KillSchedule, instances: Instance[], spawnInstance: (slot: number) => Promise<Instance>): Promise<number> {
  const [killMin, killMax] = s.killEverySec;
  let kills = 0;
  const windowEnd = s.t0 + s.windowMs;
  while (Date.now() < windowEnd) {
    const wait = (killMin + s.random() * (killMax - killMin)) * 1000;
    if (Date.now() + wait > windowEnd) {
      await sleep(Math.max(0, windowEnd - Date.now()));
      break;
    }
    await sleep(wait);
    const slot = Math.floor(s.random() * s.slots);
    const victim = instances[slot];
    await killHard(victim);
    kills++;
    s.log(`+${Math.round((Date.now() - s.t0) / 1000)} s: SIGKILL ${victim.name} (kill ${kills}); restarting`);
    // A restart on a loaded machine can fail (slow cold start); a slot left empty would end the chaos.
    for (let tries = 1; ; tries++) {
      try {
        await spawnInstance(slot);
        break;
      } catch (error) {
        if (tries >= 3) throw error;
        s.log(`restart of slot ${slot} failed (${(error as Error).message.split("\n")[0]}); trying again`);
      }
    }
  }
  return kills;
}
