/**
 * Runs Admin GraphQL requests against Shopify's real 2026-07 schema: parse, validate, price the
 * query, charge the leaky bucket, execute with the stand-in's resolvers, report `extensions.cost`.
 * Also runs bulk queries and writes their JSONL results.
 */
import {
  execute,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { LeakyBucket } from "./bucket";
import { actualFieldCost, CostError, isConnectionType, requestedCost } from "./cost";
import { mutationRoot, queryRoot, type BulkOperationRecord, type RequestContext, type ResolverEnv } from "./resolvers/index";
import { getNamedType, isCompositeType, isObjectType, isInterfaceType, type GraphQLCompositeType, type SelectionSetNode } from "graphql";

export interface GraphQLRequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export interface JsonError {
  message: string;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

export interface GraphQLResponseBody {
  data?: unknown;
  errors?: JsonError[];
  extensions?: Record<string, unknown>;
}

/** Shopify's single-query limit, in points. */
export const MAX_SINGLE_QUERY_COST = 1000;

const toJsonError = (error: GraphQLError): JsonError => ({
  message: error.message,
  ...(error.locations ? { locations: error.locations } : {}),
  ...(error.path ? { path: error.path } : {}),
  ...(error.extensions && Object.keys(error.extensions).length ? { extensions: error.extensions } : {}),
});

/** The strict resolver: a field the view does not implement is an error, not a null. Also counts actual cost. */
const strictFieldResolver: GraphQLFieldResolver<unknown, RequestContext> = (source, args, ctx, info) => {
  if (source === null || typeof source !== "object" || !(info.fieldName in source)) {
    throw new GraphQLError(
      `Field '${info.fieldName}' on type '${info.parentType.name}' is not implemented by the local Admin API (local/admin-api); add a resolver there if the app needs it.`,
      { extensions: { code: "NOT_IMPLEMENTED_BY_LOCAL_ADMIN_API" } },
    );
  }
  const raw = (source as Record<string, unknown>)[info.fieldName];
  const value = typeof raw === "function" ? (raw as (...a: unknown[]) => unknown).call(source, args, ctx, info) : raw;
  if (value instanceof Promise) {
    return value.then((resolved) => {
      ctx.cost += actualFieldCost(info, resolved);
      return resolved;
    });
  }
  ctx.cost += actualFieldCost(info, value);
  return value;
};

function pickOperation(document: DocumentNode, operationName: string | undefined): OperationDefinitionNode | GraphQLError {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) {
    const named = operations.find((o) => o.name?.value === operationName);
    return named ?? new GraphQLError(`No operation named "${operationName}"`);
  }
  if (operations.length !== 1) return new GraphQLError("An operation name is required when the document has several operations.");
  return operations[0];
}

const fragmentsOf = (document: DocumentNode) =>
  Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );

export interface ExecutorOptions {
  schema: GraphQLSchema;
  env: ResolverEnv;
  bucketSize: number;
  restoreRate: number;
  /** Delay before a bulk operation starts running, ms. */
  bulkDelayMs: number;
  log: (line: string) => void;
}

export class AdminApiExecutor {
  /** One bucket per app+shop pair (a configured token, or the client id behind issued tokens), as Shopify limits them. */
  private readonly buckets = new Map<string, LeakyBucket>();
  private nextBulkId = 1;

  constructor(private readonly options: ExecutorOptions) {}

  private get store() {
    return this.options.env.store;
  }

  bucketFor(token: string): LeakyBucket {
    let bucket = this.buckets.get(token);
    if (!bucket) {
      bucket = new LeakyBucket(this.options.bucketSize, this.options.restoreRate);
      this.buckets.set(token, bucket);
    }
    return bucket;
  }

  /** Handles one GraphQL request body for an authorised request; `token` names the bucket that pays. */
  async run(body: GraphQLRequestBody, token: string): Promise<GraphQLResponseBody> {
    const response = await this.runUnreported(body, token);
    // Every answer reports the bucket, even one refused before it ran (nothing charged then).
    response.extensions ??= {
      cost: { requestedQueryCost: 0, actualQueryCost: 0, throttleStatus: this.bucketFor(token).status() },
    };
    return response;
  }

  private async runUnreported(body: GraphQLRequestBody, token: string): Promise<GraphQLResponseBody> {
    const metrics = this.store.metrics;
    if (typeof body.query !== "string" || !body.query.trim()) {
      metrics.errored++;
      return { errors: [{ message: "No query string was present" }] };
    }
    const variables = (body.variables && typeof body.variables === "object" ? body.variables : {}) as Record<string, unknown>;
    let document: DocumentNode;
    try {
      document = parse(body.query);
    } catch (error) {
      metrics.errored++;
      return { errors: [toJsonError(error as GraphQLError)] };
    }
    const validationErrors = validate(this.options.schema, document);
    if (validationErrors.length) {
      metrics.errored++;
      return { errors: validationErrors.map(toJsonError) };
    }
    const operation = pickOperation(document, typeof body.operationName === "string" ? body.operationName : undefined);
    if (operation instanceof GraphQLError) {
      metrics.errored++;
      return { errors: [toJsonError(operation)] };
    }

    let requested: number;
    try {
      requested = requestedCost(this.options.schema, operation, fragmentsOf(document), variables);
    } catch (error) {
      if (!(error instanceof CostError)) throw error;
      metrics.errored++;
      return { errors: [{ message: error.message, path: error.path, extensions: { code: "BAD_REQUEST" } }] };
    }

    const bucket = this.bucketFor(token);
    const maxCost = Math.min(MAX_SINGLE_QUERY_COST, bucket.size);
    if (requested > maxCost) {
      metrics.maxCostExceeded++;
      return {
        errors: [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${maxCost}). See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the cost of a query is calculated. To query larger amounts of data with fewer limits, bulk operations should be used instead. See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.`,
            extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost },
          },
        ],
        extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status() } },
      };
    }
    if (!bucket.take(requested)) {
      metrics.throttled++;
      return {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
        extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status() } },
      };
    }

    const ctx: RequestContext = { env: this.options.env, bulk: false, cost: 0, searchWarnings: [] };
    const result = (await execute({
      schema: this.options.schema,
      document,
      operationName: operation.name?.value,
      variableValues: variables,
      rootValue: operation.operation === "mutation" ? mutationRoot(this.options.env) : queryRoot(this.options.env),
      contextValue: ctx,
      fieldResolver: strictFieldResolver,
    })) as ExecutionResult;
    const actual = Math.min(ctx.cost, requested);
    bucket.refund(requested - actual);
    metrics.pointsRequested += requested;
    metrics.pointsSpent += actual;
    const label = operationLabel(operation);
    metrics.pointsByOperation[label] = (metrics.pointsByOperation[label] ?? 0) + actual;
    if (result.errors?.length) metrics.errored++;
    const extensions: Record<string, unknown> = {
      cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: bucket.status() },
    };
    if (ctx.searchWarnings.length) extensions.search = ctx.searchWarnings;
    return {
      ...(result.errors?.length ? { errors: result.errors.map(toJsonError) } : {}),
      data: result.data ?? null,
      extensions,
    };
  }

  // ---------- bulk operations ----------

  /** Validates a bulk query the way Shopify does and starts it (asynchronously). */
  startBulkQuery(query: string, groupObjects: boolean): BulkOperationRecord | { userErrors: Array<{ field: string[]; message: string; code: string }> } {
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
    const timer = setTimeout(() => void this.runBulk(op, document), this.options.bulkDelayMs);
    timer.unref();
    return op;
  }

  private async runBulk(op: BulkOperationRecord, document: DocumentNode): Promise<void> {
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
      const { lines, roots } = jsonlLines(result.data ?? {}, op.groupObjects);
      // bulkOperationCancel may have run while we executed.
      if ((op.status as BulkOperationRecord["status"]) === "CANCELING") {
        op.status = "CANCELED";
        return;
      }
      op.objectCount = lines.length;
      op.rootObjectCount = roots;
      op.result = lines.length ? Buffer.from(lines.join("\n") + "\n") : null;
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

/** The operation's name, or (anonymous) its type and root fields: "mutation fileCreate". */
export function operationLabel(operation: OperationDefinitionNode): string {
  if (operation.name?.value) return operation.name.value;
  const fields = operation.selectionSet.selections.map((s) => (s.kind === Kind.FIELD ? s.name.value : "…"));
  return `${operation.operation} ${fields.join(",")}`;
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
export function jsonlLines(data: Json, groupObjects: boolean): { lines: string[]; roots: number } {
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
      }
    } else if (value && typeof value === "object") {
      // A root object (e.g. collection(id:)): its own line, its connections as children.
      roots++;
      emit(value as Json, null, 0);
    }
  }
  return { lines: groupObjects ? grouped : levels.flat(), roots };
}
