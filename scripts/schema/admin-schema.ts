/**
 * Shopify's real Admin GraphQL schema (2026-07), fetched from the npm registry and cached locally.
 *
 * Source: the npm tarball of `@shopify/dev-mcp@1.16.0`, file `package/dist/data/admin_2026-07.json.gz`
 * (Shopify's own introspection result). We never install that package (it needs Node 22); we only
 * `npm pack` its tarball into a git-ignored cache, so a fresh clone needs nothing but the npm registry.
 *
 * Used by: the schema-validation test (every GraphQL document in app/), codegen (`.graphqlrc.ts`
 * reads the copy in app/types/), and the local Admin API (executes queries on this very schema).
 */
import { execFile } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

const execFileAsync = promisify(execFile);

/** Admin API version the app pins (ApiVersion.July26). */
export const ADMIN_API_VERSION = "2026-07";
/** The npm package whose tarball carries the schema. Not a dependency: only its tarball is fetched. */
export const SCHEMA_PACKAGE = "@shopify/dev-mcp@1.16.0";
/** Path of the schema inside that tarball. */
export const SCHEMA_MEMBER = `package/dist/data/admin_${ADMIN_API_VERSION}.json.gz`;
/** sha256 of the gunzipped schema file (checked after every fetch; see ../shared/shopify/README.md). */
export const SCHEMA_SHA256 = "8d2cb01afdee1f5776d57a3dbfbf78b288aa6dc0f3632ac4d444e46ef544dde3";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** Git-ignored cache directory. */
export const SCHEMA_CACHE_DIR = join(REPO_ROOT, ".cache", "shopify-schema");
/** The cached introspection JSON (`{"data":{"__schema":…}}`). */
export const SCHEMA_CACHE_FILE = join(SCHEMA_CACHE_DIR, `admin-${ADMIN_API_VERSION}.json`);
/** Where `shopifyApiProject()` looks for the schema before it would try to download it (git-ignored). */
export const CODEGEN_SCHEMA_FILE = join(REPO_ROOT, "app", "types", `admin-${ADMIN_API_VERSION}.schema.json`);

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

async function isValidCache(file: string): Promise<boolean> {
  if (!existsSync(file)) return false;
  return sha256(await readFile(file)) === SCHEMA_SHA256;
}

/** Writes via a temp file + rename so parallel test workers never see a half-written file. */
async function atomicWrite(file: string, bytes: Buffer): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, file);
}

export interface EnsureSchemaOptions {
  /** Fetch again even when a valid cache exists. */
  force?: boolean;
  /** Also copy the schema to app/types/ for codegen (default true). */
  codegenCopy?: boolean;
  /** Progress messages (default: silent). */
  log?: (message: string) => void;
}

/**
 * Makes sure the schema is in the cache (and, for codegen, in app/types/). Fetches it with
 * `npm pack` when missing or corrupt. Returns the cache file path.
 */
export async function ensureAdminSchema(options: EnsureSchemaOptions = {}): Promise<string> {
  const log = options.log ?? (() => {});
  if (options.force || !(await isValidCache(SCHEMA_CACHE_FILE))) {
    const work = join(SCHEMA_CACHE_DIR, `pack-${process.pid}-${randomUUID()}`);
    await mkdir(work, { recursive: true });
    try {
      log(`Fetching ${SCHEMA_PACKAGE} from the npm registry (npm pack)…`);
      const npm = process.platform === "win32" ? "npm.cmd" : "npm";
      const { stdout } = await execFileAsync(npm, ["pack", SCHEMA_PACKAGE, "--json", "--pack-destination", work], {
        cwd: work,
        maxBuffer: 32 * 1024 * 1024,
      });
      const packed = JSON.parse(stdout) as Array<{ filename: string; integrity: string }>;
      const tarball = join(work, packed[0].filename);
      log(`Extracting ${SCHEMA_MEMBER} (tarball integrity ${packed[0].integrity.slice(0, 24)}…)`);
      await execFileAsync("tar", ["-xzf", tarball, "-C", work, SCHEMA_MEMBER]);
      const json = gunzipSync(await readFile(join(work, SCHEMA_MEMBER)));
      const digest = sha256(json);
      if (digest !== SCHEMA_SHA256) {
        throw new Error(
          `The Admin schema from ${SCHEMA_PACKAGE} has sha256 ${digest}, expected ${SCHEMA_SHA256}. ` +
            "The registry served a different file; do not use it. Check the package version in scripts/schema/admin-schema.ts.",
        );
      }
      await atomicWrite(SCHEMA_CACHE_FILE, json);
      log(`Wrote ${SCHEMA_CACHE_FILE} (${json.length} bytes, sha256 ok)`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
  if (options.codegenCopy !== false && (options.force || !(await isValidCache(CODEGEN_SCHEMA_FILE)))) {
    await mkdir(dirname(CODEGEN_SCHEMA_FILE), { recursive: true });
    const tmp = `${CODEGEN_SCHEMA_FILE}.${process.pid}.${randomUUID()}.tmp`;
    await copyFile(SCHEMA_CACHE_FILE, tmp);
    await rename(tmp, CODEGEN_SCHEMA_FILE);
    log(`Copied it to ${CODEGEN_SCHEMA_FILE} for graphql-codegen`);
  }
  return SCHEMA_CACHE_FILE;
}

let cached: Promise<GraphQLSchema> | undefined;

/**
 * Shopify's Admin GraphQL schema (2026-07) as a graphql-js schema (no resolvers), built once per
 * process. Fetches it into the cache first if needed.
 */
export function loadAdminSchema(): Promise<GraphQLSchema> {
  cached ??= (async () => {
    const file = await ensureAdminSchema({ codegenCopy: false });
    const parsed = JSON.parse(await readFile(file, "utf8")) as { data: IntrospectionQuery };
    return buildClientSchema(parsed.data);
  })();
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
