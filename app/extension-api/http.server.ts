import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type * as z from "zod/mini";
import { authenticate } from "../shopify.server";
import { BodyTooLargeError, formatBytes, readBodyWithin } from "../forms/body-limit";
import { fieldErrors, type ApiErrorBody } from "./contract";
import { expensiveWork, ShopBusyError } from "./shop-limiter.server";

/**
 * The one shape of every `/api/*` endpoint the admin UI extensions call:
 *
 *   OPTIONS (CORS preflight) → answered by `authenticate.admin` itself, before any token is checked
 *     (PITFALLS 7: the browser sends no Authorization header on a preflight);
 *   no `Authorization: Bearer …` → 401 (with CORS), never the library's login redirect;
 *   anything else → `authenticate.admin` (invalid session token → 401), then the handler for
 *     the method, with the shop taken from the verified token — never from the request;
 *   every answer, errors included, goes through the `cors()` that authenticate.admin returns.
 *
 * Handlers answer 400 with the fields at fault (ApiErrorBody), 404 for anything the shop does not own
 * (never another shop's data, never "forbidden", which would confirm it exists), and a plain 500
 * message without internals for anything unexpected (logged with the shop, never with secrets).
 */

export type ApiMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface ApiContext {
  /** The shop from the verified session token. */
  shop: string;
  request: Request;
  params: LoaderFunctionArgs["params"];
  admin: Awaited<ReturnType<typeof authenticate.admin>>["admin"];
}

export type ApiHandler = (ctx: ApiContext) => Promise<Response>;

/** A refusal with a status and merchant text; `fields` for 400s. */
export class ApiHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields?: Record<string, string>,
    /** Extra response headers, e.g. Retry-After on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiHttpError";
  }
}

export const notFound = (what: string) => new ApiHttpError(404, `${what} was not found in your store.`);

/** JSON response with no caching: answers depend on the shop and change as runs progress. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

function errorResponse(error: ApiHttpError): Response {
  const body: ApiErrorBody = { error: { message: error.message, ...(error.fields ? { fields: error.fields } : {}) } };
  return jsonResponse(body, error.status, error.headers);
}

/**
 * Wraps a handler that starts expensive work (estimate, product status, run start) in the shop's
 * concurrency limit (./shop-limiter.server): past it, 429 with Retry-After and a merchant sentence.
 */
export function expensive(handler: ApiHandler): ApiHandler {
  return async (ctx) => {
    try {
      return await expensiveWork.run(ctx.shop, () => handler(ctx));
    } catch (error) {
      if (error instanceof ShopBusyError) {
        throw new ApiHttpError(429, error.message, undefined, { "Retry-After": String(error.retryAfterSeconds) });
      }
      throw error;
    }
  };
}

/** Largest JSON body accepted, in bytes. The biggest legitimate body (250 product ids) is ~12 KB. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads and validates a JSON body. Over-long bodies → 413 (counted while reading, so a body sent
 * without Content-Length is cut off at the cap instead of being buffered whole), bodies that are not
 * JSON → 400 naming "body", schema failures → 400 naming each field ("scope.productIds[3]").
 */
export async function readJson<T>(request: Request, schema: z.ZodMiniType<T>): Promise<T> {
  let bytes: Uint8Array;
  try {
    bytes = await readBodyWithin(request, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      throw new ApiHttpError(413, `${error.message} Select fewer products and try again.`, {
        body: `must be at most ${formatBytes(MAX_BODY_BYTES)}`,
      });
    }
    throw error;
  }
  const text = new TextDecoder().decode(bytes);
  let json: unknown;
  try {
    json = text.trim() === "" ? undefined : JSON.parse(text);
  } catch {
    throw new ApiHttpError(400, "The request body is not valid JSON.", { body: "must be a JSON object" });
  }
  return parseOr400(schema, json);
}

/** Validates any input (path params, query) and answers 400 with the fields at fault. */
export function parseOr400<T>(schema: z.ZodMiniType<T>, input: unknown, root = ""): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields = fieldErrors(parsed.error, root);
  const names = Object.keys(fields);
  throw new ApiHttpError(400, `Check ${names.join(", ")}: ${Object.values(fields)[0]}.`, fields);
}

export const NO_SESSION_MESSAGE = "Your Shopify session could not be verified. Reload the page in Shopify admin and try again.";

/** The CORS headers `authenticate.admin`'s `cors()` adds, for answers given before it runs. */
function corsForExtension(request: Request, response: Response): Response {
  const origin = request.headers.get("Origin");
  if (origin && origin !== new URL(request.url).origin) {
    response.headers.set("Access-Control-Allow-Origin", "*");
    response.headers.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
  }
  return response;
}

/**
 * Builds the route's `loader` and `action` from one handler per method. GET/HEAD reach the loader;
 * every other method (OPTIONS included) reaches the action — both run the same pipeline.
 */
export function apiRoute(handlers: Partial<Record<ApiMethod, ApiHandler>>) {
  const allowed = Object.keys(handlers).join(", ");
  const run = async ({ request, params }: LoaderFunctionArgs | ActionFunctionArgs): Promise<Response> => {
    // Extensions always send their session token in Authorization. Without one the library would treat
    // the request as a page load and redirect it to the login page, which a fetch cannot use: 401.
    if (request.method !== "OPTIONS" && !/^Bearer \S/.test(request.headers.get("Authorization") ?? "")) {
      return corsForExtension(request, jsonResponse({ error: { message: NO_SESSION_MESSAGE } }, 401));
    }
    // Throws the preflight answer (204 + CORS) for OPTIONS, a redirect/401 without a valid token.
    const { session, admin, cors } = await authenticate.admin(request);
    const method = (request.method === "HEAD" ? "GET" : request.method) as ApiMethod;
    const handler = handlers[method];
    try {
      if (!handler) {
        return cors(jsonResponse({ error: { message: `Use ${allowed} for this endpoint.` } }, 405, { Allow: allowed }));
      }
      return cors(await handler({ shop: session.shop, request, params, admin }));
    } catch (thrown) {
      if (thrown instanceof ApiHttpError) return cors(errorResponse(thrown));
      if (thrown instanceof Response) return cors(thrown);
      // Unexpected: log what helps support (shop, endpoint, error name/message), answer without internals.
      const error = thrown instanceof Error ? thrown : new Error(String(thrown));
      console.error(`[api] ${request.method} ${new URL(request.url).pathname} failed for ${session.shop}: ${error.name}: ${error.message}`);
      return cors(
        jsonResponse({ error: { message: "Fitting Room hit an unexpected error. Try again; if it persists, contact support." } }, 500),
      );
    }
  };
  return { loader: run, action: run };
}
