/**
 * The local stand-ins are independent implementations of the services they stand in for: a stand-in that
 * shares the app's code agrees with the app by construction and cannot catch its bugs (PITFALLS 11).
 * So no file under local/ may import from app/ — statically, with require, or with a dynamic import.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");
const LOCAL = path.join(ROOT, "local");
const APP = path.join(ROOT, "app");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : sourceFiles(p);
    return /\.(c|m)?(t|j)sx?$/.test(e.name) ? [p] : [];
  });
}

/** Every module specifier in a source text: import/export … from, bare import, require(), import(). */
export function specifiersOf(source: string): string[] {
  const out: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*(['"`])([^'"`]+)\1/g,
    /\bimport\s*(['"`])([^'"`]+)\1/g,
    /\brequire\s*\(\s*(['"`])([^'"`]+)\1\s*\)/g,
    /\bimport\s*\(\s*(?:\/\*[^]*?\*\/\s*)?(['"`])([^'"`]+)\1/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) out.push(m[2]);
  return out;
}

/** Whether a specifier written in `file` resolves into app/ (relative paths, the "~/" alias, absolute paths). */
export function resolvesIntoApp(file: string, specifier: string): boolean {
  let target: string | undefined;
  if (specifier.startsWith(".")) target = path.resolve(path.dirname(file), specifier);
  else if (specifier.startsWith("~/")) target = path.join(APP, specifier.slice(2));
  else if (path.isAbsolute(specifier)) target = specifier;
  else if (specifier.startsWith("file:")) target = new URL(specifier).pathname;
  if (!target) return false;
  const rel = path.relative(APP, target);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

describe("local/ stand-ins import nothing from app/", () => {
  it("GIVEN the import scanner THEN it sees static, type, side-effect, require and dynamic imports into app/, and nothing else", () => {
    const file = path.join(LOCAL, "tryon-service", "x.ts");
    const src = [
      'import { a } from "../../app/tryon/schema";',
      'import type { B } from "../../app/tryon/wire";',
      'import "../../app/side-effect";',
      'export { c } from "../../app/x";',
      'const d = require("../../app/images/flat-lay");',
      'const e = await import(/* @vite-ignore */ "../../app/security/secret-box");',
      'import { f } from "~/tryon/sign";',
      'import sharp from "sharp";',
      'import { g } from "./request";',
      'import { h } from "../../scripts/schema/admin-schema";',
      'import { i } from "../../application/x";',
    ].join("\n");
    const hits = specifiersOf(src).filter((s) => resolvesIntoApp(file, s));
    expect(hits.sort()).toEqual(
      ["../../app/tryon/schema", "../../app/tryon/wire", "../../app/side-effect", "../../app/x", "../../app/images/flat-lay", "../../app/security/secret-box", "~/tryon/sign"].sort(),
    );
  });

  it("GIVEN every source file under local/ THEN none imports from app/", () => {
    const files = sourceFiles(LOCAL);
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.flatMap((f) =>
      specifiersOf(readFileSync(f, "utf8"))
        .filter((s) => resolvesIntoApp(f, s))
        .map((s) => `${path.relative(ROOT, f)} imports ${s}`),
    );
    expect(offenders).toEqual([]);
  });
});
