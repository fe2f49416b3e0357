/**
 * A document (non-fetch) form post from another site. Remix's request handler refuses one before any
 * route code runs — when the Origin's host differs from the Host (or X-Forwarded-Host) — by throwing
 * inside its handler, which answers a bare 500 (@remix-run/server-runtime throwIfPotentialCSRFAttack).
 * A merchant never sends one (the app's own pages post from its own origin, or as fetches with a
 * session token), so it is a request we cannot authenticate: it is answered as the Shopify library
 * answers an unauthenticated page request — a redirect to the login page — without running the action.
 *
 * Pure (Request in, Response or null out), so every server that hosts the build can put it in front
 * of Remix's handler (tests/helpers/remix-app.ts does; see wrapRequestHandler).
 */
import { matchRoutes } from "@remix-run/react";

type RouteObject = Parameters<typeof matchRoutes>[0][number];

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The host the request was addressed to, as Remix reads it (X-Forwarded-Host first). */
function requestHost(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  return forwarded || headers.get("host") || null;
}

/** True when Remix would refuse this request as a cross-site form post (and answer 500). */
export function isCrossSiteDocumentPost(request: Request): boolean {
  if (!UNSAFE.has(request.method.toUpperCase())) return false;
  const url = new URL(request.url);
  // Remix data requests (fetchers, client navigations) are not checked by Remix: the route's auth decides.
  if (url.searchParams.has("_data")) return false;
  const origin = request.headers.get("origin");
  if (!origin) return false;
  let originHost: string;
  if (origin === "null") originHost = "null";
  else {
    try {
      originHost = new URL(origin).host;
    } catch {
      return true; // an unreadable Origin cannot be the app's own
    }
  }
  return originHost !== requestHost(request.headers);
}

/** The answer to a cross-site document post: the login page, as for any unauthenticated page request. */
export function crossSitePostResponse(): Response {
  return new Response(null, { status: 302, headers: { Location: "/auth/login", "Cache-Control": "no-store" } });
}

/** The part of a Remix server build the check reads: its routes, and which of them are pages. */
export interface RouteManifest {
  routes: Record<string, { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean; module: { default?: unknown } }>;
}

/**
 * Whether Remix answers `pathname` as a document (its deepest matching route renders a page); resource
 * routes (the extension API, webhooks) are not checked by Remix and keep their own answers (401).
 */
export function documentRouteMatcher(build: RouteManifest): (pathname: string) => boolean {
  const tree = (parentId: string | undefined): RouteObject[] =>
    Object.values(build.routes)
      .filter((r) => r.parentId === parentId)
      .map((r) => (r.index ? { id: r.id, index: true, path: r.path } : { id: r.id, path: r.path, caseSensitive: r.caseSensitive, children: tree(r.id) }));
  const routes = tree(undefined);
  return (pathname) => {
    const matches = matchRoutes(routes, pathname);
    const leaf = matches?.[matches.length - 1]?.route.id;
    return Boolean(leaf && build.routes[leaf]?.module.default);
  };
}

/** Puts the cross-site form check in front of a Remix request handler for `build`. */
export function wrapRequestHandler<A extends unknown[]>(build: RouteManifest, handler: (request: Request, ...rest: A) => Promise<Response>): (request: Request, ...rest: A) => Promise<Response> {
  const isDocument = documentRouteMatcher(build);
  return (request, ...rest) =>
    isCrossSiteDocumentPost(request) && isDocument(new URL(request.url).pathname) ? Promise.resolve(crossSitePostResponse()) : handler(request, ...rest);
}
