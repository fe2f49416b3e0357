// ESLint 9 flat config: TypeScript, React, hooks, a11y — the conventions of Shopify's Remix template.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import jsxA11y from "eslint-plugin-jsx-a11y";
import globals from "globals";

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
);
