/**
 * The app's server in a process of its own, for the pages workload: the real Remix server build behind
 * its request handler (tests/helpers/remix-app.ts builds it when stale), requests carrying real
 * session-token JWTs (tests/helpers/shopify-requests.ts), the shop's offline session pointing at the
 * local Admin API. Each page's LOADER is timed through a Remix data request (`?_data=<route id>`), which
 * runs authentication and that loader only — the server-side work behind the page.
 *
 * When a page's route is not in the build (yet), the read-models it is built on are timed instead and
 * the result says so.
 *
 * IPC: child → ready; parent → measure {pages, samples, warmup} → child → measured {results}; exits.
 * Env: the app's environment (SHOPIFY_*, DATABASE_URL, LOCAL_ADMIN_API_URL, …) and BENCH_PAGES (JSON).
 */
import { pathToFileURL } from "node:url";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { appRequestHandler } from "../../tests/helpers/remix-app";
import { adminFetchRequest } from "../../tests/helpers/shopify-requests";
import { fromParent, toParent } from "../lib/child";

export interface PageSpec {
  /** "Products", "Run", "Review". */
  name: string;
  /** Patterns (RegExp sources) of route ids to look for in the build, first match wins (Remix flat-route ids). */
  routeIds: string[];
  /** Values for the route's dynamic params (e.g. runId). */
  params: Record<string, string>;
  /** Query string to add (filters, …). */
  search?: string;
  /** Measured when no route matches: the page's read-model calls (module + export + args). */
  fallback: { module: string; call: string; args: unknown[] }[];
}

export interface PageMeasurement {
  name: string;
  /** "loader" (route loader via a data request) or "read-model" (fallback). */
  mode: "loader" | "read-model";
  routeId: string | null;
  url: string | null;
  samplesMs: number[];
  status: number | null;
  /** Bytes of the loader's JSON. */
  bytes: number | null;
  error?: string;
  /** Why the app's server build was not available (then every page is timed through its read-models). */
  buildError?: string;
}

export interface PagesChildConfig {
  shop: string;
  pages: PageSpec[];
  samples: number;
  warmup: number;
}

function fullPath(build: ServerBuild, routeId: string, params: Record<string, string>): string {
  const parts: string[] = [];
  let id: string | undefined = routeId;
  while (id) {
    const route: ServerBuild["routes"][string] | undefined = build.routes[id];
    if (!route) break;
    if (route.path) parts.unshift(route.path);
    id = route.parentId;
  }
  const joined = `/${parts.join("/")}`.replace(/\/+/g, "/");
  return joined.replace(/:(\w+)/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`route ${routeId} needs param "${name}"`);
    return encodeURIComponent(params[name]);
  });
}

async function main() {
  const config = JSON.parse(process.env.BENCH_PAGES ?? "{}") as PagesChildConfig;
  // A build that fails (someone's work in progress) must not stop the workload: the read-models are timed then.
  let handle: ((request: Request) => Promise<Response>) | null = null;
  let build: ServerBuild | null = null;
  let buildError: string | null = null;
  try {
    handle = await appRequestHandler();
    build = (await import(/* @vite-ignore */ pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  } catch (error) {
    buildError = (error as Error)?.message?.slice(0, 500) ?? String(error);
  }
  toParent({ type: "ready", routes: build ? Object.keys(build.routes) : [], buildError });
  await fromParent("measure");

  const results: PageMeasurement[] = [];
  for (const page of config.pages) {
    const routeId = build ? (Object.keys(build.routes).find((id) => page.routeIds.some((re) => new RegExp(re).test(id))) ?? null) : null;
    const m: PageMeasurement = { name: page.name, mode: routeId ? "loader" : "read-model", routeId, url: null, samplesMs: [], status: null, bytes: null, ...(buildError ? { buildError } : {}) };
    try {
      if (routeId && build && handle) {
        const url = `${fullPath(build, routeId, page.params)}?${page.search ? `${page.search}&` : ""}_data=${encodeURIComponent(routeId)}`;
        m.url = url;
        for (let i = 0; i < config.warmup + config.samples; i++) {
          // The token is made before the clock starts: Shopify's admin hands the app a token, it does not cost the server.
          const request = await adminFetchRequest(url, config.shop, { method: "GET" });
          const t0 = performance.now();
          const response = await handle(request);
          const body = await response.arrayBuffer();
          const ms = performance.now() - t0;
          m.status = response.status;
          m.bytes = body.byteLength;
          if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${Buffer.from(body).toString("utf8").slice(0, 300)}`);
          if (i >= config.warmup) m.samplesMs.push(ms);
        }
      } else {
        const calls = await Promise.all(
          page.fallback.map(async (f) => {
            const mod = (await import(path.resolve(f.module))) as Record<string, unknown>;
            return { fn: mod[f.call] as (...args: unknown[]) => Promise<unknown>, args: f.args, label: `${f.module}#${f.call}` };
          }),
        );
        for (const c of calls) if (typeof c.fn !== "function") throw new Error(`${c.label} is not a function`);
        for (let i = 0; i < config.warmup + config.samples; i++) {
          const t0 = performance.now();
          const values = await Promise.all(calls.map((c) => c.fn(...c.args)));
          const ms = performance.now() - t0;
          m.bytes = Buffer.byteLength(JSON.stringify(values));
          if (i >= config.warmup) m.samplesMs.push(ms);
        }
      }
    } catch (error) {
      m.error = (error as Error)?.message ?? String(error);
    }
    results.push(m);
  }
  toParent({ type: "measured", results });
  setTimeout(() => process.exit(0), 50);
}

main().catch((error: unknown) => {
  toParent({ type: "error", message: (error as Error)?.stack ?? String(error) });
  console.error(error);
  process.exit(1);
});
