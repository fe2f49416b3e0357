/**
 * Operator CLI for support and benchmarks. Uses the same services as the UI (app/pipeline).
 *
 *   npm run ops -- run --shop SHOP --collection ID [--dry-run] [--force] [--set viewType=halfbody] [--no-wait] [--json]
 *   npm run ops -- run --shop SHOP --product ID[,ID…] …
 *   npm run ops -- status RUN [--json]
 *   npm run ops -- cancel RUN
 *   npm run ops -- retry RUN [--no-wait]
 *   npm run ops -- approve RUN          (approve every image waiting for review)
 *   npm run ops -- undo RUN             (remove every image the run attached)
 *   npm run ops -- runs --shop SHOP     (latest runs)
 *   npm run ops -- worker               (the runner loop, like `npm run worker`)
 *   npm run ops -- connect --shop SHOP --app-key KEY [--region global|cn] [--trial] < secret
 *                                       (store a shop's Aidge credentials, as the Settings page does)
 *
 * IDs may be Shopify gids or plain numbers. Exit code 0 on success, 1 on a failure, 2 on bad usage.
 */
import { parseArgs } from "node:util";
import { formatProgress, normaliseShop, toGid, UsageError } from "./format";

const HELP = `Fitting Room operator CLI

  ops run --shop SHOP --collection ID [--dry-run] [--force] [--set FIELD=VALUE ...] [--no-wait] [--json]
  ops run --shop SHOP --product ID[,ID...] [same flags]
  ops status RUN [--json]
  ops cancel RUN
  ops retry RUN [--no-wait]
  ops approve RUN
  ops undo RUN
  ops runs --shop SHOP
  ops worker
  ops connect --shop SHOP --app-key KEY [--region global|cn] [--trial]   (the secret is read from standard input)

Environment: the app's (.env): DATABASE_URL, ENCRYPTION_KEY, SHOPIFY_API_KEY/SECRET, SHOPIFY_APP_URL;
REDIS_URL selects the BullMQ driver; AIDGE_BASE_URL / LOCAL_ADMIN_API_URL point at local stand-ins.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(`${HELP}\n`);
    return command ? 0 : 2;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      shop: { type: "string" },
      collection: { type: "string" },
      product: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      force: { type: "boolean", default: false },
      set: { type: "string", multiple: true },
      "no-wait": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      "app-key": { type: "string" },
      region: { type: "string", default: "global" },
      trial: { type: "boolean", default: false },
    },
  });
  const json = values.json;
  const out = (human: string, data: unknown) => process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human}\n`);

  if (command === "worker") {
    const { runWorker } = await import("./worker");
    await runWorker();
    return 0;
  }

  if (command === "connect") {
    if (!values.shop) throw new UsageError("--shop is required (e.g. --shop example.myshopify.com)");
    const appKey = values["app-key"]?.trim();
    if (!appKey || /\s/.test(appKey) || appKey.length > 64) throw new UsageError("--app-key is required: the App Key from the Aidge console (no spaces, at most 64 characters)");
    if (values.region !== "global" && values.region !== "cn") throw new UsageError('--region must be "global" or "cn"');
    // The secret comes on standard input, never as an argument: arguments show up in process lists and shell history.
    const secret = (await readStdin(4096)).trim();
    if (!secret) throw new UsageError("Pipe the App secret on standard input, e.g. ops connect --shop … --app-key … < secret.txt");
    const { updateShopSettings } = await import("../persistence/shop-settings.server");
    const prisma = (await import("../db.server")).default;
    try {
      const shop = normaliseShop(values.shop);
      const saved = await updateShopSettings(shop, { providerAppKey: appKey, providerSecret: secret, region: values.region, trial: values.trial });
      out(`Connected ${shop} to Aidge with App Key ${appKey} (secret ${saved.providerSecretMasked}, region ${saved.region}${saved.trial ? ", trial quota" : ""}).`, {
        shop,
        providerAppKey: appKey,
        region: saved.region,
        trial: saved.trial,
      });
      return 0;
    } finally {
      await prisma.$disconnect().catch(() => undefined);
    }
  }

  const { pipeline, ensureRunnerStarted, stopRunner } = await import("../pipeline/runtime.server");
  const p = pipeline();
  const db = p.deps.db;

  /** Waits until the run no longer has work for the runner, printing progress. */
  const follow = async (shop: string, runId: string) => {
    await ensureRunnerStarted({ force: true });
    let last = "";
    for (;;) {
      const progress = await p.getRunProgress(shop, runId);
      if (!progress) throw new UsageError(`Run ${runId} not found.`);
      const line = formatProgress(progress);
      if (line !== last && !json) process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
      last = line;
      if (progress.status !== "planning" && progress.status !== "running") return progress;
      await new Promise((r) => setTimeout(r, 1000));
    }
  };

  const runShop = async (runId: string | undefined) => {
    if (!runId) throw new UsageError(`Usage: ops ${command} RUN`);
    const run = await db.tryOnRun.findUnique({ where: { id: runId }, select: { shop: true } });
    if (!run) throw new UsageError(`Run ${runId} not found.`);
    return run.shop;
  };

  try {
    switch (command) {
      case "run": {
        if (!values.shop) throw new UsageError("--shop is required (e.g. --shop example.myshopify.com)");
        const shop = normaliseShop(values.shop);
        if (!values.collection === !values.product) throw new UsageError("Give exactly one of --collection ID or --product ID[,ID...]");
        const scope = values.collection
          ? { type: "collection" as const, collectionId: toGid("Collection", values.collection) }
          : (() => {
              const ids = values.product!.split(",").map((s) => toGid("Product", s.trim())).filter(Boolean);
              return ids.length === 1 ? { type: "product" as const, productId: ids[0] } : { type: "selection" as const, productIds: ids };
            })();
        const overrides: Record<string, string> = {};
        for (const kv of values.set ?? []) {
          const i = kv.indexOf("=");
          if (i <= 0) throw new UsageError(`--set expects FIELD=VALUE (got "${kv}")`);
          overrides[kv.slice(0, i)] = kv.slice(i + 1);
        }
        if (!values["dry-run"]) void ensureRunnerStarted({ force: true });
        // A real run returns its id at once; the runner plans it in the background (progress: ops status).
        const result = await p.startRun(shop, scope, overrides, { dryRun: values["dry-run"], force: values.force, background: !values["dry-run"] });
        const e = result.estimate;
        const skipped = Object.entries(e.skippedCounts).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(", ") || "none";
        out(
          [
            result.dryRun ? "Dry run (nothing was started)" : `Run ${result.runId} started${result.planning ? " (planning in the background)" : ""}`,
            ...(result.planning ? [] : [`  products: ${e.products}, to generate: ${e.productsToGenerate}, images: ${e.imagesToGenerate}`]),
            ...(e.mayBeRefused ? [`  may be refused as not a flat lay: ${e.mayBeRefused}`] : []),
            ...(e.unjudged ? [`  not judged yet (settled while the run plans): ${e.unjudged}`] : []),
            `  not sent: ${skipped}`,
            ...(e.dailyCap ? [`  daily cap: ${e.dailyCap.cap} (used today ${e.dailyCap.usedToday}, remaining ${e.dailyCap.remaining})`] : []),
            ...e.skipped.slice(0, 20).map((s) => `  - ${s.title} [${s.code}]: ${s.reason}`),
            ...(result.planError ? [`  planning stopped: ${result.planError}`] : []),
          ].join("\n"),
          result,
        );
        if (result.runId && !values["no-wait"]) {
          const final = await follow(shop, result.runId);
          if (json) out("", final);
        }
        return result.planError ? 1 : 0;
      }
      case "status": {
        const runId = positionals[0];
        const shop = await runShop(runId);
        const progress = (await p.getRunProgress(shop, runId!))!;
        const failed = await p.listRunJobs(shop, runId!, { state: "failed", take: 20 });
        out(
          [
            `Run ${runId} (${shop}) — ${formatProgress(progress)}`,
            ...failed.items.map((j) => `  failed: ${j.productTitle} [${j.errorCode}] ${j.errorMessage ?? ""}`),
            ...(progress.planError ? [`  planning stopped: ${progress.planError}`] : []),
          ].join("\n"),
          { ...progress, failed: failed.items.map((j) => ({ productId: j.productId, title: j.productTitle, code: j.errorCode, message: j.errorMessage })) },
        );
        return 0;
      }
      case "cancel": {
        const runId = positionals[0];
        const shop = await runShop(runId);
        const n = await p.cancelRun(shop, runId!);
        out(`Run ${runId} cancelled (${n} jobs stopped; images being added right now finish).`, { runId, cancelledJobs: n });
        return 0;
      }
      case "retry": {
        const runId = positionals[0];
        const shop = await runShop(runId);
        const r = await p.retryRun(shop, runId!);
        out(`Run ${runId}: ${r.requeued} failed jobs queued again${r.replanning ? ` (${r.replanning} planned again with the current settings and photos first)` : ""}, ${r.stillFailing} still cannot run${r.overDailyLimit ? `, ${r.overDailyLimit} left failed: the shop's daily image limit is reached` : ""}.`, { runId, ...r });
        if (r.requeued && !values["no-wait"]) await follow(shop, runId!);
        return 0;
      }
      case "approve": {
        const runId = positionals[0];
        const shop = await runShop(runId);
        const r = await p.approve(shop, { runId: runId! });
        out(`Run ${runId}: ${r.images} images approved; ${r.jobsToAttach} products queued to attach.`, { runId, ...r });
        if (r.jobsToAttach && !values["no-wait"]) await follow(shop, runId!);
        return 0;
      }
      case "undo": {
        const runId = positionals[0];
        const shop = await runShop(runId);
        const r = await p.undoRun(shop, runId!);
        out(`Run ${runId}: ${r.removed} images removed, ${r.alreadyGone} already gone, ${r.failed.length} could not be removed.`, { runId, ...r });
        return r.failed.length ? 1 : 0;
      }
      case "runs": {
        if (!values.shop) throw new UsageError("--shop is required");
        const shop = normaliseShop(values.shop);
        const page = await p.listRuns(shop, { take: 20 });
        out(page.items.map((r) => `${r.id}  ${r.createdAt.toISOString().slice(0, 16)}  ${r.scopeTitle ?? r.scopeType}  ${formatProgress(r.progress)}`).join("\n") || "No runs.", page.items.map((r) => r.progress));
        return 0;
      }
      default:
        throw new UsageError(`Unknown command "${command}". Run "npm run ops -- help".`);
    }
  } finally {
    await stopRunner(10_000);
    await db.$disconnect().catch(() => undefined);
  }
}

/** Standard input as text, refusing more than `maxBytes` (a secret is short). */
async function readStdin(maxBytes: number): Promise<string> {
  if (process.stdin.isTTY) return "";
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) throw new UsageError(`Standard input is longer than ${maxBytes} bytes; pipe only the App secret.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
