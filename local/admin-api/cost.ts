/**
 * Query cost the way Shopify calculates it for the Admin GraphQL API:
 * - scalars and enums 0, objects 1, interfaces/unions the most expensive of their selections;
 * - connections 2 + (first|last) × the cost of one node (edges.node / nodes), pageInfo free;
 * - each mutation field 10 (its payload is not charged).
 * The requested cost is computed from the document before it runs; the actual cost is counted while
 * it runs (a connection that returns 3 of 50 requested nodes costs 2 + 3 × node cost).
 */
import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isLeafType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromAST,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

export const MUTATION_COST = 10;

export class CostError extends Error {
  constructor(
    message: string,
    readonly path: string[],
  ) {
    super(message);
  }
}

/** Connection types are the `*Connection` object types with edges/nodes and pageInfo. */
export function isConnectionType(type: GraphQLNamedType): boolean {
  return isObjectType(type) && type.name.endsWith("Connection") && "pageInfo" in type.getFields();
}

const isEdgeType = (type: GraphQLNamedType) => isObjectType(type) && type.name.endsWith("Edge") && "node" in type.getFields();

interface CostContext {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  /** Bulk queries ignore pagination: connections need no first/last and cost nothing here. */
  bulk: boolean;
}

function fieldDef(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (isObjectType(parent) || isInterfaceType(parent)) return parent.getFields()[name];
  return undefined;
}

function intArg(field: FieldNode, def: GraphQLField<unknown, unknown>, name: string, ctx: CostContext): number | undefined {
  const node = field.arguments?.find((a) => a.name.value === name);
  const argDef = def.args.find((a) => a.name === name);
  if (!node || !argDef) return undefined;
  const value = valueFromAST(node.value, argDef.type, ctx.variables);
  return typeof value === "number" ? value : undefined;
}

function selectionCost(selectionSet: SelectionSetNode | undefined, parent: GraphQLCompositeType, ctx: CostContext, path: string[]): number {
  if (!selectionSet) return 0;
  let common = 0;
  const perType = new Map<string, number>();
  const addFor = (typeName: string | undefined, cost: number) => {
    if (!typeName || typeName === parent.name) common += cost;
    else perType.set(typeName, (perType.get(typeName) ?? 0) + cost);
  };
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      common += fieldCost(selection, parent, ctx, path);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const typeName = selection.typeCondition?.name.value;
      const type = typeName ? ctx.schema.getType(typeName) : parent;
      if (type && isCompositeType(type)) addFor(typeName, selectionCost(selection.selectionSet, type, ctx, path));
    } else {
      const fragment = ctx.fragments[selection.name.value];
      const type = fragment ? ctx.schema.getType(fragment.typeCondition.name.value) : undefined;
      if (fragment && type && isCompositeType(type)) addFor(fragment.typeCondition.name.value, selectionCost(fragment.selectionSet, type, ctx, path));
    }
  }
  // Type-conditioned selections are alternatives: only one concrete type is returned per object.
  return common + Math.max(0, ...perType.values());
}

/** Cost of one node of a connection: `nodes { … }` or `edges { node { … } }`, whichever is larger. */
function nodeCost(selectionSet: SelectionSetNode | undefined, connection: GraphQLCompositeType, ctx: CostContext, path: string[]): number {
  let cost = 0;
  for (const field of fieldsOf(selectionSet, connection, ctx)) {
    const def = fieldDef(connection, field.name.value);
    if (!def) continue;
    const named = getNamedType(def.type);
    if (field.name.value === "nodes" && isCompositeType(named)) {
      cost = Math.max(cost, 1 + selectionCost(field.selectionSet, named, ctx, [...path, "nodes"]));
    } else if (field.name.value === "edges" && isCompositeType(named)) {
      for (const edgeField of fieldsOf(field.selectionSet, named, ctx)) {
        const edgeDef = fieldDef(named, edgeField.name.value);
        const nodeType = edgeDef ? getNamedType(edgeDef.type) : undefined;
        if (edgeField.name.value === "node" && nodeType && isCompositeType(nodeType)) {
          cost = Math.max(cost, 1 + selectionCost(edgeField.selectionSet, nodeType, ctx, [...path, "edges", "node"]));
        }
      }
    }
  }
  return cost;
}

/** Fields of a selection set on a non-abstract type, fragments flattened. */
function fieldsOf(selectionSet: SelectionSetNode | undefined, type: GraphQLCompositeType, ctx: CostContext): FieldNode[] {
  const out: FieldNode[] = [];
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) out.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) out.push(...fieldsOf(selection.selectionSet, type, ctx));
    else {
      const fragment = ctx.fragments[selection.name.value];
      if (fragment) out.push(...fieldsOf(fragment.selectionSet, type, ctx));
    }
  }
  return out;
}

function fieldCost(field: FieldNode, parent: GraphQLCompositeType, ctx: CostContext, path: string[]): number {
  const name = field.name.value;
  if (name.startsWith("__")) return 0;
  const def = fieldDef(parent, name);
  if (!def) return 0;
  const named = getNamedType(def.type);
  if (isLeafType(named)) return 0;
  const here = [...path, field.alias?.value ?? name];
  if (isConnectionType(named)) {
    const first = intArg(field, def, "first", ctx);
    const last = intArg(field, def, "last", ctx);
    if (ctx.bulk) return 0;
    if (first === undefined && last === undefined) {
      throw new CostError("you must provide one of first or last", here);
    }
    const size = Math.max(0, first ?? last ?? 0);
    if (size > 250) throw new CostError(`The ${first !== undefined ? "first" : "last"} argument of ${name} must be at most 250.`, here);
    return 2 + size * nodeCost(field.selectionSet, named, ctx, here);
  }
  if (named.name === "PageInfo" || isEdgeType(named)) return 0;
  if (!isCompositeType(named)) return 0;
  return (isAbstractType(named) ? 1 : 1) + selectionCost(field.selectionSet, named, ctx, here);
}

/** The requested cost of an operation. Throws CostError for a connection without first/last. */
export function requestedCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  options: { bulk?: boolean } = {},
): number {
  const ctx: CostContext = { schema, fragments, variables, bulk: options.bulk ?? false };
  if (operation.operation === "mutation") {
    const mutation = schema.getMutationType();
    let cost = 0;
    for (const field of fieldsOf(operation.selectionSet, mutation!, ctx)) {
      if (field.name.value.startsWith("__")) continue;
      cost += MUTATION_COST;
      // The payload is free, but its connections still need sizes, like Shopify checks them.
      const def = fieldDef(mutation!, field.name.value);
      const named = def ? getNamedType(def.type) : undefined;
      if (named && isCompositeType(named)) selectionCost(field.selectionSet, named, ctx, [field.name.value]);
    }
    return cost;
  }
  const root = schema.getQueryType()!;
  return selectionCost(operation.selectionSet, root, ctx, []);
}

/**
 * What a resolved field adds to the actual cost: mutation fields 10, connections 2, each object
 * returned 1 (edges and pageInfo free). Called for every resolved field during execution.
 */
export function actualFieldCost(info: GraphQLResolveInfo, value: unknown): number {
  if (info.operation.operation === "mutation") {
    return info.path.prev === undefined ? MUTATION_COST : 0;
  }
  const named = getNamedType(info.returnType);
  if (isLeafType(named) || value === null || value === undefined) return 0;
  if (isConnectionType(named)) return 2;
  if (named.name === "PageInfo" || isEdgeType(named)) return 0;
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).length;
  return 1;
}
