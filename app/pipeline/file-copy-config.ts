/**
 * The Files copier's settings, counters and copy states, and what its passes share. Apart from the
 * copier so the runner's settings (runner-config.ts) and each pass can name them without the loop.
 */
import type { PipelineDeps } from "./context.server";

export interface FileCopyConfig {
  /** Most images per staged-upload + fileCreate; default 50. */
  batchSize: number;
  /** Longest wait before a partial batch is sent, ms; default 250. */
  flushMs: number;
  /** A `copying` batch whose process has not finished it this long is presumed dead, ms; default 120_000. */
  staleMs: number;
  /** Tries per image before its copy fails; default 5. */
  maxAttempts: number;
  /** Gap between status checks of one processing file, ms; default 500. */
  readyPollMs: number;
  /** Downloads from the provider at once; default 4. */
  downloadConcurrency: number;
  /**
   * While this process has submits waiting for the provider (see `CopyPass.submitsWaiting`): downloads
   * at once (default 1) and the gap between passes (default 2000 ms). Copies are background work, the
   * provider's submit rate is the run's bound: a copy can be made any time in the URL's life, a submit
   * slot not used now is lost. Still at least one copy stream, so Review fills during long runs.
   */
  whileSubmittingDownloadConcurrency: number;
  whileSubmittingFlushMs: number;
  /** Only these shops (tests); default all. */
  shops?: string[];
}

export const DEFAULT_FILE_COPY_CONFIG: FileCopyConfig = {
  batchSize: 50,
  flushMs: 250,
  staleMs: 120_000,
  maxAttempts: 5,
  readyPollMs: 500,
  downloadConcurrency: 4,
  whileSubmittingDownloadConcurrency: 1,
  whileSubmittingFlushMs: 2000,
};

export const COPY_STATES = ["none", "copying", "copied", "failed", "deleted"] as const;
export type CopyState = (typeof COPY_STATES)[number];

export interface FileCopyStats {
  /** Files created in Shopify. */
  filesCopied: number;
  /** Copies found again by name after a crash (no second file). */
  recovered: number;
  /** fileCreate calls (one per batch). */
  batches: number;
  failed: number;
  /** Copies of rejected images deleted. */
  discarded: number;
}
/** What every pass of one copier works with: its deps and settings, the counters it adds to, the shops it serves. */
export interface CopyPass {
  deps: PipelineDeps;
  config: FileCopyConfig;
  stats: FileCopyStats;
  /** Limits every query to `config.shops` (empty: all shops). */
  shopFilter: { shop?: { in: string[] } };
  /** Copies changed (copied, ready, failed): pages showing them refresh. */
  onCopied?: () => void;
  /** Whether this process has submits claimed and not yet sent: copies then take the background pace. */
  submitsWaiting?: () => boolean;
}
