/**
 * The app's Remix build for the demo and the browser tests: built when missing or older than its
 * sources, then copied to a private directory so the running demo keeps serving a consistent build
 * (server bundle and browser assets) even if `remix build` runs again meanwhile (tests, a developer).
 *
 * Building takes the same directory lock as tests/helpers/remix-app.ts (tmp/test/remix-build.lock), so
 * parallel test files never build at the same time.
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, rmdirSync, statSync } from "node:fs";
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
const SOURCES = ["app", "remix.config.js"];

export function buildIsStale(root: string): boolean {
  const serverBuild = path.join(root, "build", "index.js");
  if (!existsSync(serverBuild) || !existsSync(path.join(root, "public", "build"))) return true;
  const built = statSync(serverBuild).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

async function withBuildLock<T>(root: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(root, "tmp", "test", "remix-build.lock");
  mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Someone else is building; a lock older than 3 minutes is stale and taken over.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 180_000) rmdirSync(lock);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  try {
    return await fn();
  } finally {
    rmdirSync(lock);
  }
}

export interface BuildSnapshot {
  /** The server bundle to import (a copy of build/index.js). */
  serverBuild: string;
  /** The public directory to serve (a copy of public/, including public/build). */
  publicDir: string;
  /** Whether `remix build` ran. */
  built: boolean;
  remove(): void;
}

/**
 * Builds when stale (production mode), then copies the build into `dir`. The copy lives inside the
 * project so the server bundle still resolves node_modules.
 */
export async function snapshotBuild(root: string, dir: string, log: (line: string) => void = () => {}): Promise<BuildSnapshot> {
  return withBuildLock(root, async () => {
    let built = false;
    if (buildIsStale(root)) {
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
      built = true;
    }
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    cpSync(path.join(root, "build"), path.join(dir, "build"), { recursive: true });
    cpSync(path.join(root, "public"), path.join(dir, "public"), { recursive: true });
    return {
      serverBuild: path.join(dir, "build", "index.js"),
      publicDir: path.join(dir, "public"),
      built,
      remove: () => rmSync(dir, { recursive: true, force: true }),
    };
  });
}
