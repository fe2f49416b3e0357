import { createRequire } from "node:module";
import { PrismaClient } from "@prisma/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type Database from "better-sqlite3";
import { withStatementCache } from "./sqlite-statements.server";

/**
 * Builds Prisma clients with a driver adapter (no native engine, see TOOLCHAIN). app/db.server.ts holds
 * the app's one instance; tools, benches and tests that need their own database call
 * `createPrismaClient` here, which needs none of the app's environment.
 *
 * DATABASE_URL picks the database: `file:` → SQLite (better-sqlite3), `postgres(ql)://` → PostgreSQL
 * (`pg`). A Prisma client is generated per provider, so PostgreSQL uses a second client generated from
 * prisma/postgres/schema.prisma (itself generated from prisma/schema.prisma; docs/decisions/0009) into
 * node_modules/.prisma/client-postgres. Both come from the same models, so the app is typed against the
 * default (SQLite) client and runs on either.
 */
export function createPrismaClient(url: string, options: PostgresPoolOptions = {}): PrismaClient {
  if (url.startsWith("file:")) {
    const state: SqliteState = { writers: 0, connection: null };
    const client = new PrismaClient({ adapter: sqliteAdapter(url, state) });
    sqliteClients.set(client, state);
    return client;
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const PostgresClient = loadPostgresClient();
    return new PostgresClient({ adapter: postgresAdapter(url, options) });
  }
  throw new Error(
    `Unsupported DATABASE_URL scheme "${url.split(":")[0]}:"; use file: (SQLite) or postgresql:// (PostgreSQL)`,
  );
}

/**
 * How the app's SQLite connection runs. SQLite's default rollback journal writes and syncs a journal
 * file around every commit (0.8 ms each here, 1.9 ms under load; a try-on job commits about nine
 * times): measured in `npm run bench -- --only throughput`, those syncs were a third of the app's time.
 * Write-ahead logging appends to one file and readers no longer wait for the writer.
 * `synchronous=NORMAL` syncs the log at checkpoints rather than at every commit: a commit survives any
 * crash of the app, and a power cut can lose only the latest commits. The two commits a double bill
 * depends on — "this task is being submitted" and the task id the provider returned — are made
 * durable one by one with {@link durably} (docs/decisions/0014-sqlite-durable-submits.md). better-sqlite3
 * syncs on the main thread, so a sync per commit (1.4 ms under load, nine per job) stalled the event
 * loop for 12 ms per task. The WAL mode is stored in the database file; the rest holds per connection,
 * so it is set on each.
 */
export const SQLITE_PRAGMAS = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;";

/** Per SQLite client: the durable writes in progress, and its connection once Prisma has opened it. */
interface SqliteState {
  writers: number;
  connection: Database.Database | null;
}
const sqliteClients = new WeakMap<PrismaClient, SqliteState>();

/**
 * Runs `write` so that its commit is synced to disk before it resolves — it survives a power cut, not
 * only a crash of the app. On SQLite the connection syncs every commit (`synchronous = FULL`) while at
 * least one durable write is in progress; in WAL mode that sync also covers every commit before it.
 * PostgreSQL commits durably anyway.
 *
 * The level is switched on the connection itself, not through Prisma: better-sqlite3 runs a pragma
 * synchronously, so the switch is in place before `write` starts and needs no queue to keep switches in
 * order, and it skips Prisma's query compilation — two raw queries per submit were 2,000 compilations
 * in a 1,000-task run. SQLite refuses the switch inside a transaction ("Safety level may not be changed
 * inside a transaction"); the app opens none across an await on SQLite, and if one were open the write
 * would commit at the level in force, as before.
 */
export async function durably<T>(db: PrismaClient, write: () => Promise<T>): Promise<T> {
  const state = sqliteClients.get(db);
  if (!state) return write();
  // Prisma opens the connection on the first query (and again after $disconnect).
  if (!state.connection?.open) await db.$connect();
  const setSync = (level: "FULL" | "NORMAL") => {
    try {
      state.connection?.pragma(`synchronous = ${level}`);
    } catch {
      // Inside a transaction (see above): the level stays as it is.
    }
  };
  if (state.writers++ === 0) setSync("FULL");
  try {
    return await write();
  } finally {
    if (--state.writers === 0) setSync("NORMAL");
  }
}

function sqliteAdapter(url: string, state: SqliteState): PrismaBetterSQLite3 {
  const factory = new PrismaBetterSQLite3({ url });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    // The adapter's connection, with prepared statements kept (app/sqlite-statements.server.ts).
    const queryable = adapter as unknown as { client: Database.Database };
    queryable.client = withStatementCache(queryable.client);
    await adapter.executeScript(SQLITE_PRAGMAS);
    state.connection = queryable.client;
    return adapter;
  };
  return factory;
}

/** Connection-pool settings for PostgreSQL (ignored for SQLite). */
export interface PostgresPoolOptions {
  /** Most connections this process opens; default 10 (node-postgres). Mind the server's max_connections × instances. */
  max?: number;
}

/** Database kind a DATABASE_URL selects. */
export function databaseKind(url: string): "sqlite" | "postgresql" {
  return /^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite";
}

function postgresAdapter(url: string, options: PostgresPoolOptions): PrismaPg {
  const parsed = new URL(url);
  // Prisma's native engine reads ?schema= and ?connection_limit=; node-postgres ignores them silently.
  // Say so instead of connecting somewhere the operator did not mean.
  if (parsed.searchParams.has("schema")) {
    throw new Error(
      "DATABASE_URL ?schema= is not supported with the pg driver adapter; give the app its own database (tables live in its default schema)",
    );
  }
  const limit = parsed.searchParams.get("connection_limit");
  // Rewrite the URL only when needed: re-serialising encodes other parameters (e.g. host=/var/run/…).
  if (limit !== null) parsed.searchParams.delete("connection_limit");
  const max = options.max ?? (limit !== null ? Number(limit) : undefined);
  if (max !== undefined && !(Number.isInteger(max) && max > 0)) {
    throw new Error(`DATABASE_URL connection_limit must be a positive integer (got ${limit})`);
  }
  const connectionString = limit !== null ? parsed.toString() : url;
  return new PrismaPg({ connectionString, application_name: "fitting-room", ...(max ? { max } : {}) });
}

type PrismaClientConstructor = new (options: { adapter: PrismaPg }) => PrismaClient;
let postgresClient: PrismaClientConstructor | undefined;

/**
 * Loads the PostgreSQL client lazily, so SQLite installations never load it. Its types are the same
 * models as the default client's (generated from one schema), hence the cast.
 */
function loadPostgresClient(): PrismaClientConstructor {
  if (postgresClient) return postgresClient;
  const require = createRequire(import.meta.url);
  try {
    postgresClient = (require(".prisma/client-postgres") as { PrismaClient: PrismaClientConstructor }).PrismaClient;
  } catch (error) {
    throw new Error(
      `The PostgreSQL Prisma client is not generated (${(error as Error).message.split("\n")[0]}). ` +
        "Run: npm run db:generate",
    );
  }
  return postgresClient;
}
