import prisma from "../db.server";
import { createDefaultDeps } from "../pipeline/deps.server";
import { createPipeline, type Pipeline } from "../pipeline/service.server";
import { createTryOnApi } from "./tryon-api.server";

/**
 * The extension endpoints bound to the app's pipeline. Built on first use (not at import), so a route
 * module can be loaded without touching the database or the environment.
 */
let pipelineInstance: Pipeline | undefined;
let api: ReturnType<typeof createTryOnApi> | undefined;

function appPipeline(): Pipeline {
  pipelineInstance ??= createPipeline(createDefaultDeps({ db: prisma }));
  return pipelineInstance;
}

export function tryOnApi(): ReturnType<typeof createTryOnApi> {
  api ??= createTryOnApi(appPipeline);
  return api;
}
