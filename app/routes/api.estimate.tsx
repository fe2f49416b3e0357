import { apiRoute, expensive } from "../extension-api/http.server";
import { tryOnApi } from "../extension-api/endpoints.server";

/**
 * /api/estimate — POST { scope, overrides?, force? } → EstimateResponse (a dry run: nothing is written).
 * Used by all three admin actions before anything starts.
 */
const route = apiRoute({
  POST: expensive((ctx) => tryOnApi().estimate(ctx)),
});

export const loader = route.loader;
export const action = route.action;
