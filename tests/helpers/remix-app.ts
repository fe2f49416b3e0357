import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { wrapRequestHandler } from "../../app/security/cross-site-form";

/**
 * The real Remix server build behind a request handler, so tests go through routing, loaders,
 * actions and server rendering exactly as production does. The build is made once and reused until an
 * app/ file changes (a directory lock keeps parallel test files from building at the same time).
 */
const BUILD_FILE = path.resolve("build/index.js");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsFresh(): boolean {
  if (!existsSync(BUILD_FILE)) return false;
  const built = statSync(BUILD_FILE).mtimeMs;
  return newestMtime(path.resolve("app")) < built && statSync(path.resolve("remix.config.js")).mtimeMs < built;
}

/** Makes the server build when app/ changed since the last one (without importing it). */
export async function ensureBuilt(): Promise<void> {
  const lock = path.resolve("tmp/test/remix-build.lock");
  mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    if (buildIsFresh()) return;
    try {
      mkdirSync(lock);
    } catch {
      // Another test file is building; a stale lock (older than 3 minutes) is taken over.
      if (Date.now() - statSync(lock).mtimeMs > 180_000) rmdirSync(lock);
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      if (!buildIsFresh()) {
        execFileSync(path.resolve("node_modules/.bin/remix"), ["build"], { stdio: ["ignore", "ignore", "inherit"] });
      }
    } finally {
      rmdirSync(lock);
    }
  }
}

export async function appRequestHandler(): Promise<(request: Request) => Promise<Response>> {
  await ensureBuilt();
  const build = (await import(/* @vite-ignore */ pathToFileURL(BUILD_FILE).href)) as ServerBuild;
  // As the app's servers host it: a cross-site form post is answered as unauthenticated (app/security/cross-site-form.ts).
  const handler = wrapRequestHandler(build, createRequestHandler(build, "test"));
  return (request: Request) => handler(request);
}
