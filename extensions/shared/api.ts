/**
 * The extensions' client for the app's `/api/*` endpoints. Requests go through the admin's `fetch`,
 * which adds the session token (Authorization: Bearer …) for the app's own URL; responses are parsed
 * with the shared contract, and every failure becomes an {@link ApiError} with merchant text.
 */
import type * as z from "zod/mini";
import {
  apiErrorSchema,
  estimateResponseSchema,
  productTryOnStatusSchema,
  runProgressSchema,
  runStartedSchema,
  type EstimateRequest,
  type EstimateResponse,
  type ProductTryOnRequest,
  type ProductTryOnStatus,
  type RunProgress,
  type RunRequest,
  type RunStarted,
} from "../../app/extension-api/contract";
import { numericId } from "./ids";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** A failed call: `status` 0 for network errors; `fields` names the fields a 400 refused. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const FALLBACK: Record<number, string> = {
  401: "Your Shopify session has expired. Close this window and reload the page.",
  403: "Fitting Room is not allowed to do this for your store. Open the app to re-grant its permissions.",
  404: "Fitting Room could not find this item in your store. It may have been deleted.",
  429: "Fitting Room is busy. Wait a minute and try again.",
};

function messageFor(status: number): string {
  return FALLBACK[status] ?? `Fitting Room could not answer (HTTP ${status}). Try again, or open the app for details.`;
}

export interface FittingRoomApi {
  productStatus(productGid: string): Promise<ProductTryOnStatus>;
  /** Starts a try-on of one product with its effective settings and the given overrides. */
  tryOnProduct(productGid: string, body: ProductTryOnRequest): Promise<RunStarted>;
  estimate(body: EstimateRequest): Promise<EstimateResponse>;
  startRun(body: RunRequest): Promise<RunStarted>;
  runProgress(runId: string): Promise<RunProgress>;
}

/** Builds the client. `base` is "" in the admin (relative URLs resolve to the app's URL). */
export function createFittingRoomApi(fetchFn: FetchLike, base = ""): FittingRoomApi {
  async function call<T>(path: string, schema: z.ZodMiniType<T>, init?: { method: string; body: unknown }): Promise<T> {
    let response: Response;
    try {
      response = await fetchFn(`${base}${path}`, {
        method: init?.method ?? "GET",
        headers: init ? { "Content-Type": "application/json", Accept: "application/json" } : { Accept: "application/json" },
        ...(init ? { body: JSON.stringify(init.body) } : {}),
      });
    } catch {
      throw new ApiError("Fitting Room cannot be reached. Check your connection and try again.", 0);
    }
    const text = await response.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: handled below */
    }
    if (!response.ok) {
      const parsed = apiErrorSchema.safeParse(json);
      if (parsed.success) throw new ApiError(parsed.data.error.message, response.status, parsed.data.error.fields ?? {});
      throw new ApiError(messageFor(response.status), response.status);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new ApiError("Fitting Room answered in an unexpected format. Reload the page; if it persists, contact support.", response.status);
    }
    return parsed.data;
  }

  const productPath = (gid: string) => {
    const id = numericId(gid, "Product");
    if (!id) throw new ApiError(`"${gid}" is not a product id.`, 400, { productId: "must be a product id like gid://shopify/Product/123" });
    return `/api/products/${id}/tryon`;
  };

  return {
    productStatus: async (gid) => call(productPath(gid), productTryOnStatusSchema),
    tryOnProduct: async (gid, body) => call(productPath(gid), runStartedSchema, { method: "POST", body }),
    estimate: (body) => call("/api/estimate", estimateResponseSchema, { method: "POST", body }),
    startRun: (body) => call("/api/runs", runStartedSchema, { method: "POST", body }),
    runProgress: (runId) => call(`/api/runs/${encodeURIComponent(runId)}`, runProgressSchema),
  };
}
