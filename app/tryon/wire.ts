/**
 * Request bodies on the wire (spec §1.6): the submit body double-encodes the request list as a JSON
 * string under `requestParams`; query and balance bodies are flat JSON objects.
 */
import type { TryOnModel, TryOnRequest } from "./schema";

/**
 * The inner request object in the key order of the official samples (and of the spec's worked
 * example): clothesList, modelImage, model, viewType, inputQualityDetect, generateCount.
 */
export function toWireRequest(r: TryOnRequest): Record<string, unknown> {
  const model: Record<string, unknown> = modelToWire(r.model);
  return {
    clothesList: r.clothesList.map((g) => (g.type ? { imageUrl: g.imageUrl, type: g.type } : { imageUrl: g.imageUrl })),
    ...(r.modelImage?.length ? { modelImage: r.modelImage } : {}),
    model,
    viewType: r.viewType,
    inputQualityDetect: r.inputQualityDetect,
    generateCount: r.generateCount,
  };
}

function modelToWire(m: TryOnModel): Record<string, unknown> {
  if ("name" in m) return { base: m.base, name: m.name };
  return { base: m.base, gender: m.gender, ...(m.style !== undefined ? { style: m.style } : {}), body: m.body };
}

/** `{"requestParams":"[{…}]"}` — JSON of an object whose value is the JSON of a one-element array. */
export function encodeSubmitBody(r: TryOnRequest): string {
  return JSON.stringify({ requestParams: JSON.stringify([toWireRequest(r)]) });
}

/** `{"task_id":"…"}` (the name every official sample and the English docs use). */
export function encodeQueryBody(taskId: string): string {
  return JSON.stringify({ task_id: taskId });
}

/** `{"apiPath":"/ai/virtual/tryon"}` for the quota call. */
export function encodeBalanceBody(apiPath: string): string {
  return JSON.stringify({ apiPath });
}
