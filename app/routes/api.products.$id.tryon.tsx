import { apiRoute, expensive } from "../extension-api/http.server";
import { tryOnApi } from "../extension-api/endpoints.server";

/**
 * /api/products/:id/tryon — the product details action ("Try on").
 *   GET  → ProductTryOnStatus: status, effective settings with sources, model/view choices, app link.
 *   POST { overrides?, force? } → 202 RunStarted.
 * Session token + CORS via apiRoute (preflight answered before auth).
 */
const route = apiRoute({
  GET: expensive((ctx) => tryOnApi().productStatus(ctx)),
  POST: expensive((ctx) => tryOnApi().productTryOn(ctx)),
});

export const loader = route.loader;
export const action = route.action;
