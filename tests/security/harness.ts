import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { appRequestHandler } from "../helpers/remix-app";

/**
 * The app as the security tests see it: the real Remix server build behind its request handler, and
 * its route table, so every route file is found and exercised without a hand-kept list of URLs.
 */
export interface AppRoute {
  /** Route file name without extension, e.g. "app.runs.$id" (the matrix key). */
  file: string;
  /** Remix route id, e.g. "routes/app.runs.$id". */
  id: string;
  /** Full URL pattern, e.g. "/app/runs/:id". */
  pattern: string;
  /** Dynamic segments in order, e.g. ["id"]. */
  params: string[];
  hasLoader: boolean;
  hasAction: boolean;
  /** A layout route whose URL belongs to an index child (e.g. "app" → "/app" renders app._index). */
  isLayout: boolean;
  /** An index route: its data and action requests carry `?index`. */
  isIndex: boolean;
}

/** Route files in app/routes (flat files and folder routes), tests excluded. */
export function routeFiles(dir = "app/routes"): string[] {
  return readdirSync(dir)
    .filter((name) => !name.startsWith(".") && !/\.test\.tsx?$/.test(name))
    .map((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        return ["route.tsx", "route.ts", "route.jsx", "route.js"].some((f) => existsSync(path.join(full, f))) ? name : null;
      }
      return /\.(tsx?|jsx?)$/.test(name) ? name.replace(/\.(tsx?|jsx?)$/, "") : null;
    })
    .filter((n): n is string => n !== null)
    .sort();
}

export async function loadApp(): Promise<{ handle: (request: Request) => Promise<Response>; routes: AppRoute[] }> {
  const handle = await appRequestHandler();
  const build = (await import(/* @vite-ignore */ pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  const fullPattern = (id: string): string => {
    const parts: string[] = [];
    for (let r = build.routes[id]; r; r = r.parentId ? build.routes[r.parentId] : undefined!) {
      if (r.path) parts.unshift(r.path);
      if (!r.parentId) break;
    }
    return `/${parts.join("/")}`.replace(/\/+/g, "/").replace(/(.)\/$/, "$1");
  };
  const hasIndexChild = (id: string) => Object.values(build.routes).some((r) => r.parentId === id && r.index);
  const routes = Object.values(build.routes)
    .filter((r) => r.id.startsWith("routes/"))
    .map((r) => {
      const pattern = fullPattern(r.id);
      return {
        file: r.id.slice("routes/".length),
        id: r.id,
        pattern,
        params: [...pattern.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]).concat(pattern.endsWith("*") ? ["*"] : []),
        hasLoader: typeof r.module.loader === "function",
        hasAction: typeof r.module.action === "function",
        isLayout: hasIndexChild(r.id),
        isIndex: Boolean(r.index),
      };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
  return { handle, routes };
}

/** "?_data=routes%2Fapp.runs.%24id" (+ "&index" for index routes): a Remix data request for the route. */
export function dataQuery(route: Pick<AppRoute, "id" | "isIndex">): string {
  return `${route.isIndex ? "index&" : ""}_data=${encodeURIComponent(route.id)}`;
}

/** Fills a pattern's params: "/app/runs/:id" + { id: "r1" } → "/app/runs/r1". */
export function fillPattern(pattern: string, values: Record<string, string>): string {
  return pattern
    .replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`No value for :${name} in ${pattern}`);
      return encodeURIComponent(value);
    })
    .replace(/\*$/, values["*"] ?? "x");
}

/**
 * Captures everything the app writes to the console and to stdout/stderr while `fn` runs, so a test can
 * prove a secret never reaches the logs.
 */
export function captureOutput() {
  const lines: string[] = [];
  const originals = {
    log: console.log,
    info: console.info,
    warn: console.warn,
    error: console.error,
    debug: console.debug,
    stdout: process.stdout.write.bind(process.stdout),
    stderr: process.stderr.write.bind(process.stderr),
  };
  const record = (...args: unknown[]) => {
    lines.push(args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}\n${a.stack}` : typeof a === "string" ? a : safeJson(a))).join(" "));
  };
  for (const level of ["log", "info", "warn", "error", "debug"] as const) console[level] = record;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    lines.push(String(chunk));
    return originals.stdout(chunk as string, ...(rest as []));
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
    lines.push(String(chunk));
    return originals.stderr(chunk as string, ...(rest as []));
  }) as typeof process.stderr.write;
  return {
    text: () => lines.join("\n"),
    restore: () => {
      for (const level of ["log", "info", "warn", "error", "debug"] as const) console[level] = originals[level];
      process.stdout.write = originals.stdout as typeof process.stdout.write;
      process.stderr.write = originals.stderr as typeof process.stderr.write;
    },
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** Every textual form a secret could leak in: plain, URL-encoded, base64, hex. */
export function secretForms(secret: string): string[] {
  return [secret, encodeURIComponent(secret), Buffer.from(secret).toString("base64"), Buffer.from(secret).toString("base64url"), Buffer.from(secret).toString("hex")];
}

/**
 * The form intents a route's action accepts, read from its source and the ../forms modules it imports:
 * `intent: z.literal("x")`, `intent: z.enum(["x", "y"])` and `formData.get("intent") === "x"`. The
 * matrix test fails for an intent without an action case, so a new intent cannot go untested.
 */
export function declaredIntents(file: string, dir = "app/routes"): string[] {
  const candidates = [`${file}.tsx`, `${file}.ts`, `${file}/route.tsx`, `${file}/route.ts`].map((f) => path.join(dir, f));
  const routeFile = candidates.find((f) => existsSync(f));
  if (!routeFile) return [];
  const sources = [readFileSync(routeFile, "utf8")];
  for (const m of sources[0].matchAll(/from\s+["']\.\.\/forms\/([\w.-]+)["']/g)) {
    const formFile = ["ts", "tsx"].map((ext) => path.join(path.dirname(routeFile), "..", "forms", `${m[1]}.${ext}`)).find((f) => existsSync(f));
    if (formFile) sources.push(readFileSync(formFile, "utf8"));
  }
  const intents = new Set<string>();
  for (const text of sources) {
    for (const m of text.matchAll(/intent:\s*z\.literal\(\s*["'](\w+)["']/g)) intents.add(m[1]);
    for (const m of text.matchAll(/intent:\s*z\.enum\(\s*\[([^\]]*)\]/g)) for (const v of m[1].matchAll(/["'](\w+)["']/g)) intents.add(v[1]);
    for (const m of text.matchAll(/get\(\s*["']intent["']\s*\)\s*===\s*["'](\w+)["']/g)) intents.add(m[1]);
  }
  return [...intents].sort();
}
