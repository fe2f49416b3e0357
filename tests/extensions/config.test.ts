import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The three admin action extensions as Shopify's CLI reads them: one folder each with a
 * shopify.extension.toml on API 2026-07, exactly one target each, and a module typed against that
 * target's API (so `shopify.data` and `shopify.close` are checked for the right surface).
 */
const EXPECTED = {
  "admin.product-details.action.render": "tryon-product-action",
  "admin.product-index.selection-action.render": "tryon-selection-action",
  "admin.collection-details.action.render": "tryon-collection-action",
} as const;

function readToml(dir: string) {
  const text = readFileSync(path.join("extensions", dir, "shopify.extension.toml"), "utf8");
  const values = (key: string) => [...text.matchAll(new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, "gm"))].map((m) => m[1]);
  return { apiVersion: values("api_version"), handle: values("handle"), type: values("type"), targets: values("target"), modules: values("module") };
}

const extensionDirs = readdirSync("extensions").filter((d) => existsSync(path.join("extensions", d, "shopify.extension.toml")));

describe("admin extension configuration", () => {
  it("GIVEN extensions/ WHEN listed THEN there is one extension per action target", () => {
    expect(extensionDirs.sort()).toEqual(Object.values(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))("GIVEN %s WHEN its toml is read THEN it is a 2026-07 ui_extension with that one target and a module typed for it", (target, dir) => {
    const toml = readToml(dir);
    expect(toml.apiVersion).toEqual(["2026-07"]);
    expect(toml.type).toEqual(["ui_extension"]);
    expect(toml.handle).toEqual([dir]);
    expect(toml.targets).toEqual([target]);
    expect(toml.modules).toHaveLength(1);
    const module = path.join("extensions", dir, toml.modules[0]);
    expect(existsSync(module), module).toBe(true);
    const source = readFileSync(module, "utf8");
    expect(source).toContain(`from "@shopify/ui-extensions/${target}"`);
    expect(source).toMatch(/export default async \(\) => \{\s*render\(/);
    // The modal: its own <s-admin-action>, or the shared estimate-then-start flow that renders one.
    expect(source).toMatch(/<s-admin-action|<EstimateFlow/);
  });

  it("GIVEN the extensions' dependencies WHEN read from package.json THEN Preact, @preact/signals (the build loops without it) and ui-extensions 2026.7 are installed", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    const all = { ...pkg.dependencies, ...pkg.devDependencies };
    expect(all["@shopify/ui-extensions"]).toMatch(/^[~^]?2026\.7\./);
    expect(all.preact).toBeDefined();
    expect(all["@preact/signals"]).toBeDefined();
  });
});
