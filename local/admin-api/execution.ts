/**
 * What a GraphQL request and a bulk query share when they execute: choosing the operation, the
 * document's fragments, and the strict field resolver — a field the stand-in does not implement is
 * an error rather than a silent null (so the app never passes tests against a field Shopify would
 * answer differently), and every resolved field adds its actual cost.
 */
import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLFieldResolver, type OperationDefinitionNode } from "graphql";
import { actualFieldCost } from "./cost";
import type { RequestContext } from "./resolvers/index";

/** The strict resolver: a field the view does not implement is an error, not a null. Also counts actual cost. */
export const strictFieldResolver: GraphQLFieldResolver<unknown, RequestContext> = (source, args, ctx, info) => {
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

export function pickOperation(document: DocumentNode, operationName: string | undefined): OperationDefinitionNode | GraphQLError {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) {
    const named = operations.find((o) => o.name?.value === operationName);
    return named ?? new GraphQLError(`No operation named "${operationName}"`);
  }
  if (operations.length !== 1) return new GraphQLError("An operation name is required when the document has several operations.");
  return operations[0];
}

export const fragmentsOf = (document: DocumentNode) =>
  Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
