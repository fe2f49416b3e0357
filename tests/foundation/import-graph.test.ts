import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The lint rule in eslint.config.js keeps folder dependencies pointing one way; this keeps files out of
 * import loops inside a folder too (type-only imports count: a loop of types is still a loop to a reader).
 */
const APP = "app";

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== "types") sourceFiles(p, out);
    } else if (/\.(ts|tsx)$/.test(e.name) && !/\.test\./.test(e.name)) out.push(p);
  }
  return out;
}

function importGraph(): Map<string, string[]> {
  const files = sourceFiles(APP);
  const known = new Set(files);
  const resolve = (from: string, spec: string): string | null => {
    let base: string;
    if (spec.startsWith("~/")) base = path.join(APP, spec.slice(2));
    else if (spec.startsWith(".")) base = path.normalize(path.join(path.dirname(from), spec));
    else return null;
    for (const c of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) if (known.has(c)) return c;
    return null;
  };
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const src = readFileSync(f, "utf8");
    const targets: string[] = [];
    for (const m of src.matchAll(/(?:import|export)\s[^;]*?from\s+["']([^"']+)["']/g)) {
      const t = resolve(f, m[1]);
      if (t) targets.push(t);
    }
    graph.set(f, targets);
  }
  return graph;
}

/** Strongly connected components with more than one file (Tarjan). */
function loops(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe("import graph", () => {
  it("GIVEN every source file under app/ WHEN its imports are followed THEN no file reaches itself again", () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(100);
    expect(loops(graph)).toEqual([]);
  });

  it("GIVEN two files importing each other WHEN checked THEN the loop is reported (the check can fail)", () => {
    const graph = new Map([
      ["app/a.ts", ["app/b.ts"]],
      ["app/b.ts", ["app/a.ts"]],
      ["app/c.ts", ["app/a.ts"]],
    ]);
    expect(loops(graph)).toEqual([["app/a.ts", "app/b.ts"]]);
  });
});
