/**
 * Workload "web-vitals" — Shopify's "Built for Shopify" admin performance bar, measured in Chromium on
 * every page of the offline demo with `jobs` try-on jobs stored: LCP ≤ 2.5 s, CLS ≤ 0.1, INP ≤ 200 ms
 * (Shopify judges the 75th percentile of merchants' page loads; here, the p75 of `samples` loads of
 * each page on this machine). The demo, the seed and Chromium run in a process of their own
 * (bench/app/web-vitals-child.ts).
 *
 * Not in the default set (it needs Chromium and minutes): `npm run bench -- --only web-vitals`.
 */
import os from "node:os";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { PageVitals, WebVitalsChildConfig } from "../app/web-vitals-child";
import { startChild } from "../lib/child";
import { BENCH_TMP } from "../lib/db";
import { figure, round, type WorkloadResult } from "../lib/report";
import { percentile } from "../lib/stats";

export interface WebVitalsParams {
  jobs: number;
  /** Measured loads per page (one warm-up load comes first). */
  samples: number;
  width?: number;
  height?: number;
  /** How the demo serves the built app; default "production" (what a merchant gets). */
  serverMode?: "development" | "production";
  /** Only these pages (`--vitals-pages Product,Run`), to look into one; the worst-page figures then stay empty. */
  pages?: string[];
}

/** Built for Shopify's thresholds (Core Web Vitals "good"). */
export const TARGETS = { lcpMs: 2500, cls: 0.1, inpMs: 200 } as const;

const p75 = (xs: number[]) => (xs.length ? percentile(xs, 75) : null);

export async function webVitalsWorkload(p: WebVitalsParams): Promise<WorkloadResult> {
  const started = Date.now();
  const result: WorkloadResult = {
    name: "web-vitals",
    title: `Web vitals in Chromium: every page of the demo with ${p.jobs} jobs stored (p75 of ${p.samples} loads per page)`,
    params: { jobs: p.jobs, samplesPerPage: p.samples, viewport: `${p.width ?? 1440}×${p.height ?? 1000}`, serverMode: p.serverMode ?? "production", loadAvg1mStart: round(os.loadavg()[0]) },
    figures: [],
    notes: [],
    durationMs: 0,
  };
  if (!existsSync("/usr/bin/chromium")) {
    result.error = "/usr/bin/chromium is absent (sudo apt-get install -y --no-install-recommends chromium)";
    result.durationMs = Date.now() - started;
    return result;
  }
  mkdirSync(BENCH_TMP, { recursive: true });
  const databaseFile = path.join(BENCH_TMP, `web-vitals-${randomUUID().slice(0, 8)}.sqlite`);
  const config: WebVitalsChildConfig = { jobs: p.jobs, samples: p.samples, databaseFile, width: p.width ?? 1440, height: p.height ?? 1000, serverMode: p.serverMode ?? "production", pages: p.pages };
  const child = startChild("bench/app/web-vitals-child.ts", { BENCH_WEB_VITALS: JSON.stringify(config) }, { label: "web-vitals" });
  try {
    const ready = await child.next<{ type: string; byState: Record<string, number>; images: number }>("ready", 900_000);
    result.params.stored = { jobs: p.jobs, images: ready.images, byState: ready.byState };
    const measured = child.next<{ type: string; pages: PageVitals[] }>("measured", 1_800_000);
    child.send({ type: "measure" });
    const { pages } = await measured;
    const worst = { lcpMs: 0, cls: 0, inpMs: 0 };
    let inpBelowFloor = 0;
    for (const pg of pages) {
      const key = pg.name.toLowerCase();
      const inps = pg.inpMs.filter((x): x is number => x !== null);
      const below = pg.inpMs.length - inps.length;
      inpBelowFloor += below;
      // An interaction under Event Timing's 16 ms floor reports nothing: count it as 16 ms (an upper bound).
      const inpValues = [...inps, ...Array<number>(below).fill(16)];
      const lcp = p75(pg.lcpMs);
      const cls = p75(pg.cls);
      const inp = p75(inpValues);
      const note = pg.error ? `ERROR: ${pg.error}` : undefined;
      result.figures.push(
        figure({ key: `${key}LcpMs`, label: `${pg.name} LCP p75`, value: lcp === null ? null : round(lcp, 0), unit: "ms", target: { op: "<=", value: TARGETS.lcpMs }, note: note ?? `${pg.path}; ${pg.lcpMs.length} loads: ${pg.lcpMs.map((x) => Math.round(x)).join(", ")} ms` }),
        figure({ key: `${key}Cls`, label: `${pg.name} CLS p75`, value: cls === null ? null : round(cls, 3), unit: "", target: { op: "<=", value: TARGETS.cls }, note }),
        figure({
          key: `${key}InpMs`,
          label: `${pg.name} INP p75`,
          value: inp === null ? null : round(inp, 0),
          unit: "ms",
          target: { op: "<=", value: TARGETS.inpMs },
          note: note ?? `click on ${pg.interaction}${below ? `; ${below} of ${pg.inpMs.length} under 16 ms (counted as 16)` : ""}`,
        }),
      );
      const why = pg.attribution ?? {};
      if (why.lcp || why.cls || why.inp) {
        result.notes.push(`${pg.name}, worst load — LCP ${why.lcp ?? "not reported"}; CLS ${why.cls ?? "no shift"}; INP ${why.inp ?? "under 16 ms"}`);
      }
      if (lcp !== null) worst.lcpMs = Math.max(worst.lcpMs, lcp);
      if (cls !== null) worst.cls = Math.max(worst.cls, cls);
      if (inp !== null) worst.inpMs = Math.max(worst.inpMs, inp);
    }
    const complete = !p.pages && pages.every((pg) => !pg.error && pg.lcpMs.length > 0);
    result.figures.push(
      figure({ key: "worstLcpMs", label: "worst page LCP p75", value: complete ? round(worst.lcpMs, 0) : null, unit: "ms", target: { op: "<=", value: TARGETS.lcpMs }, note: complete ? undefined : p.pages ? "only some pages were measured (--vitals-pages)" : "a page could not be measured (see its figures)" }),
      figure({ key: "worstCls", label: "worst page CLS p75", value: complete ? round(worst.cls, 3) : null, unit: "", target: { op: "<=", value: TARGETS.cls } }),
      figure({ key: "worstInpMs", label: "worst page INP p75", value: complete ? round(worst.inpMs, 0) : null, unit: "ms", target: { op: "<=", value: TARGETS.inpMs } }),
    );
    result.notes.push(
      "Measured in the app's iframe (the document Shopify's admin measures for apps) with the web-vitals library; LCP and CLS from full loads through the local admin frame, INP from a real click per load.",
      (p.serverMode ?? "production") === "production"
        ? "Server: the production build (`remix build`) served as `remix-serve` serves it in production (React's production server builds, Remix's production request handling), in the same process as the stand-ins; the app's NODE_ENV stays development only so it accepts the stand-ins. Machine load is in the params (other work on the machine slows every figure)."
        : "Server: the built app in development mode (NODE_ENV=development, React's development server builds) in the same process as the stand-ins; machine load is in the params (other work on the machine slows every figure).",
    );
    if (inpBelowFloor) result.notes.push(`${inpBelowFloor} interactions finished under 16 ms (Event Timing reports nothing below that); counted as 16 ms.`);
    await child.exited;
  } finally {
    child.kill();
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(databaseFile + suffix, { force: true });
  }
  result.params.loadAvg1mEnd = round(os.loadavg()[0]);
  result.durationMs = Date.now() - started;
  return result;
}
