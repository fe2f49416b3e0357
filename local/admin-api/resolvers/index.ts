/**
 * Resolvers for the part of the Admin schema the app uses, one group per file: views.ts (the objects),
 * query.ts (the query root), and the mutations of files, products, variants, collections and bulk
 * operations. The executor's strict field resolver fails any field a view does not implement.
 */
import { bulkMutations } from "./bulk";
import { collectionMutations } from "./collections";
import type { ResolverEnv, View } from "./context";
import { fileMutations } from "./files";
import { productMutations } from "./products";
import { variantMutations } from "./variants";

export { mediaStatus } from "../files";
export type { BulkOperationRecord, RequestContext, ResolverEnv, StagedTarget, View } from "./context";
export { queryRoot } from "./query";
export { blobUrl, collectionView, mediaView, productView, variantView } from "./views";

export function mutationRoot(env: ResolverEnv): View {
  return { ...fileMutations(env), ...productMutations(env), ...variantMutations(env), ...collectionMutations(env), ...bulkMutations(env) };
}
