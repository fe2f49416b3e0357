/**
 * `npm run schema:fetch [-- --force]`: puts Shopify's Admin schema (2026-07) into .cache/shopify-schema/
 * and app/types/ (for codegen). Needs only the npm registry. A no-op when the cache is already valid.
 */
import { ensureAdminSchema } from "./admin-schema";

const force = process.argv.includes("--force");
ensureAdminSchema({ force, log: (m) => console.log(`[schema:fetch] ${m}`) })
  .then((file) => console.log(`[schema:fetch] Admin schema ready: ${file}`))
  .catch((error: unknown) => {
    console.error(`[schema:fetch] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
