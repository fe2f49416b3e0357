// Before typecheck and tests: fetch Shopify's Admin schema into the git-ignored cache when missing and
// check the generated GraphQL types are current. Each step runs only when its script exists, so the
// test command keeps working while parts are being added.
import { execSync } from "node:child_process";
import { readFileSync } from "node:fs";

const scripts = JSON.parse(readFileSync("package.json", "utf8")).scripts ?? {};
const run = (cmd) => execSync(cmd, { stdio: "inherit" });
if (scripts["schema:fetch"]) run("npm run -s schema:fetch");
if (scripts["graphql-codegen"]) run("npm run -s graphql-codegen -- --check");
