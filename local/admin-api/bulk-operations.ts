/**
 * Bulk operations (bulkOperationRunQuery): validating a bulk query with Shopify's limits (one query,
 * no variables, 1–5 connections nested at most 2 deep, 5 running per shop), running it later without
 * pagination or cost, and writing the result as Shopify's JSONL (nested nodes on their own lines,
 * with __parentId). Requests and bulk queries share only how they execute (execution.ts).
 */
import {
  execute,
  GraphQLError,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import { isConnectionType } from "./cost";
import { fragmentsOf, pickOperation, strictFieldResolver } from "./execution";
import { BULK_SLICE } from "./resolvers/context";
import { queryRoot, type BulkOperationRecord, type RequestContext, type ResolverEnv } from "./resolvers/index";

export interface BulkQueryOptions {
  schema: GraphQLSchema;
  env: ResolverEnv;
  /** Delay before a bulk operation starts running, ms. */
  bulkDelayMs: number;
  log: (line: string) => void;
}

export class BulkQueries {
  private nextBulkId = 1;

  constructor(private readonly options: BulkQueryOptions) {}

  private get store() {
    return this.options.env.store;
  }

  /** Validates a bulk query the way Shopify does and starts it (asynchronously). */
  start(query: string, groupObjects: boolean): BulkOperationRecord | { userErrors: Array<{ field: string[]; message: string; code: string }> } {
    const invalid = (message: string) => ({ userErrors: [{ field: ["query"], message, code: "INVALID" }] });
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return invalid(`Invalid bulk query: ${(error as Error).message}`);
    }
    const errors = validate(this.options.schema, document);
    if (errors.length) return invalid(`Invalid bulk query: ${errors.map((e) => e.message).join("; ")}`);
    const operation = pickOperation(document, undefined);
    if (operation instanceof GraphQLError || operation.operation !== "query") return invalid("Invalid bulk query: the document must hold exactly one query.");
    if (operation.variableDefinitions?.length) return invalid("Invalid bulk query: bulk queries cannot use variables.");
    const shape = connectionShape(this.options.schema, operation.selectionSet, this.options.schema.getQueryType()!, fragmentsOf(document), 0);
    if (shape.count === 0) return invalid("Bulk queries must contain at least one connection.");
    if (shape.count > 5) return invalid(`Bulk queries cannot contain more than 5 connections (this one has ${shape.count}).`);
    if (shape.depth > 2) return invalid("Bulk queries cannot contain connections with a nesting depth greater than 2.");
    const running = [...this.options.env.bulkOperations.values()].filter((op) => op.type === "QUERY" && (op.status === "CREATED" || op.status === "RUNNING"));
    if (running.length >= 5) {
      return { userErrors: [{ field: [], message: "A bulk query operation limit of 5 has been reached for this shop.", code: "LIMIT_REACHED" }] };
    }

    const op: BulkOperationRecord = {
      id: this.nextBulkId++,
      status: "CREATED",
      type: "QUERY",
      query,
      groupObjects,
      errorCode: null,
      createdAt: new Date().toISOString(),
      completedAt: null,
      objectCount: 0,
      rootObjectCount: 0,
      result: null,
      bytesServed: 0,
    };
    this.options.env.bulkOperations.set(op.id, op);
    this.store.metrics.bulkOperations++;
    const timer = setTimeout(() => void this.run(op, document), this.options.bulkDelayMs);
    timer.unref();
    return op;
  }

  private async run(op: BulkOperationRecord, document: DocumentNode): Promise<void> {
    if (op.status === "CANCELING") {
      op.status = "CANCELED";
      return;
    }
    op.status = "RUNNING";
    try {
      const ctx: RequestContext = { env: this.options.env, bulk: true, cost: 0, searchWarnings: [] };
      const result = (await execute({
        schema: this.options.schema,
        document,
        rootValue: queryRoot(this.options.env),
        contextValue: ctx,
        fieldResolver: strictFieldResolver,
      })) as ExecutionResult;
      if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join("; "));
      const { lines, roots } = await jsonlLines(result.data ?? {}, op.groupObjects);
      // bulkOperationCancel may have run while we executed.
      if ((op.status as BulkOperationRecord["status"]) === "CANCELING") {
        op.status = "CANCELED";
        return;
      }
      op.objectCount = lines.length;
      op.rootObjectCount = roots;
      op.result = lines.length ? await jsonlBuffer(lines) : null;
      op.status = "COMPLETED";
      op.completedAt = new Date().toISOString();
    } catch (error) {
      this.options.log(`bulk operation ${op.id} failed: ${(error as Error).message}`);
      op.status = "FAILED";
      op.errorCode = "INTERNAL_SERVER_ERROR";
      op.completedAt = new Date().toISOString();
    }
  }
}

/** Counts connections and their nesting depth in a selection (bulk query limits). */
function connectionShape(
  schema: GraphQLSchema,
  selectionSet: SelectionSetNode | undefined,
  parent: GraphQLCompositeType,
  fragments: Record<string, FragmentDefinitionNode>,
  depth: number,
): { count: number; depth: number } {
  let count = 0;
  let maxDepth = depth;
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      const fields = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields() : {};
      const def = fields[selection.name.value];
      if (!def) continue;
      const named = getNamedType(def.type);
      if (!isCompositeType(named)) continue;
      const connection = isConnectionType(named);
      const inner = connectionShape(schema, selection.selectionSet, named, fragments, connection ? depth + 1 : depth);
      count += inner.count + (connection ? 1 : 0);
      maxDepth = Math.max(maxDepth, inner.depth, connection ? depth + 1 : depth);
    } else {
      const typeName = selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition?.name.value : fragments[selection.name.value]?.typeCondition.name.value;
      const type = typeName ? schema.getType(typeName) : parent;
      const set = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments[selection.name.value]?.selectionSet;
      if (type && isCompositeType(type)) {
        const inner = connectionShape(schema, set, type, fragments, depth);
        count += inner.count;
        maxDepth = Math.max(maxDepth, inner.depth);
      }
    }
  }
  return { count, depth: maxDepth };
}

type Json = Record<string, unknown>;

/** A connection value as resolved: `{ edges: [{ node }] }` and/or `{ nodes: [...] }`. */
function connectionNodes(value: unknown): Json[] | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const v = value as Json;
  const keys = Object.keys(v);
  if (!keys.every((k) => k === "edges" || k === "nodes" || k === "pageInfo")) return null;
  if (Array.isArray(v.edges)) return (v.edges as Json[]).map((e) => e.node as Json).filter(Boolean);
  if (Array.isArray(v.nodes)) return (v.nodes as Json[]).filter(Boolean);
  return null;
}

/**
 * Shopify's JSONL: each connection node is a line; a nested connection's nodes are their own lines
 * with `__parentId`, and the connection field is left out of the parent's line. With groupObjects,
 * children follow their parent directly; without, all parents come first.
 */
export async function jsonlLines(data: Json, groupObjects: boolean): Promise<{ lines: string[]; roots: number }> {
  const grouped: string[] = [];
  const levels: string[][] = [];
  let roots = 0;
  const emit = (node: Json, parentId: string | null, level: number) => {
    const line: Json = {};
    const children: Array<Json[]> = [];
    for (const [key, value] of Object.entries(node)) {
      const nested = connectionNodes(value);
      if (nested) children.push(nested);
      else line[key] = value;
    }
    if (parentId) line.__parentId = parentId;
    const text = JSON.stringify(line);
    if (groupObjects) grouped.push(text);
    else (levels[level] ??= []).push(text);
    const id = typeof node.id === "string" ? node.id : parentId;
    for (const list of children) for (const child of list) emit(child, id, level + 1);
  };
  for (const value of Object.values(data)) {
    const nodes = connectionNodes(value);
    if (nodes) {
      for (const node of nodes) {
        roots++;
        emit(node, null, 0);
        if (roots % BULK_SLICE === 0) await nextTurn();
      }
    } else if (value && typeof value === "object") {
      // A root object (e.g. collection(id:)): its own line, its connections as children.
      roots++;
      emit(value as Json, null, 0);
    }
  }
  return { lines: groupObjects ? grouped : levels.flat(), roots };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The result file's bytes, encoded a slice of lines per turn of the event loop (see `inSlices`). */
async function jsonlBuffer(lines: string[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let start = 0; start < lines.length; start += BULK_SLICE * 4) {
    parts.push(Buffer.from(lines.slice(start, start + BULK_SLICE * 4).join("\n") + "\n"));
    await nextTurn();
  }
  return Buffer.concat(parts);
}
