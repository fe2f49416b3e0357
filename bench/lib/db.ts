/**
 * Fresh SQLite databases for benchmark runs: one migrated template per bench process (the project's own
 * `prisma migrate deploy`), copied for each workload so no run sees another's rows.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";

export const BENCH_TMP = path.resolve("tmp/bench");

let template: string | null = null;

function migratedTemplate(): string {
  if (template && existsSync(template)) return template;
  mkdirSync(BENCH_TMP, { recursive: true });
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
