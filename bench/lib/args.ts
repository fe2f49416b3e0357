/**
 * `npm run bench -- [options]`: the command line, validated with zod (a wrong flag names itself and
 * what it takes). `--tiny` gives smoke-test sizes (what bench/bench.test.ts runs); flags given
 * explicitly always win.
 */
import { parseArgs } from "node:util";
import * as z from "zod";

export const WORKLOADS = ["throughput", "attach", "scale", "pages", "scaleout"] as const;
/** Workloads run only when named in --only (not part of the default set nor of the --tiny smoke test). */
export const EXTRA_WORKLOADS = ["web-vitals", "throughput-q100"] as const;
/** Issue 12.5's second throughput row: Q=100 submits/s, one image per task (the stand-ins' rendering fits 2 cores). */
export const THROUGHPUT_Q100 = { qps: 100, generateCount: 1, baselineProducts: 0 } as const;
/** The pages the web-vitals workload measures (bench/app/web-vitals-child.ts). */
export const VITALS_PAGES = ["Dashboard", "Products", "Product", "Collections", "Collection", "Runs", "Run", "Review", "Settings"] as const;
export type WorkloadName = (typeof WORKLOADS)[number] | (typeof EXTRA_WORKLOADS)[number];

export const HELP = `Usage: npm run bench -- [options]

Runs the benchmarks against the local try-on service and the local Admin API, prints a table and
writes bench/results.json. Every figure names its workload and parameters.

  --only LIST             workloads to run, comma-separated (default all): ${WORKLOADS.join(",")}
                          (also, only when named: ${EXTRA_WORKLOADS.join(",")})
  --merge                 keep the other workloads already in the results file (replace only those run)
  --tiny                  smoke-test sizes (seconds, not meaningful numbers)
  --out FILE              results file (default bench/results.json)

  1 throughput
  --products N            collection size (default 1000)
  --qps Q                 provider submit limit, submits/s (default 20)
  --task-ms T             task duration at the provider, ms (default 3000)
  --query-qps N           provider query limit, queries/s (default 3 × qps)
  --baseline-products N   products the one-at-a-time baseline runs, extrapolated to --products (default 20; 0 = skip)
  --generate-count N      images per product (default 4; also used by attach), e.g. --qps 100 --generate-count 1
  throughput-q100 (only when named) is this workload at --qps 100 --generate-count 1 without the baseline,
                          stored under its own name so both rows stay in the results file

  2 attach
  --attach-products N     products whose results are approved and attached (default 60)
  --generate-count N      images per product (default 4; the same flag as for throughput)
  --restore-rate N        Admin API points restored per second (default 100, Shopify Standard)
  --bucket-size N         Admin API bucket size in points (default 2000)

  3 scale
  --scale-products N      collection size (default 10000; another size is stored as scale-<N>, e.g. scale-100000)
  --scale-qps Q           provider submit limit for this run (default 50)
  --scale-task-ms T       task duration (default 3000)

  4 pages
  --pages-jobs N          jobs stored (default 10000)
  --pages-samples N       requests per page (default 60)

  5 scaleout
  --workers N             worker processes on BullMQ (default 3)
  --scaleout-products N   collection size (default --products)

  web-vitals (Chromium: LCP, CLS, INP of every page of the demo)
  --vitals-jobs N         jobs stored (default 10000)
  --vitals-samples N      measured loads per page, after one warm-up (default 5)
  --vitals-pages A,B      only these pages (Dashboard, Products, Product, Collections, Collection, Runs,
                          Run, Review, Settings), to look into one; the worst-page figures stay empty
`;

/** The scale workload's default size; another size is stored as `scale-<N>` (bench/run.ts). */
export const DEFAULT_SCALE_PRODUCTS = 10_000;

/** The name the scale workload is stored under in bench/results.json. */
export function scaleName(o: { tiny: boolean; scaleProducts: number }): string {
  return o.tiny || o.scaleProducts === DEFAULT_SCALE_PRODUCTS ? "scale" : `scale-${o.scaleProducts}`;
}

const int = (min: number) => z.coerce.number().int().min(min);
const num = (min: number) => z.coerce.number().min(min);

const optionsSchema = z.object({
  only: z
    .string()
    .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.enum([...WORKLOADS, ...EXTRA_WORKLOADS], { error: `must list workloads from: ${[...WORKLOADS, ...EXTRA_WORKLOADS].join(", ")}` })).min(1, "must name at least one workload")),
  tiny: z.boolean(),
  merge: z.boolean(),
  out: z.string().min(1),
  products: int(1),
  qps: num(0.1),
  taskMs: int(0),
  queryQps: num(0.1).optional(),
  baselineProducts: int(0),
  attachProducts: int(1),
  generateCount: int(1).max(8, "must be at most 8 (the provider's limit)"),
  restoreRate: num(1),
  bucketSize: int(50),
  scaleProducts: int(1),
  scaleQps: num(0.1),
  scaleTaskMs: int(0),
  pagesJobs: int(1),
  pagesSamples: int(1),
  workers: int(1),
  scaleoutProducts: int(1).optional(),
  vitalsJobs: int(1),
  vitalsSamples: int(1),
  vitalsPages: z
    .string()
    .max(200, "is too long: name at most the nine pages")
    .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.enum(VITALS_PAGES, { error: `must list pages from: ${VITALS_PAGES.join(", ")}` })).min(1, "must name at least one page"))
    .optional(),
});

export type BenchOptions = Omit<z.infer<typeof optionsSchema>, "queryQps" | "scaleoutProducts"> & { queryQps: number; scaleoutProducts: number };

const DEFAULTS = {
  only: WORKLOADS.join(","),
  out: "bench/results.json",
  products: "1000",
  qps: "20",
  taskMs: "3000",
  baselineProducts: "20",
  attachProducts: "60",
  generateCount: "4",
  restoreRate: "100",
  bucketSize: "2000",
  scaleProducts: String(DEFAULT_SCALE_PRODUCTS),
  scaleQps: "50",
  scaleTaskMs: "3000",
  pagesJobs: "10000",
  pagesSamples: "60",
  workers: "3",
  vitalsJobs: "10000",
  vitalsSamples: "5",
};

/** Small sizes for the smoke test: every workload runs end to end in seconds. */
const TINY: Partial<Record<keyof typeof DEFAULTS, string>> = {
  products: "12",
  qps: "20",
  taskMs: "300",
  baselineProducts: "2",
  attachProducts: "4",
  generateCount: "1",
  restoreRate: "1000",
  bucketSize: "2000",
  scaleProducts: "40",
  scaleQps: "40",
  scaleTaskMs: "300",
  pagesJobs: "200",
  pagesSamples: "3",
  workers: "2",
  vitalsJobs: "200",
  vitalsSamples: "1",
};

export class ArgsError extends Error {}

export function parseBenchArgs(argv: string[]): BenchOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      help: { type: "boolean", short: "h" },
      only: { type: "string" },
      tiny: { type: "boolean" },
      out: { type: "string" },
      products: { type: "string" },
      qps: { type: "string" },
      "task-ms": { type: "string" },
      "query-qps": { type: "string" },
      "baseline-products": { type: "string" },
      "attach-products": { type: "string" },
      "generate-count": { type: "string" },
      "restore-rate": { type: "string" },
      "bucket-size": { type: "string" },
      "scale-products": { type: "string" },
      "scale-qps": { type: "string" },
      "scale-task-ms": { type: "string" },
      "pages-jobs": { type: "string" },
      "pages-samples": { type: "string" },
      workers: { type: "string" },
      "scaleout-products": { type: "string" },
      "vitals-jobs": { type: "string" },
      "vitals-samples": { type: "string" },
      "vitals-pages": { type: "string" },
      merge: { type: "boolean" },
    },
  });
  if (values.help) return "help";
  const camel = (k: string) => k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const given: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined && k !== "help") given[camel(k)] = v;
  const tiny = given.tiny === true;
  const merged = { ...DEFAULTS, ...(tiny ? TINY : {}), ...given, tiny, merge: given.merge === true };
  const parsed = optionsSchema.safeParse(merged);
  if (!parsed.success) {
    const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    throw new ArgsError(parsed.error.issues.map((i) => `--${kebab(String(i.path[0] ?? "?"))}: ${i.message}`).join("\n"));
  }
  const o = parsed.data;
  return { ...o, queryQps: o.queryQps ?? o.qps * 3, scaleoutProducts: o.scaleoutProducts ?? o.products };
}
