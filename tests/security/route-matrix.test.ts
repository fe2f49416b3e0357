import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { start as startAdminApi, type LocalAdminApi } from "../../local/admin-api";
import { seedOfflineSession } from "../helpers/sessions";
import { seedShop, shopSnapshot, type SeededShop } from "../helpers/seed-shop";
import { adminDocumentRequest, adminFetchRequest, anonymousRequest, sessionToken, webhookRequest } from "../helpers/shopify-requests";
import sharp from "sharp";
import { captureOutput, dataQuery, declaredIntents, fillPattern, loadApp, routeFiles, secretForms, type AppRoute } from "./harness";
import { kindFromFileName, MATRIX, type ActionCase, type EntityKind, type RouteSpec } from "./route-matrix";

/**
 * Every route, enumerated from app/routes and the Remix build: who may reach it, and that one shop can
 * never read or change another shop's runs, jobs, images, settings or results. Real session-token JWTs
 * and webhook HMACs; the Admin API is the local stand-in (demo seed) so pages run their real queries.
 */
const SHOP_A = "matrix-a.myshopify.com";
const SHOP_B = "matrix-b.myshopify.com";
const ADMIN_ORIGIN = "https://admin.shopify.com";
/** A site that is neither the admin nor the app (a cross-site form post). */
const FOREIGN_ORIGIN = "https://attacker.example";

let handle: (request: Request) => Promise<Response>;
let routes: AppRoute[];
let adminApi: LocalAdminApi;
let a: SeededShop;
let b: SeededShop;
let output: ReturnType<typeof captureOutput>;
let bSeeded: Awaited<ReturnType<typeof shopSnapshot>>;

beforeAll(async () => {
  adminApi = await startAdminApi({ seed: "demo", accessTokens: [`shpat_test_${SHOP_A}`, `shpat_test_${SHOP_B}`] });
  process.env.LOCAL_ADMIN_API_URL = adminApi.url;
  ({ handle, routes } = await loadApp());
  await seedOfflineSession(SHOP_A);
  await seedOfflineSession(SHOP_B);
  a = await seedShop(SHOP_A, "ALPHA");
  b = await seedShop(SHOP_B, "BRAVO");
  bSeeded = await shopSnapshot(SHOP_B);
  output = captureOutput();
});

afterAll(async () => {
  output?.restore();
  await adminApi?.close();
});

const specOf = (route: AppRoute): RouteSpec => MATRIX[route.file] ?? { kind: kindFromFileName(route.file) ?? "public" };
/** Methods the route serves for a signed-in merchant. */
const methodsOf = (route: AppRoute): Array<"GET" | "POST"> =>
  specOf(route).methods ?? ([route.hasLoader && "GET", route.hasAction && "POST"].filter(Boolean) as Array<"GET" | "POST">);
const byKind = (...kinds: RouteSpec["kind"][]) => () => routes.filter((r) => kinds.includes(specOf(r).kind));

function entity(shop: SeededShop, kind: EntityKind): string {
  const numeric = (gid: string) => gid.split("/").pop()!;
  switch (kind) {
    case "run":
      return shop.runId;
    case "job":
      return shop.jobIds[0];
    case "image":
      return shop.imageIds[0];
    case "product":
      return shop.productIds[0];
    case "productNumber":
      return numeric(shop.productIds[0]);
    case "collection":
      return shop.collectionId;
    case "collectionNumber":
      return numeric(shop.collectionId);
  }
}

function pathFor(route: AppRoute, shop: SeededShop): string {
  const spec = specOf(route);
  const values: Record<string, string> = {};
  for (const name of route.params) {
    const kind = spec.params?.[name];
    if (!kind) throw new Error(`tests/security/route-matrix.ts: say which entity :${name} of ${route.file} names (params: { ${name}: "run" | … })`);
    values[name] = entity(shop, kind);
  }
  return fillPattern(route.pattern, values);
}

/** Replaces "{run}", "{product}" … in a body with the shop's entities. */
function fillBody<T>(body: T, shop: SeededShop): T {
  const text = JSON.stringify(body).replace(/\{(run|job|image|product|productNumber|collection|collectionNumber)\}/g, (_, k: EntityKind) => entity(shop, k));
  return JSON.parse(text) as T;
}

/** Markers of shop B's data: none may ever appear in shop A's responses. */
const markersOf = (shop: SeededShop) => [shop.tag, shop.runId, ...shop.jobIds, ...shop.imageIds, ...secretForms(shop.secret)];

function expectNoMarkers(body: string, shop: SeededShop, where: string) {
  for (const marker of markersOf(shop)) {
    expect(body.includes(marker), `${where} leaks "${marker}" of ${shop.shop}`).toBe(false);
  }
}

/** GET requests of a route as `shop`, with `target`'s ids in the URL: the document and the data request of a page. */
async function readsAs(shop: SeededShop, route: AppRoute, target: SeededShop): Promise<Array<{ label: string; request: Request }>> {
  const spec = specOf(route);
  const path = pathFor(route, target);
  const out: Array<{ label: string; request: Request }> = [];
  if (spec.kind === "admin") out.push({ label: `GET ${path} (document)`, request: await adminDocumentRequest(path, shop.shop) });
  const sep = path.includes("?") ? "&" : "?";
  const dataPath = spec.kind === "admin" ? `${path}${sep}${dataQuery(route)}` : path;
  out.push({ label: `GET ${dataPath}`, request: await adminFetchRequest(dataPath, shop.shop, { method: "GET" }) });
  return out;
}

let png: Buffer | undefined;
/** One action of a route as `requester`, with `target`'s ids in the URL and the body. */
async function actionAs(requester: string, route: AppRoute, action: ActionCase, target: SeededShop): Promise<{ label: string; request: Request }> {
  const spec = specOf(route);
  const path = pathFor(route, target);
  const actionPath = spec.kind === "admin" ? `${path}?${dataQuery(route)}` : path;
  const label = `POST ${route.pattern} ${JSON.stringify(action.form ?? action.json)}`;
  if (action.files?.length) {
    png ??= await sharp({ create: { width: 64, height: 80, channels: 3, background: "#b04030" } }).png().toBuffer();
    const body = new FormData();
    for (const [k, v] of Object.entries(fillBody(action.form ?? {}, target))) body.set(k, v);
    for (const name of action.files) body.append(name, new File([new Uint8Array(png)], "model.png", { type: "image/png" }));
    return { label, request: await adminFetchRequest(actionPath, requester, { method: "POST", body }) };
  }
  if (action.form) return { label, request: await adminFetchRequest(actionPath, requester, { method: "POST", form: fillBody(action.form, target) }) };
  return { label, request: await adminFetchRequest(actionPath, requester, { method: "POST", json: fillBody(action.json, target) }) };
}

/** A newly seeded shop (rows in every table, its own marker), signed in with a token the local Admin API knows. */
let shops = 0;
async function freshShop(role: "own" | "target"): Promise<SeededShop> {
  shops++;
  const shop = `matrix-${role}-${shops}.myshopify.com`;
  await seedOfflineSession(shop, `shpat_test_${SHOP_A}`);
  return seedShop(shop, `${role.toUpperCase()}${shops}MARK`);
}

const parseBody = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** Every action case of every admin page and api endpoint. */
const actionCases = () =>
  byKind("admin", "api")().flatMap((route) => (specOf(route).actions ?? []).map((action) => ({ route, action })));

describe("the matrix covers every route", () => {
  it("GIVEN app/routes WHEN compared with the matrix THEN every route file has an entry and every entry a route file", () => {
    const files = routeFiles();
    const missing = files.filter((f) => !(f in MATRIX));
    const stale = Object.keys(MATRIX).filter((f) => !files.includes(f));
    expect(missing, `add these routes to tests/security/route-matrix.ts: ${missing.join(", ")}`).toEqual([]);
    expect(stale, `these matrix entries have no route file: ${stale.join(", ")}`).toEqual([]);
    expect(routes.map((r) => r.file).sort()).toEqual(files);
  });

  it("GIVEN each entry WHEN checked against the route THEN its kind matches the file name and every URL param is described", () => {
    for (const route of routes) {
      const spec = MATRIX[route.file];
      if (!spec) continue;
      const implied = kindFromFileName(route.file);
      if (implied) expect(spec.kind, route.file).toBe(implied);
      for (const name of route.params) expect(spec.params?.[name], `${route.file} :${name}`).toBeDefined();
      if (route.hasAction && (spec.kind === "admin" || spec.kind === "api")) {
        expect(spec.fields?.length, `${route.file} has an action: list its schema fields in the matrix`).toBeGreaterThan(0);
      }
    }
  });
});

describe("the matrix covers every form intent", () => {
  it("GIVEN the intents each route's action accepts (its source and its ../forms schemas) WHEN compared with the matrix THEN each has an action case", () => {
    const missing: string[] = [];
    for (const route of routes) {
      const covered = new Set((specOf(route).actions ?? []).map((a) => a.form?.intent).filter(Boolean));
      for (const intent of declaredIntents(route.file)) if (!covered.has(intent)) missing.push(`${route.file}: intent "${intent}"`);
    }
    expect(missing, "add an action case (crossShop, own, effect) to tests/security/route-matrix.ts for").toEqual([]);
    // The reader itself finds intents (else the check above passes on nothing).
    expect(declaredIntents("app.products.$id")).toEqual(expect.arrayContaining(["approve", "generate", "removeAll"]));
  });

  it("GIVEN every api endpoint with an action WHEN listed THEN it has at least one JSON action case", () => {
    for (const route of byKind("api")()) {
      if (methodsOf(route).includes("POST")) expect(specOf(route).actions?.length, route.file).toBeGreaterThan(0);
    }
  });
});

describe("without a valid session token nothing is served", () => {
  it("GIVEN every admin page and api endpoint WHEN called with no token THEN pages redirect to /auth/login (302) and api endpoints answer 401", async () => {
    for (const route of byKind("admin", "api")()) {
      const path = pathFor(route, a);
      const methods = [route.hasLoader && "GET", route.hasAction && "POST"].filter(Boolean) as string[];
      for (const method of methods) {
        // Extensions call cross-origin (Origin: admin.shopify.com); pages are same-origin.
        const headers: Record<string, string> = specOf(route).kind === "api" ? { Origin: ADMIN_ORIGIN } : {};
        const response = await handle(anonymousRequest(path, { method, headers, ...(method === "POST" ? { body: "intent=save" } : {}) }));
        const where = `${method} ${path}`;
        // A page opened outside the admin goes to login; an extension endpoint without a token is refused.
        if (specOf(route).kind === "admin") {
          expect(response.status, where).toBe(302);
          expect(response.headers.get("location"), where).toMatch(/^\/auth\/login/);
        } else {
          expect(response.status, where).toBe(401);
          // Readable by the extension that sent it.
          expect(response.headers.get("access-control-allow-origin"), where).toBe("*");
        }
        expectNoMarkers(await response.text(), a, where);
      }
    }
  });

  it("GIVEN every admin page with a form WHEN a document POST comes with no token and a foreign Origin THEN it is refused as unauthenticated (redirect to login or 401), never a 500", async () => {
    for (const route of byKind("admin")().filter((r) => r.hasAction)) {
      const path = pathFor(route, a);
      for (const origin of [FOREIGN_ORIGIN, ADMIN_ORIGIN]) {
        const response = await handle(
          anonymousRequest(path, { method: "POST", headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" }, body: "intent=save" }),
        );
        const where = `POST ${path} (Origin: ${origin}): ${response.status} ${response.headers.get("location") ?? ""}`;
        expect(response.status, where).not.toBe(500);
        if (response.status === 302) expect(response.headers.get("location"), where).toMatch(/^\/auth\/login/);
        else expect(response.status, where).toBe(401);
        expectNoMarkers(await response.text(), a, where);
      }
    }
  });

  it("GIVEN a token signed with another secret, expired, or issued to another app WHEN any admin or api route is fetched THEN 401", async () => {
    const { getJwt } = await import("@shopify/shopify-api/test-helpers");
    const forged = (await getJwt(SHOP_A, "fitting-room-test-key", "someone-elses-secret")).token;
    const expired = await sessionToken(SHOP_A, { exp: Math.floor(Date.now() / 1000) - 3600, nbf: Math.floor(Date.now() / 1000) - 7200 });
    // Signed with our secret but issued to another app (aud): not ours to accept.
    const otherApp = await sessionToken(SHOP_A, { aud: "another-apps-client-id" });
    for (const route of byKind("admin", "api")()) {
      const path = pathFor(route, a);
      for (const token of [forged, expired, otherApp]) {
        const request = anonymousRequest(path, { headers: { Authorization: `Bearer ${token}` } });
        const response = await handle(request);
        expect(response.status, `GET ${path}`).toBe(401);
        expectNoMarkers(await response.text(), a, path);
      }
    }
  });

  it("GIVEN every webhook route WHEN called with a bad HMAC or with GET THEN 401 / 405 and no data", async () => {
    for (const route of byKind("webhook")()) {
      const topic = route.file.replace(/^webhooks\./, "").replace(".", "/");
      const bad = await handle(webhookRequest(topic, SHOP_A, { id: 1, shop_domain: SHOP_A, current: [] }, { hmac: "AAAA" }));
      expect(bad.status, topic).toBe(401);
      const get = await handle(anonymousRequest(route.pattern));
      // Remix refuses a GET to an action-only route (400/405): no loader, so no data either way.
      expect([400, 405], `GET ${route.pattern}: ${get.status}`).toContain(get.status);
    }
  });

  it("GIVEN the public and auth routes WHEN opened without a token THEN they answer without any shop's data", async () => {
    for (const route of byKind("public", "auth")()) {
      const path = route.params.length ? fillPattern(route.pattern, Object.fromEntries(route.params.map((p) => [p, "login"]))) : route.pattern;
      const response = await handle(anonymousRequest(path));
      expect(response.status, path).toBeLessThan(500);
      const body = await response.text();
      expectNoMarkers(body, a, path);
      expectNoMarkers(body, b, path);
    }
  });
});

describe("api endpoints answer CORS for the admin extensions", () => {
  it("GIVEN a CORS preflight (no token) WHEN sent to every api endpoint THEN 204 with the CORS headers, before any auth", async () => {
    for (const route of byKind("api")()) {
      const path = pathFor(route, a);
      const response = await handle(
        anonymousRequest(path, {
          method: "OPTIONS",
          headers: { Origin: ADMIN_ORIGIN, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type" },
        }),
      );
      expect(response.status, path).toBe(204);
      expect(response.headers.get("access-control-allow-origin"), path).toBe("*");
      expect(response.headers.get("access-control-allow-headers") ?? "", path).toMatch(/Authorization/);
    }
  });

  it("GIVEN a method an endpoint does not serve WHEN called with a valid token THEN 405 naming the allowed ones", async () => {
    for (const route of byKind("api")()) {
      for (const method of (["GET", "POST"] as const).filter((m) => !methodsOf(route).includes(m))) {
        const request = await adminFetchRequest(pathFor(route, a), SHOP_A, { method, ...(method === "POST" ? { json: {} } : {}) });
        const response = await handle(request);
        expect(response.status, `${method} ${route.pattern}`).toBe(405);
        expect(response.headers.get("allow"), route.pattern).toBe(methodsOf(route).join(", "));
      }
    }
  });

  it("GIVEN an extension's request with a valid token WHEN answered THEN the answer carries CORS headers, errors included", async () => {
    for (const route of byKind("api")()) {
      const request = await adminFetchRequest(pathFor(route, a), SHOP_A, { method: "GET", headers: { Origin: ADMIN_ORIGIN } });
      const response = await handle(request);
      expect(response.headers.get("access-control-allow-origin"), `${route.file}: ${response.status}`).toBe("*");
    }
  });
});

describe("one shop never reaches another shop's data", () => {
  it("GIVEN shop A's own ids WHEN its pages and endpoints are read THEN 200 (the positive control for the 404s below)", async () => {
    for (const route of byKind("admin", "api")()) {
      if (!methodsOf(route).includes("GET") || route.isLayout) continue;
      for (const { label, request } of await readsAs(a, route, a)) {
        const response = await handle(request);
        expect(response.status, label).toBe(200);
        expectNoMarkers(await response.text(), b, label);
      }
    }
  });

  it("GIVEN shop B's ids in shop A's URLs WHEN read THEN 404 for our records (runs), 200 with A's own view for Shopify's ids, and never a trace of B's data", async () => {
    for (const route of byKind("admin", "api")()) {
      if (!methodsOf(route).includes("GET") || route.isLayout) continue;
      const spec = specOf(route);
      const ownsRecord = route.params.some((p) => ["run", "job", "image"].includes(spec.params?.[p] ?? ""));
      for (const { label, request } of await readsAs(a, route, b)) {
        const response = await handle(request);
        const body = await response.text();
        expect(response.status, label).toBe(ownsRecord ? 404 : 200);
        expectNoMarkers(body, b, label);
      }
    }
  });

  it("GIVEN each action (every form intent, every JSON body) WHEN shop A sends it with another shop's ids THEN the status the matrix names, that shop's rows unchanged and none of its data answered", async () => {
    const cases = actionCases();
    expect(cases.length).toBeGreaterThan(20);
    for (const { route, action } of cases) {
      const target = await freshShop("target");
      await action.setup?.(target);
      const before = await shopSnapshot(target.shop);
      const { label, request } = await actionAs(SHOP_A, route, action, target);
      const response = await handle(request);
      const body = await response.text();
      expect(response.status, `${label} → ${body.slice(0, 300)}`).toBe(action.crossShop);
      expectNoMarkers(body, target, label);
      expect(await shopSnapshot(target.shop), `${label} changed ${target.shop}`).toEqual(before);
    }
  });

  it("GIVEN each action WHEN a shop sends it with its own ids THEN the status the matrix names and the effect happens (the positive control: the cross-shop answers above are isolation, not a refused request)", async () => {
    for (const { route, action } of actionCases()) {
      const own = await freshShop("own");
      await action.setup?.(own);
      const before = await shopSnapshot(own.shop);
      const { label, request } = await actionAs(own.shop, route, action, own);
      const response = await handle(request);
      const text = await response.text();
      expect(response.status, `${label} → ${text.slice(0, 300)}`).toBe(action.own);
      const after = await shopSnapshot(own.shop);
      try {
        action.effect({ shop: own, before, after, body: parseBody(text), response });
      } catch (error) {
        throw new Error(`${label}: ${(error as Error).message}`);
      }
    }
  });

  it("GIVEN shop B seeded with a row in every table WHEN everything above ran THEN B is exactly as seeded", async () => {
    expect(await shopSnapshot(SHOP_B)).toEqual(bSeeded);
  });
});

describe("logs", () => {
  it("GIVEN everything above ran WHEN the captured console and stdout/stderr are read THEN neither shop's provider secret is in them", () => {
    const text = output.text();
    for (const secret of [...secretForms(a.secret), ...secretForms(b.secret)]) {
      expect(text.includes(secret)).toBe(false);
    }
  });
});
