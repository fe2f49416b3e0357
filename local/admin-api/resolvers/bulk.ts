/** bulkOperationRunQuery (validated and run by the executor) and bulkOperationCancel. */
import { parseGid } from "../store";
import type { ResolverEnv, View } from "./context";
import { bulkOperationView } from "./views";



export function bulkMutations(env: ResolverEnv): View {
  return {
    bulkOperationRunQuery: ({ query, groupObjects }: { query: string; groupObjects?: boolean }) => {
      const started = env.startBulkQuery(query, groupObjects ?? false);
      if ("userErrors" in started) return { bulkOperation: null, userErrors: started.userErrors };
      return { bulkOperation: bulkOperationView(env, started), userErrors: [] };
    },

    bulkOperationCancel: ({ id }: { id: string }) => {
      const parsed = parseGid(id);
      const op = parsed?.kind === "BulkOperation" ? env.bulkOperations.get(parsed.id) : undefined;
      if (!op) return { bulkOperation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }] };
      if (op.status === "CREATED" || op.status === "RUNNING") op.status = "CANCELING";
      return { bulkOperation: bulkOperationView(env, op), userErrors: [] };
    },
  };
}
