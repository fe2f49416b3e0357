import type Database from "better-sqlite3";

/**
 * Prisma's better-sqlite3 adapter prepares every statement afresh (`client.prepare(sql).bind(args)`),
 * so SQLite parses and plans the same few dozen SQL texts on every query: 1.6 s of the app's 46 s of
 * CPU in a 1,000-task run (`BENCH_CHILD_NODE_ARGS="--cpu-prof …" npm run bench -- --only
 * throughput-q100`). The adapter has no statement cache and better-sqlite3 leaves caching to its
 * caller, hence this one: the connection the adapter talks to, with `prepare` answered from a
 * least-recently-used map of prepared statements keyed by SQL text.
 *
 * The adapter binds each statement once (`.bind(args)`), which better-sqlite3 allows only once per
 * statement object; a cached statement is shared, so `bind` here returns a view that passes the
 * arguments to each call instead. Everything else goes to the real connection.
 */
export function withStatementCache(db: Database.Database, maxStatements = 300): Database.Database {
  const cache = new Map<string, Database.Statement>();
  const prepared = (sql: string): Database.Statement => {
    const hit = cache.get(sql);
    if (hit) {
      // Re-insert: Map keeps insertion order, so the first key is the least recently used.
      cache.delete(sql);
      cache.set(sql, hit);
      return hit;
    }
    const statement = db.prepare(sql);
    cache.set(sql, statement);
    if (cache.size > maxStatements) cache.delete(cache.keys().next().value as string);
    return statement;
  };
  const prepare = (sql: string) => reusable(prepared(sql));
  return new Proxy(db, {
    get(target, property) {
      if (property === "prepare") return prepare;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** What the adapter uses of a statement, with the arguments given at each call rather than bound to it. */
function reusable(statement: Database.Statement) {
  return {
    get reader() {
      return statement.reader;
    },
    bind(args: unknown[]) {
      return {
        reader: statement.reader,
        run: () => statement.run(args),
        columns: () => statement.columns(),
        raw: () => ({ all: () => statement.raw(true).all(args) }),
      };
    },
    run: (...args: unknown[]) => statement.run(...args),
  };
}
