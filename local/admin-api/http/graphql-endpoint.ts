/**
 * POST /admin/api/{version}/graphql.json: the door in front of the executor — the access token
 * (unknown and expired ones refused alike, as Shopify does), the API version, and the body as the
 * Shopify clients send it (JSON, or a bare query as application/graphql).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AdminApiExecutor, GraphQLRequestBody } from "../executor";
import type { Store } from "../store";
import type { TokenRegistry } from "../tokens";
import { readBody, send } from "./io";

/** The one Admin API version the stand-in serves (the schema it loads is this version's). */
export const API_VERSION = "2026-07";

const UNAUTHORIZED = JSON.stringify({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });

export function graphqlEndpoint({ store, tokens, executor }: { store: Store; tokens: TokenRegistry; executor: AdminApiExecutor }) {
  return async function graphql(req: IncomingMessage, res: ServerResponse, version: string) {
    store.metrics.graphqlRequests++;
    const token = req.headers["x-shopify-access-token"];
    const check = typeof token === "string" ? tokens.check(token) : ({ ok: false, reason: "unknown" } as const);
    if (!check.ok) {
      store.metrics.unauthorized++;
      if (check.reason === "expired") store.metrics.expiredTokenRefusals++;
      // Shopify answers an expired token exactly like an unknown one.
      return send(res, 401, UNAUTHORIZED);
    }
    if (version !== API_VERSION) {
      return send(res, 404, JSON.stringify({ errors: `The local Admin API serves version ${API_VERSION} only (asked for ${version}).` }));
    }
    const raw = (await readBody(req)).toString("utf8");
    let body: GraphQLRequestBody;
    if (String(req.headers["content-type"] ?? "").startsWith("application/graphql")) {
      body = { query: raw };
    } else {
      try {
        body = JSON.parse(raw) as GraphQLRequestBody;
      } catch {
        return send(res, 400, JSON.stringify({ errors: "Bad Request: the body is not JSON." }));
      }
    }
    const result = await executor.run(body, check.bucketKey);
    send(res, 200, JSON.stringify(result));
  };
}
