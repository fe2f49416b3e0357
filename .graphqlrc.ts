/**
 * graphql-codegen / graphql-config: types every `#graphql` document in app/ against Shopify's Admin
 * schema 2026-07 (app/types/admin.types.d.ts, app/types/admin.generated.d.ts).
 *
 * `shopifyApiProject()` has no schema option: it reads app/types/admin-2026-07.schema.json when that
 * file exists and would download it otherwise. `npm run graphql-codegen` runs `schema:fetch` first,
 * which puts Shopify's real schema there from the npm tarball (git-ignored), so codegen never needs
 * the network.
 */
import { ApiType, shopifyApiProject } from "@shopify/api-codegen-preset";

export default {
  projects: {
    default: shopifyApiProject({
      apiType: ApiType.Admin,
      apiVersion: "2026-07",
      documents: ["./app/**/*.{js,ts,jsx,tsx}", "!./app/types/**"],
      outputDir: "./app/types",
      enumsAsConst: true,
    }),
  },
};
