/**
 * Keeping the leases of dispatched jobs alive while they wait in a Bull queue, and only until a worker
 * takes them. Apart from the driver because when a lease must be let go is the subtle part: see below.
 */
import { PHASE_STATES, type Phase } from "../persistence/jobs.server";
import type { PipelineDeps } from "./context.server";
import type { RunnerConfig } from "./runner-config";

/** Bull job states in which a job has not started yet (the dispatcher keeps its lease alive). */
const NOT_STARTED = new Set(["waiting", "delayed", "prioritized", "waiting-children"]);

/**
 * Jobs this instance dispatched whose lease it keeps alive while they wait in a Bull queue (by claim
 * owner). A job waiting behind a slowed global rate limit would otherwise outlive its lease, be
 * claimed again and its first Bull job skipped — a rate-limit slot spent on nothing, and under a
 * long slowdown every slot goes that way. An instance that dies stops the heartbeat, so its jobs
 * are claimed again when their leases run out (the recovery path).
 *
 * Only Bull jobs that have not started are kept alive: once a worker (of any instance) takes one,
 * the step holds its own lease, and if that worker dies (or skipped the job) the lease must run out
 * so the row is claimed again. Heartbeating by database state alone kept such a row leased for
 * ever — stuck in `polling` after a SIGKILL of the instance that was polling it (chaos run).
 */
export function createWaitingLeases(deps: PipelineDeps, leaseMs: RunnerConfig["leaseMs"], bullState: (phase: Phase, owner: string, jobId: string) => Promise<string>) {
  const waiting = new Map<string, { ids: Set<string>; phase: Phase }>();
  return {
    /** Jobs just handed to a Bull queue under one claim owner. */
    add(owner: string, phase: Phase, jobIds: string[]) {
      waiting.set(owner, { ids: new Set(jobIds), phase });
    },
    /** A worker took the job: its step holds the lease from now on. */
    started(owner: string, jobId: string) {
      waiting.get(owner)?.ids.delete(jobId);
    },
    /** Renews the leases of jobs still waiting; forgets the ones started, finished or claimed elsewhere. */
    async heartbeat() {
      for (const [owner, w] of waiting) {
        const states = await Promise.all([...w.ids].map(async (id) => [id, await bullState(w.phase, owner, id)] as const));
        for (const [id, state] of states) if (!NOT_STARTED.has(state)) w.ids.delete(id);
        const ids = [...w.ids];
        // Rows this owner still holds in the state the Bull job expects; the rest were started, finished or moved on.
        const held = await deps.db.tryOnJob.findMany({ where: { id: { in: ids }, leaseOwner: owner, state: { in: [...PHASE_STATES[w.phase]] } }, select: { id: true } });
        w.ids = new Set(held.map((r) => r.id));
        if (!w.ids.size) {
          waiting.delete(owner);
          continue;
        }
        const until = new Date(deps.clock.now() + leaseMs[w.phase]);
        await deps.db.tryOnJob.updateMany({ where: { id: { in: [...w.ids] }, leaseOwner: owner, state: { in: [...PHASE_STATES[w.phase]] } }, data: { leaseExpiresAt: until, availableAt: until } });
      }
    },
  };
}
