/**
 * Builds the Remix app (classic compiler) when the build is missing or older than its sources, so
 * `npm run demo` and the browser tests always serve the current code.
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const info = statSync(target);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** Inputs whose change makes the build stale. */
const SOURCES = ["app", "remix.config.js", "package-lock.json", "tsconfig.json"];

export function buildIsStale(root: string): boolean {
  const serverBuild = path.join(root, "build", "index.js");
  if (!existsSync(serverBuild) || !existsSync(path.join(root, "public", "build"))) return true;
  const built = statSync(serverBuild).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

/** Runs `remix build` when stale; returns whether it built. Throws with the compiler output on failure. */
export async function ensureBuild(root: string, log: (line: string) => void = () => {}): Promise<boolean> {
  if (!buildIsStale(root)) return false;
  log("Building the app (remix build)…");
  try {
    await run(path.join(root, "node_modules", ".bin", "remix"), ["build"], {
      cwd: root,
      env: { ...process.env, NODE_ENV: "production" },
      maxBuffer: 20 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`remix build failed:\n${e.stderr || e.stdout || e.message}`);
  }
  return true;
}
