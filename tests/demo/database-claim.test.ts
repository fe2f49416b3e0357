/**
 * Two demos don't destroy each other (issue 17.12, PITFALLS 15): each --app-port gets its own SQLite
 * file, and a second demo on the same file refuses to start while the first one's process lives.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { claimDatabase, DatabaseClaimedError, demoDatabaseFile } from "../../local/demo/database-claim";

const dir = mkdtempSync(path.join(tmpdir(), "demo-claim-"));
const children: Array<ReturnType<typeof spawn>> = [];

/** A live process that is not this one (the "first demo"), ended in afterAll. */
async function liveProcess(): Promise<number> {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1 << 30)"], { stdio: "ignore" });
  children.push(child);
  await new Promise<void>((resolve) => child.once("spawn", () => resolve()));
  return child.pid!;
}

/** The pid of a process that has exited (a demo killed without cleaning up). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  const pid = child.pid!;
  await new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return pid;
}

afterAll(() => {
  for (const c of children) c.kill();
});

describe("one database per demo", () => {
  it("GIVEN two demos on different --app-port values THEN their database files differ, and the default port keeps demo.sqlite", () => {
    const root = "/repo";
    expect(demoDatabaseFile(root, 3001)).toBe(path.resolve("/repo/tmp/demo/demo.sqlite"));
    expect(demoDatabaseFile(root, 41601)).toBe(path.resolve("/repo/tmp/demo/demo-41601.sqlite"));
    expect(demoDatabaseFile(root, 41601)).not.toBe(demoDatabaseFile(root, 41602));
  });

  it("GIVEN a running demo holding the database WHEN a second demo claims the same file THEN it is refused, naming the process and the way out", async () => {
    const db = path.join(dir, "busy.sqlite");
    const first = await liveProcess();
    const held = claimDatabase(db, first);
    let error: unknown;
    try {
      claimDatabase(db);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseClaimedError);
    expect((error as Error).message).toMatch(new RegExp(`process ${first}.*--app-port`));
    // The refused demo changed nothing: the claim is still the first one's.
    expect(JSON.parse(readFileSync(`${db}.claim`, "utf8")).pid).toBe(first);
    held.release();
    expect(existsSync(`${db}.claim`)).toBe(false);
  });

  it("GIVEN a claim left by a demo whose process is gone WHEN a new demo starts THEN it takes the database over", async () => {
    const db = path.join(dir, "stale.sqlite");
    writeFileSync(`${db}.claim`, JSON.stringify({ pid: await deadPid() }));
    const claim = claimDatabase(db);
    expect(JSON.parse(readFileSync(`${db}.claim`, "utf8")).pid).toBe(process.pid);
    claim.release();
    expect(existsSync(`${db}.claim`)).toBe(false);
  });

  it("GIVEN a claim another process took over WHEN the old holder releases THEN the new holder's claim stays", async () => {
    const db = path.join(dir, "handover.sqlite");
    const old = claimDatabase(db);
    const other = await liveProcess();
    writeFileSync(`${db}.claim`, JSON.stringify({ pid: other }));
    old.release();
    expect(JSON.parse(readFileSync(`${db}.claim`, "utf8")).pid).toBe(other);
  });
});
