/**
 * Fresh SQLite databases for benchmark runs: one migrated template per bench process (the project's own
 * `prisma migrate deploy`), copied for each workload so no run sees another's rows.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";

export const BENCH_TMP = path.resolve("tmp/bench");

let template: string | null = null;

/** Whether a process with this pid is alive (signal 0 only checks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Templates and databases left behind by bench processes that were killed (their exit hooks never ran). */
function removeLeftovers(): void {
  for (const name of readdirSync(BENCH_TMP)) {
    const pid = Number(/^template-(\d+)\.sqlite/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !alive(pid)) rmSync(path.join(BENCH_TMP, name), { force: true });
  }
}

function migratedTemplate(): string {
  if (template && existsSync(template)) return template;
  mkdirSync(BENCH_TMP, { recursive: true });
  removeLeftovers();
  const file = path.join(BENCH_TMP, `template-${process.pid}.sqlite`);
  rmSync(file, { force: true });
  execFileSync(path.resolve("node_modules/.bin/prisma"), ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${file}` },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (!existsSync(file)) throw new Error(`prisma migrate deploy did not create ${file}`);
  template = file;
  process.once("exit", () => rmSync(file, { force: true }));
  return file;
}

export interface BenchDatabase {
  /** file:/abs/path.sqlite — pass as DATABASE_URL. */
  url: string;
  file: string;
  /** Bytes of the database file plus its WAL and journal (what the run left on disk). */
  sizeBytes(): number;
  remove(): void;
}

export function freshDatabase(name: string): BenchDatabase {
  const file = path.join(BENCH_TMP, `${name}-${randomUUID().slice(0, 8)}.sqlite`);
  copyFileSync(migratedTemplate(), file);
  const parts = [file, `${file}-wal`, `${file}-journal`, `${file}-shm`];
  return {
    url: `file:${file}`,
    file,
    sizeBytes: () => parts.filter((p) => existsSync(p) && !p.endsWith("-shm")).reduce((sum, p) => sum + statSync(p).size, 0),
    remove: () => parts.forEach((p) => rmSync(p, { force: true })),
  };
}
