/**
 * Durable copies of results in the shop's Files (issue 13.2). Provider result URLs expire (object-
 * storage links); the merchant may approve days later. So the moment a task's results are stored, each
 * result is copied into the shop's Files — unattached, with its alt text, a clear file name and the AI
 * provenance XMP — and Review shows that copy; attaching later adds the file to the product.
 *
 * Batched across jobs: one pass takes up to `batchSize` waiting images of a shop (from any jobs and
 * runs), downloads them, and sends ONE `stagedUploadsCreate` and ONE `fileCreate` for all of them, so a
 * run at the provider's full rate costs a few Admin API points per result instead of a few calls each.
 * A pass runs when a batch is full or `flushMs` after the previous one.
 *
 * Exactly once, crash-safe, several processes at once:
 *   copyState: none → copying (claimed by a batch token, copyStartedAt) → copied (fileId) | failed
 *              copied → deleted (rejected, undone)
 * The file name (unique per image) is stored BEFORE fileCreate; a batch found `copying` after its
 * process died (copyStartedAt older than `staleMs`) first looks its files up by name and records those
 * it finds, so a crash between fileCreate and recording never makes a second file.
 * A second pass reads the status of copied files (UPLOADED → PROCESSING → READY | FAILED) and stores
 * the CDN URL once READY; a third deletes copies of images rejected meanwhile.
 *
 * This file runs the passes in a loop; the copy pass is file-copy-batch.server.ts, the status and
 * discard passes file-copy-upkeep.server.ts.
 */
import { planningInProgress } from "./planner.server";
import type { PipelineDeps } from "./context.server";
import { claimCopyBatch, copyBatch } from "./file-copy-batch.server";
import { DEFAULT_FILE_COPY_CONFIG, type CopyPass, type FileCopyConfig, type FileCopyStats } from "./file-copy-config";
import { checkCopiesReady, discardRejected } from "./file-copy-upkeep.server";

export interface FileCopier {
  start(): void;
  stop(): Promise<void>;
  /** New results stored: copy soon. */
  wake(): void;
  /** One pass (copy, status, discard); returns how many images it handled. */
  tick(): Promise<number>;
  stats(): FileCopyStats;
}

export function createFileCopier(deps: PipelineDeps, partial: Partial<FileCopyConfig> = {}, onCopied?: () => void, submitsWaiting?: () => boolean): FileCopier {
  const config: FileCopyConfig = { ...DEFAULT_FILE_COPY_CONFIG, ...partial };
  const stats: FileCopyStats = { filesCopied: 0, recovered: 0, batches: 0, failed: 0, discarded: 0 };
  const shopFilter = config.shops ? { shop: { in: config.shops } } : {};
  // Provider work comes first: copies take the background pace while the driver has submits waiting
  // or this process is still planning a run (its submits are not all queued yet), whichever driver.
  const providerWorkPending = () => (submitsWaiting?.() ?? false) || planningInProgress();
  const pass: CopyPass = { deps, config, stats, shopFilter, onCopied, submitsWaiting: providerWorkPending };
  let running = false;
  let loopDone: Promise<void> | null = null;
  let wakeResolve: (() => void) | null = null;
  let wakePending = false;

  async function tick(): Promise<number> {
    let handled = 0;
    const batch = await claimCopyBatch(pass);
    if (batch) {
      handled += batch.images.length;
      await copyBatch(pass, batch.token, batch.shop, batch.images);
    }
    handled += await checkCopiesReady(pass);
    handled += await discardRejected(pass);
    return handled;
  }

  async function loop() {
    while (running) {
      wakePending = false;
      let full = false;
      try {
        full = (await tick()) >= config.batchSize;
      } catch (error) {
        deps.log.error("file copier pass failed", { error: (error as Error)?.stack ?? String(error) });
      }
      if (!running) continue;
      // While submits wait for the provider, copies go at the background pace (file-copy-config.ts).
      const background = providerWorkPending();
      if (full && !background) continue;
      // Wait for more results (a fuller batch), at most flushMs; a wake during the wait counts, except
      // at the background pace.
      const waitMs = background ? Math.max(config.flushMs, config.whileSubmittingFlushMs) : config.flushMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        wakeResolve = () => {
          if (!running) {
            clearTimeout(timer);
            resolve();
            return;
          }
          if (background) return;
          clearTimeout(timer);
          // Let a burst of stored results gather into one batch.
          setTimeout(resolve, Math.min(50, config.flushMs));
        };
        if (wakePending) wakeResolve();
      });
      wakeResolve = null;
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loopDone = loop();
    },
    async stop() {
      running = false;
      wakeResolve?.();
      await loopDone;
    },
    wake() {
      wakePending = true;
      wakeResolve?.();
    },
    tick,
    stats: () => ({ ...stats }),
  };
}
