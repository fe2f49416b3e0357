/**
 * The stand-in's knobs and their defaults. Every default is resolved here, once, at start — so the
 * README's table, the CLI and the handlers cannot drift apart on what "not given" means.
 */
import type { DownloadLimits } from "./download";
import type { TaskStoreLimits } from "./tasks";

/** Credentials used when neither options nor AIDGE_APP_KEY / AIDGE_APP_SECRET give any. Local use only. */
export const LOCAL_DEFAULT_APP_KEY = "100001";
export const LOCAL_DEFAULT_APP_SECRET = "local-tryon-secret-not-for-production";

export interface TryOnServiceOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Default: AIDGE_APP_KEY, else LOCAL_DEFAULT_APP_KEY. */
  appKey?: string;
  /** Default: AIDGE_APP_SECRET, else LOCAL_DEFAULT_APP_SECRET. */
  appSecret?: string;
  /** Time from submit to the last sub-task ending, in ms; default 3000. */
  taskMs?: number;
  /** Submit rate limit (token bucket), requests per second; default 5; 0 = unlimited. */
  submitQps?: number;
  /** Query rate limit, requests per second; default 20; 0 = unlimited. */
  queryQps?: number;
  /** Share (0..1) of submits without a marker that get a random fault; default 0. */
  faultRate?: number;
  /** Codes the random faults are drawn from (e.g. [500, 501, 1001]); default 500, 801, 1000, 1001, 1002. */
  faultCodes?: number[];
  /** Allowed |server clock − timestamp|, in ms; default 300000 (5 min). */
  maxClockSkewMs?: number;
  /** Paid calls available (submits without x-iop-trial); default 1000000. 0 → NoResource. */
  quota?: number;
  /** Trial calls available (submits with x-iop-trial: true); default 1000000. */
  trialQuota?: number;
  /** Largest request body, in bytes; default 65536. */
  maxBodyBytes?: number;
  /** Largest garment/model image download, in bytes; default 20 MiB. */
  maxImageBytes?: number;
  /** Download deadline per image, in ms; default 10000. */
  downloadTimeoutMs?: number;
  /** Queries find a task this long after submit, in ms; default 1 hour. */
  taskTtlMs?: number;
  /** Result URLs answer 404 this long after their sub-task finished, in ms; default 86400000 (24 h). */
  resultTtlMs?: number;
  /** At most this many tasks are kept (oldest evicted, its result URLs then 404 early); default 2000. */
  maxTasks?: number;
  /** At most this many bytes of downloaded garments and model photos are held; beyond it the oldest tasks keep only their URLs and fetch again if rendered; default 256 MiB. */
  maxStoredBytes?: number;
  /** Sub-task `taskResult` as an object (default) or as a JSON string (both occur in the docs). */
  taskResultEncoding?: "object" | "string";
  /** Rewrites image URLs before download (e.g. map https://example.com/ to a local server in tests). */
  urlRewrite?: (url: string) => string;
  /** Origin used in result URLs; default the listening URL. */
  publicUrl?: string;
  /** Random source for faults; default Math.random. */
  random?: () => number;
  /** Clock in epoch ms; default Date.now. */
  now?: () => number;
  /** Sees the raw body of every submit that passed the gateway checks (tests: "the request reached the provider unchanged"). */
  onSubmit?: (rawBody: string) => void;
  /** Log lines (one per request); default silent. */
  log?: (line: string) => void;
}

/** Calls left, per pool: submits with x-iop-trial: true draw on `trial`, all others on `paid`. */
export interface Quota {
  paid: number;
  trial: number;
}

/** The options with every default applied. */
export interface Settings {
  port: number;
  host: string;
  appKey: string;
  appSecret: string;
  taskMs: number;
  submitQps: number;
  queryQps: number;
  faultRate: number;
  faultCodes?: number[];
  maxClockSkewMs: number;
  quota: Quota;
  maxBodyBytes: number;
  download: DownloadLimits;
  store: TaskStoreLimits;
  taskResultEncoding: "object" | "string";
  urlRewrite: (url: string) => string;
  /** Empty: the listening URL, known only once the server listens. */
  publicUrl: string;
  random: () => number;
  now: () => number;
  onSubmit?: (rawBody: string) => void;
  log: (line: string) => void;
}

export function resolveOptions(options: TryOnServiceOptions): Settings {
  const taskMs = options.taskMs ?? 3000;
  return {
    port: options.port ?? 0,
    host: options.host ?? "127.0.0.1",
    appKey: options.appKey ?? process.env.AIDGE_APP_KEY ?? LOCAL_DEFAULT_APP_KEY,
    appSecret: options.appSecret ?? process.env.AIDGE_APP_SECRET ?? LOCAL_DEFAULT_APP_SECRET,
    taskMs,
    submitQps: options.submitQps ?? 5,
    queryQps: options.queryQps ?? 20,
    faultRate: options.faultRate ?? 0,
    faultCodes: options.faultCodes,
    maxClockSkewMs: options.maxClockSkewMs ?? 300_000,
    quota: { paid: options.quota ?? 1_000_000, trial: options.trialQuota ?? 1_000_000 },
    maxBodyBytes: options.maxBodyBytes ?? 65_536,
    download: { maxBytes: options.maxImageBytes ?? 20 * 1024 * 1024, timeoutMs: options.downloadTimeoutMs ?? 10_000 },
    store: {
      queryTtlMs: options.taskTtlMs ?? 3_600_000,
      resultTtlMs: options.resultTtlMs ?? 86_400_000,
      taskMs,
      maxTasks: options.maxTasks ?? 2000,
      maxBytes: options.maxStoredBytes ?? 256 * 1024 * 1024,
    },
    taskResultEncoding: options.taskResultEncoding ?? "object",
    urlRewrite: options.urlRewrite ?? ((u: string) => u),
    publicUrl: options.publicUrl ?? "",
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
    onSubmit: options.onSubmit,
    log: options.log ?? (() => {}),
  };
}
