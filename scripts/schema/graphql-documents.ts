/**
 * Finds every GraphQL document the app sends and validates it against the Admin schema.
 *
 * A document is what graphql-codegen (Shopify's pluck config) would pick up:
 * - a template literal whose first chunk contains `#graphql` followed by a newline, or
 * - a template literal preceded by a `/* GraphQL *\/` comment, or
 * - a `.graphql` / `.gql` file.
 * Interpolations (`${FRAGMENT}`) are dropped; fragments are resolved by name across all documents,
 * the way codegen resolves them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import {
  Kind,
  NoDeprecatedCustomRule,
  NoUnusedFragmentsRule,
  parse,
  specifiedRules,
  validate,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import ts from "typescript";

export interface FoundDocument {
  /** Repository-relative file path. */
  file: string;
  /** 1-based line of the template literal. */
  line: number;
  source: string;
}

const CODE_FILE = /\.(?:ts|tsx|js|jsx|mjs|cjs)$/;
const GRAPHQL_FILE = /\.(?:graphql|gql)$/;

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else out.push(path);
  }
}

function templateText(node: ts.TemplateLiteral): { head: string; text: string } {
  if (ts.isNoSubstitutionTemplateLiteral(node)) return { head: node.rawText ?? node.text, text: node.text };
  let text = node.head.text;
  for (const span of node.templateSpans) text += `\n${span.literal.text}`;
  return { head: node.head.rawText ?? node.head.text, text };
}

function hasGraphQLComment(sourceText: string, node: ts.Node): boolean {
  const ranges = ts.getLeadingCommentRanges(sourceText, node.getFullStart()) ?? [];
  const last = ranges[ranges.length - 1];
  if (!last) return false;
  const comment = sourceText.slice(last.pos, last.end).replace(/^\/\*|\*\/$/g, "").trim().toLowerCase();
  return comment === "graphql";
}

/** Documents in one TS/JS source text. */
export function documentsInSource(file: string, sourceText: string): FoundDocument[] {
  if (!/#graphql|graphql \*\//i.test(sourceText)) return [];
  const source = ts.createSourceFile(file, sourceText, ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: FoundDocument[] = [];
  const visitNode = (node: ts.Node) => {
    if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const { head, text } = templateText(node);
      if (/\s*#graphql\s*\n/i.test(head) || hasGraphQLComment(sourceText, node)) {
        found.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, source: text });
      }
    }
    ts.forEachChild(node, visitNode);
  };
  visitNode(source);
  return found;
}

/** Every GraphQL document under `dir` (default: the repo's app/), skipping generated app/types. */
export function findGraphQLDocuments(root: string, dir = "app"): FoundDocument[] {
  const files: string[] = [];
  walk(join(root, dir), files);
  const docs: FoundDocument[] = [];
  for (const path of files.sort()) {
    const file = relative(root, path);
    if (file.startsWith(join(dir, "types")) || file.endsWith(".d.ts")) continue;
    if (GRAPHQL_FILE.test(path)) docs.push({ file, line: 1, source: readFileSync(path, "utf8") });
    else if (CODE_FILE.test(path)) docs.push(...documentsInSource(file, readFileSync(path, "utf8")));
  }
  return docs;
}

export interface DocumentReport {
  document: FoundDocument;
  /** Operation and fragment names defined in the document. */
  names: string[];
  errors: string[];
}

function usedFragments(node: DocumentNode | OperationDefinitionNode | FragmentDefinitionNode): Set<string> {
  const names = new Set<string>();
  visit(node, { FragmentSpread: (spread) => void names.add(spread.name.value) });
  return names;
}

const formatError = (doc: FoundDocument, error: GraphQLError) => {
  const loc = error.locations?.[0];
  return `${doc.file}:${doc.line}${loc ? ` (document line ${loc.line})` : ""}: ${error.message}`;
};

/**
 * Validates each document against the schema with the fragments it uses (from any document).
 * Also reports duplicate operation/fragment names (codegen needs unique names) and, when
 * `rejectDeprecated` is set, any deprecated field, argument or enum value.
 */
export function validateDocuments(schema: GraphQLSchema, documents: FoundDocument[], options: { rejectDeprecated?: boolean } = {}): DocumentReport[] {
  const parsed = documents.map((document) => {
    try {
      return { document, ast: parse(document.source), parseError: null as string | null };
    } catch (error) {
      return { document, ast: null, parseError: `${document.file}:${document.line}: ${(error as Error).message}` };
    }
  });

  const fragments = new Map<string, Array<{ def: FragmentDefinitionNode; doc: FoundDocument }>>();
  const operations = new Map<string, FoundDocument>();
  const duplicates: Array<{ doc: FoundDocument; message: string }> = [];
  for (const { document, ast } of parsed) {
    for (const def of ast?.definitions ?? []) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) {
        const others = fragments.get(def.name.value) ?? [];
        const other = others.find((o) => o.doc.source !== document.source);
        if (other) duplicates.push({ doc: document, message: `fragment ${def.name.value} is also defined in ${other.doc.file}:${other.doc.line}` });
        fragments.set(def.name.value, [...others, { def, doc: document }]);
      } else if (def.kind === Kind.OPERATION_DEFINITION) {
        if (!def.name) {
          duplicates.push({ doc: document, message: "an operation has no name; name every operation (codegen types it by name)" });
          continue;
        }
        const other = operations.get(def.name.value);
        if (other) duplicates.push({ doc: document, message: `operation ${def.name.value} is also defined in ${other.file}:${other.line}` });
        operations.set(def.name.value, document);
      }
    }
  }

  const rules = specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule);
  if (options.rejectDeprecated) rules.push(NoDeprecatedCustomRule);

  return parsed.map(({ document, ast, parseError }) => {
    if (!ast) return { document, names: [], errors: [parseError ?? "unparseable"] };
    const own = new Set(ast.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => (d as FragmentDefinitionNode).name.value));
    // Pull in the fragments this document uses but does not define, transitively.
    const needed = new Map<string, FragmentDefinitionNode>();
    const pending = [...usedFragments(ast)].filter((n) => !own.has(n));
    while (pending.length) {
      const name = pending.pop()!;
      if (needed.has(name) || own.has(name)) continue;
      // Prefer a definition from the same file when a name is (wrongly) defined twice.
      const candidates = fragments.get(name) ?? [];
      const found = candidates.find((c) => c.doc.file === document.file) ?? candidates[0];
      if (!found) continue; // validate() reports the unknown fragment
      needed.set(name, found.def);
      for (const inner of usedFragments(found.def)) pending.push(inner);
    }
    const full: DocumentNode = { ...ast, definitions: [...ast.definitions, ...needed.values()] };
    const errors = validate(schema, full, rules).map((e) => formatError(document, e));
    for (const dup of duplicates) if (dup.doc === document) errors.push(`${document.file}:${document.line}: ${dup.message}`);
    const names = ast.definitions
      .map((d) => (d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION ? d.name?.value : undefined))
      .filter((n): n is string => Boolean(n));
    return { document, names, errors };
  });
}
