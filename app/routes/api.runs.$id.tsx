import { apiRoute } from "../extension-api/http.server";
import { tryOnApi } from "../extension-api/endpoints.server";

/** /api/runs/:id — GET → RunProgress (counts by state); another shop's run is a 404. */
const route = apiRoute({
  GET: (ctx) => tryOnApi().runProgress(ctx),
});

export const loader = route.loader;
export const action = route.action;
