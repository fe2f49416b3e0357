// ESLint 9 flat config: TypeScript, React, hooks, a11y — the conventions of Shopify's Remix template.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import jsxA11y from "eslint-plugin-jsx-a11y";
import globals from "globals";

/**
 * Dependencies point one way (docs/architecture.md): routes → page read-models and services → domain
 * and adapters. Each part lists the parts it must never import; a wrong-way import fails lint.
 */
const LAYERS = {
  // Domain: plain rules, no I/O of the app's own.
  tryon: ["routes", "extension-api", "read-models", "webhooks", "components", "cli", "pipeline", "persistence", "catalog", "forms"],
  settings: ["routes", "extension-api", "read-models", "webhooks", "components", "cli", "pipeline", "persistence", "catalog", "forms"],
  jobs: ["routes", "extension-api", "read-models", "webhooks", "components", "cli", "pipeline", "persistence", "catalog", "forms"],
  images: ["routes", "extension-api", "read-models", "webhooks", "components", "cli", "pipeline", "persistence", "catalog", "forms"],
  security: ["routes", "extension-api", "read-models", "webhooks", "components", "cli", "pipeline", "persistence", "catalog", "forms"],
  // Input schemas and merchant wording, shared by pages and the extension API.
  forms: ["routes", "extension-api", "read-models", "webhooks", "components", "cli", "pipeline", "persistence", "catalog"],
  // Adapters: Shopify's Admin API and the database.
  catalog: ["routes", "extension-api", "read-models", "webhooks", "components", "cli", "pipeline", "persistence"],
  persistence: ["routes", "extension-api", "read-models", "webhooks", "components", "cli", "pipeline", "catalog"],
  // Services.
  pipeline: ["routes", "extension-api", "read-models", "webhooks", "components", "cli"],
  webhooks: ["routes", "extension-api", "read-models", "components", "cli"],
  // What pages read, and the UI pieces they render with.
  "read-models": ["routes", "extension-api", "webhooks", "cli"],
  components: ["routes", "extension-api", "read-models", "webhooks", "cli", "pipeline", "persistence", "catalog"],
  "extension-api": ["routes", "webhooks", "components", "cli"],
  cli: ["routes", "extension-api", "components", "webhooks"],
};
const layerRules = Object.entries(LAYERS).map(([part, forbidden]) => ({
  files: [`app/${part}/**/*.{ts,tsx}`],
  ignores: ["**/*.test.{ts,tsx}"],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: forbidden.map((other) => ({
          regex: `^(~/|(\\.\\.?/)+)(.*/)?${other}(/|$)`,
          message: `app/${part} must not import app/${other}: dependencies point one way (see docs/architecture.md).`,
        })),
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "build/",
      "public/build/",
      ".cache/",
      "tmp/",
      "test-artifacts/",
      "app/types/*.d.ts",
      "extensions/*/dist/",
      "**/*.generated.*",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js,jsx}"],
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "module",
      globals: { ...globals.node, ...globals.browser },
    },
    settings: { react: { version: "18.3" } },
    plugins: { react, "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs["jsx-runtime"].rules,
      ...jsxA11y.configs.recommended.rules,
      // The two classic hooks rules, chosen deliberately (the plugin's recommended set adds React
      // Compiler rules this app does not use).
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "react/prop-types": "off",
      // App Bridge web components (<ui-title-bar>, <ui-save-bar>) take attributes React doesn't know.
      "react/no-unknown-property": ["error", { ignore: ["variant", "tone"] }],
      // Merchant copy uses plain apostrophes and quotes; escaping them hurts readability for no gain.
      "react/no-unescaped-entities": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": "off",
    },
  },
  {
    // Preact admin extensions use `class` attributes and their own JSX runtime.
    files: ["extensions/**/*.{ts,tsx,js,jsx}"],
    rules: { "react/no-unknown-property": "off", "react/react-in-jsx-scope": "off" },
  },
  ...layerRules,
);
