import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { withStatementCache } from "./sqlite-statements.server";

describe("withStatementCache", () => {
  let db: Database.Database;
  afterEach(() => db?.close());

  function setup(max?: number) {
    db = new Database(":memory:");
    db.exec("CREATE TABLE job (id TEXT PRIMARY KEY, state TEXT)");
    const prepare = vi.spyOn(db, "prepare");
    return { cached: withStatementCache(db, max), prepare };
  }

  it("GIVEN the same SQL with different arguments WHEN run as the adapter runs it THEN each call gets its own rows and SQLite prepares the text once", () => {
    const { cached, prepare } = setup();
    const insert = "INSERT INTO job (id, state) VALUES (?, ?)";
    cached.prepare(insert).bind(["a", "queued"]).run();
    cached.prepare(insert).bind(["b", "polling"]).run();
    const select = "SELECT id, state FROM job WHERE state = ?";
    const read = (state: string) => cached.prepare(select).bind([state]).raw().all();
    expect(read("queued")).toEqual([["a", "queued"]]);
    expect(read("polling")).toEqual([["b", "polling"]]);
    expect(read("done")).toEqual([]);
    expect(prepare.mock.calls.map(([sql]) => sql)).toEqual([insert, select]);
  });

  it("GIVEN more distinct statements than the cache holds WHEN one is used again THEN only the least recently used were dropped", () => {
    const { cached, prepare } = setup(2);
    const q = (n: number) => `SELECT ${n} AS n`;
    for (const n of [1, 2, 1, 3, 1]) expect(cached.prepare(q(n)).bind([]).raw().all()).toEqual([[n]]);
    // 1, 2 prepared; 1 hit; 3 prepared (2 dropped, 1 was used more recently); 1 still held.
    expect(prepare.mock.calls.map(([sql]) => sql)).toEqual([q(1), q(2), q(3)]);
  });

  it("GIVEN a transaction begun through the cache WHEN it commits THEN the connection's other methods still reach the database", () => {
    const { cached } = setup();
    cached.prepare("BEGIN").run();
    cached.prepare("INSERT INTO job (id, state) VALUES (?, ?)").bind(["c", "queued"]).run();
    cached.prepare("COMMIT").run();
    cached.exec("UPDATE job SET state = 'done'");
    expect(db.prepare("SELECT state FROM job").pluck().get()).toBe("done");
    expect(cached.inTransaction).toBe(false);
  });
});
