/**
 * Two demos must never share a SQLite file (PITFALLS 15, issue 17.12): a second `npm run demo` used to
 * delete and recreate tmp/demo/demo.sqlite under the first one, whose every write then failed with
 * SQLITE_READONLY_DBMOVED. Each demo now gets its own file (named after its --app-port), and a claim
 * file next to the database holds the owning process id: a second demo on the same file refuses to
 * start while the first one lives, and takes over a claim whose process is gone.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";

/** The app port whose database keeps the historical name tmp/demo/demo.sqlite. */
export const DEFAULT_DEMO_APP_PORT = 3001;

/** tmp/demo/demo.sqlite for the default --app-port 3001, tmp/demo/demo-<port>.sqlite otherwise. */
export function demoDatabaseFile(root: string, appPort: number): string {
  const name = appPort === DEFAULT_DEMO_APP_PORT ? "demo.sqlite" : `demo-${appPort}.sqlite`;
  return path.resolve(root, "tmp", "demo", name);
}

export class DatabaseClaimedError extends Error {
  constructor(
    readonly databaseFile: string,
    readonly pid: number,
  ) {
    super(
      `Another demo (process ${pid}) is using ${databaseFile}. Stop it first, or start this one on another --app-port (each app port gets its own database).`,
    );
    this.name = "DatabaseClaimedError";
  }
}

export interface DatabaseClaim {
  file: string;
  /** Removes the claim if this process still holds it. */
  release(): void;
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as { code?: string }).code === "EPERM";
  }
}

function readPid(file: string): number | null {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { pid?: unknown };
    return typeof parsed.pid === "number" ? parsed.pid : null;
  } catch {
    return null;
  }
}

/**
 * Claims `databaseFile` for `pid` (default this process) through `<databaseFile>.claim`, created
 * exclusively. Throws {@link DatabaseClaimedError} while another live process holds it; a claim left by
 * a process that is gone (or an unreadable one) is taken over.
 */
export function claimDatabase(databaseFile: string, pid: number = process.pid): DatabaseClaim {
  const file = `${databaseFile}.claim`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, "wx");
      try {
        writeSync(fd, JSON.stringify({ pid, since: new Date().toISOString() }));
      } finally {
        closeSync(fd);
      }
      return {
        file,
        release() {
          if (readPid(file) === pid) rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as { code?: string }).code !== "EEXIST") throw error;
      const owner = readPid(file);
      if (owner !== null && owner !== pid && alive(owner)) throw new DatabaseClaimedError(databaseFile, owner);
      // Stale (its process is gone), unreadable, or our own: remove and try again.
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not claim ${databaseFile}: its claim file keeps reappearing.`);
}
