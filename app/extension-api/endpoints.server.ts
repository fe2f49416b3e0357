import { pipeline } from "../read-models/pipeline.server";
import { createTryOnApi } from "./tryon-api.server";

/**
 * The extension endpoints bound to the app's pipeline — the same instance the merchant pages use
 * (app/read-models/pipeline.server.ts), so both follow it when it moves to the process-wide runtime and
 * the in-process runner is woken by work queued from either. Built on first use, not at import.
 */
let api: ReturnType<typeof createTryOnApi> | undefined;

export function tryOnApi(): ReturnType<typeof createTryOnApi> {
  api ??= createTryOnApi(pipeline);
  return api;
}
