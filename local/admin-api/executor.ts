/**
 * Runs Admin GraphQL requests against Shopify's real 2026-07 schema: parse, validate, price the
 * query, charge the leaky bucket, execute with the stand-in's resolvers, report `extensions.cost`.
 * Bulk queries are started here (resolvers reach them through the env) but validated, run and
 * written as JSONL in bulk-operations.ts; both execute through execution.ts.
 */
import { execute, GraphQLError, Kind, parse, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { LeakyBucket } from "./bucket";
import { BulkQueries } from "./bulk-operations";
import { CostError, requestedCost } from "./cost";
import { fragmentsOf, pickOperation, strictFieldResolver } from "./execution";
import { mutationRoot, queryRoot, type BulkOperationRecord, type RequestContext, type ResolverEnv } from "./resolvers/index";

export { jsonlLines } from "./bulk-operations";

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
  private readonly bulk: BulkQueries;

  constructor(private readonly options: ExecutorOptions) {
    this.bulk = new BulkQueries(options);
  }

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

  /** Validates a bulk query the way Shopify does and starts it (asynchronously). */
  startBulkQuery(query: string, groupObjects: boolean): BulkOperationRecord | { userErrors: Array<{ field: string[]; message: string; code: string }> } {
    return this.bulk.start(query, groupObjects);
  }
}

/** The operation's name, or (anonymous) its type and root fields: "mutation fileCreate". */
export function operationLabel(operation: OperationDefinitionNode): string {
  if (operation.name?.value) return operation.name.value;
  const fields = operation.selectionSet.selections.map((s) => (s.kind === Kind.FIELD ? s.name.value : "…"));
  return `${operation.operation} ${fields.join(",")}`;
}
