import { apiRoute, expensive } from "../extension-api/http.server";
import { tryOnApi } from "../extension-api/endpoints.server";

/** /api/runs — POST { scope, overrides?, force? } → 202 RunStarted (selection and collection actions). */
const route = apiRoute({
  POST: expensive((ctx) => tryOnApi().startRun(ctx)),
});

export const loader = route.loader;
export const action = route.action;
