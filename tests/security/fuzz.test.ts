import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { start as startAdminApi, type LocalAdminApi } from "../../local/admin-api";
import { seedOfflineSession } from "../helpers/sessions";
import { seedShop, type SeededShop } from "../helpers/seed-shop";
import { adminFetchRequest, sessionToken, webhookHmac, webhookRequest } from "../helpers/shopify-requests";
import { dataQuery, fillPattern, loadApp, type AppRoute } from "./harness";
import { formSeeds, jsonSeeds, kindFromFileName, MATRIX, type EntityKind, type RouteSpec } from "./route-matrix";

/**
 * Every form and endpoint fuzzed at its zod boundary: wrong types, huge strings, missing and unknown
 * fields, JSON garbage, wrong content types, odd URL ids. The app must never answer 5xx, and a 400 must
 * name the field at fault. Inputs come from a seeded generator (the seed is in the test name), so a
 * failure is reproducible.
 */
const SHOP = "fuzz-shop.myshopify.com";
const SEED = 20_261_125;
let handle: (request: Request) => Promise<Response>;
let routes: AppRoute[];
let adminApi: LocalAdminApi;
let shop: SeededShop;

beforeAll(async () => {
  adminApi = await startAdminApi({ seed: "demo", accessTokens: [`shpat_test_${SHOP}`], mediaProcessingMs: 1 });
  process.env.LOCAL_ADMIN_API_URL = adminApi.url;
  ({ handle, routes } = await loadApp());
  await seedOfflineSession(SHOP);
  shop = await seedShop(SHOP, "FUZZ");
});
afterAll(async () => adminApi?.close());

/** mulberry32: a small seeded PRNG so every run sends the same inputs. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HUGE = "x".repeat(200_000);
const ODD_STRINGS = ["", " ", HUGE, "NaN", "-1", "0", "1e309", "9".repeat(40), "<script>alert(1)</script>", "💥\u0000\u202e", "null", "true", "[]", "{}", "../../etc/passwd", "gid://shopify/Product/-1", "'; DROP TABLE Session; --"];
const ODD_VALUES: unknown[] = [null, 0, -1, 1.5, 1e308, true, false, "", HUGE, [], {}, ["x"], [null], { nested: { deep: [1, { a: "b" }] } }, "💥"];

function randomJson(rand: () => number, depth = 0): unknown {
  const pick = Math.floor(rand() * (depth > 2 ? 5 : 8));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return Math.floor(rand() * 2 ** 31) * (rand() < 0.5 ? -1 : 1);
    case 2:
      return rand() < 0.5;
    case 3:
      return ODD_STRINGS[Math.floor(rand() * ODD_STRINGS.length)];
    case 4:
      return "r".repeat(Math.floor(rand() * 300));
    case 5:
      return Array.from({ length: Math.floor(rand() * 4) }, () => randomJson(rand, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(rand() * 4) }, (_, i) => [["scope", "type", "overrides", "force", "intent", "viewType", `k${i}`][Math.floor(rand() * 7)], randomJson(rand, depth + 1)]),
      );
  }
}

/** Deep copies of `body` with one leaf replaced, one key removed, or one unknown key added. */
function mutations(body: Record<string, unknown>, rand: () => number): unknown[] {
  const out: unknown[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (node && typeof node === "object" && !Array.isArray(node)) {
      for (const [k, v] of Object.entries(node as Record<string, unknown>)) walk(v, [...path, k]);
    }
    if (!path.length) return;
    const set = (value: unknown | typeof REMOVE) => {
      const copy = structuredClone(body);
      let target = copy as Record<string, unknown>;
      for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
      if (value === REMOVE) delete target[path[path.length - 1]];
      else target[path[path.length - 1]] = value;
      out.push(copy);
    };
    set(REMOVE);
    for (const value of ODD_VALUES) if (rand() < 0.6) set(value);
  };
  walk(body, []);
  out.push({ ...body, unexpected: randomJson(rand) });
  return out;
}
const REMOVE = Symbol("remove");

function formMutations(form: Record<string, string>, rand: () => number): Array<Record<string, string | string[]>> {
  const out: Array<Record<string, string | string[]>> = [];
  for (const key of Object.keys(form)) {
    const { [key]: _removed, ...rest } = form;
    out.push(rest);
    for (const value of ODD_STRINGS) if (rand() < 0.6) out.push({ ...form, [key]: value });
    out.push({ ...form, [key]: [form[key], "second"] });
  }
  out.push({ ...form, intent: "definitely-not-an-intent" });
  out.push({ ...form, unexpected: "x" });
  return out;
}

const specOf = (route: AppRoute): RouteSpec => MATRIX[route.file] ?? { kind: kindFromFileName(route.file) ?? "public" };
const methodsOf = (route: AppRoute) => specOf(route).methods ?? ([route.hasLoader && "GET", route.hasAction && "POST"].filter(Boolean) as string[]);

function entity(kind: EntityKind): string {
  const numeric = (gid: string) => gid.split("/").pop()!;
  return { run: shop.runId, job: shop.jobIds[0], image: shop.imageIds[0], product: shop.productIds[0], productNumber: numeric(shop.productIds[0]), collection: shop.collectionId, collectionNumber: numeric(shop.collectionId) }[kind];
}
const pathOf = (route: AppRoute, override?: string) =>
  fillPattern(route.pattern, Object.fromEntries(route.params.map((p) => [p, override ?? entity(specOf(route).params?.[p] ?? "run")])));
const fill = <T>(body: T): T => JSON.parse(JSON.stringify(body).replace(/\{(run|job|image|product|productNumber|collection|collectionNumber)\}/g, (_, k: EntityKind) => entity(k))) as T;

/** Field names a 400 answer mentions: fieldErrors / error.fields keys, or words of a text body. */
function namedFields(text: string): string[] {
  try {
    const json = JSON.parse(text) as { fieldErrors?: Record<string, string>; error?: { fields?: Record<string, string> }; formError?: string };
    return [...Object.keys(json.fieldErrors ?? {}), ...Object.keys(json.error?.fields ?? {})];
  } catch {
    return [];
  }
}

/** Problems found in the current test; reported together so one run shows every failing input. */
let problems: string[] = [];

async function expectWellHandled(request: Request, spec: RouteSpec, label: string): Promise<number> {
  const response = await handle(request);
  const text = await response.text();
  if (response.status >= 500) problems.push(`${label} → ${response.status} ${text.slice(0, 200)}`);
  if (response.status === 400) {
    const fields = spec.fields ?? [];
    const named = namedFields(text);
    const ok = named.some((n) => fields.some((f) => n === f || n.startsWith(`${f}.`) || n.startsWith(`${f}[`))) || (named.length === 0 && fields.some((f) => text.includes(f)));
    if (!ok) problems.push(`${label} → 400 without naming a field: ${text.slice(0, 200)}`);
  }
  return response.status;
}

/** Fails with every problem of the test, grouped by route, at most 3 per route. */
function expectNoProblems() {
  const found = problems;
  problems = [];
  const byRoute = new Map<string, string[]>();
  for (const p of found) {
    const key = p.split(" ").slice(0, 2).join(" ").split("?")[0];
    byRoute.set(key, [...(byRoute.get(key) ?? []), p]);
  }
  const summary = [...byRoute.entries()].map(([k, v]) => `${k}: ${v.length} problem(s)\n  ${v.slice(0, 3).join("\n  ")}`).join("\n");
  expect(found, summary).toEqual([]);
}

describe(`fuzzing every form and endpoint (seed ${SEED})`, () => {
  it("GIVEN malformed, mistyped, oversized and garbage JSON WHEN posted to every api endpoint THEN no 5xx and every 400 names a field", async () => {
    const rand = prng(SEED);
    let sent = 0;
    for (const route of routes.filter((r) => specOf(r).kind === "api" && methodsOf(r).includes("POST"))) {
      const spec = specOf(route);
      const path = pathOf(route);
      const raw = ["", "null", "[]", "123", '"text"', "{", '{"scope":', "\u0000\u0001\u0002", "{}".repeat(5000), "[".repeat(5000) + "]".repeat(5000), JSON.stringify({ __proto__: { polluted: true } }), "x".repeat(70_000)];
      const token = await sessionToken(SHOP);
      for (const body of raw) {
        const request = new Request(new URL(path, "https://fitting-room.test"), {
          method: "POST",
          headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "User-Agent": "Mozilla/5.0 Chrome/156.0" },
          body,
        });
        await expectWellHandled(request, spec, `POST ${path} ${JSON.stringify(body.slice(0, 40))}`);
        sent++;
      }
      const bodies = [...jsonSeeds(spec).flatMap((seed) => mutations(fill(seed) as Record<string, unknown>, rand)), ...Array.from({ length: 25 }, () => randomJson(rand))];
      for (const body of bodies) {
        const request = await adminFetchRequest(path, SHOP, { method: "POST", json: body });
        await expectWellHandled(request, spec, `POST ${path} ${JSON.stringify(body).slice(0, 120)}`);
        sent++;
      }
    }
    expect(sent).toBeGreaterThan(50);
    expectNoProblems();
  });

  it("GIVEN odd ids in the URL WHEN every api endpoint and admin page with params is called THEN 400 or 404, never 5xx", async () => {
    const odd = ["abc", "-1", "0", "9".repeat(40), "..", "%2e%2e%2f", "💥", " ", "gid://shopify/Product/1", "x".repeat(2000)];
    for (const route of routes.filter((r) => r.params.length && ["api", "admin"].includes(specOf(r).kind))) {
      for (const id of odd) {
        const path = pathOf(route, id);
        const dataPath = specOf(route).kind === "admin" ? `${path}?${dataQuery(route)}` : path;
        if (methodsOf(route).includes("GET")) {
          const status = await expectWellHandled(await adminFetchRequest(dataPath, SHOP, { method: "GET" }), specOf(route), `GET ${dataPath}`);
          // A refusal, whichever: 400 (bad id), 403 (Remix: the URL no longer matches the route), 404.
          if (status < 400 || status >= 500) problems.push(`GET ${dataPath} → ${status}: an odd id must be refused`);
        }
      }
    }
    expectNoProblems();
  });

  it("GIVEN odd query strings WHEN every admin page and api endpoint is read THEN no 5xx", async () => {
    const keys = ["q", "cursor", "after", "before", "run", "status", "state", "filter", "page", "collection", "refresh", "take", "review"];
    const values = ["", "-1", "0", "1e309", "x".repeat(5000), "💥", "gid://shopify/Collection/abc", "[object Object]", "%", "null"];
    const rand = prng(SEED + 3);
    for (const route of routes.filter((r) => ["admin", "api"].includes(specOf(r).kind) && methodsOf(r).includes("GET"))) {
      const spec = specOf(route);
      for (let i = 0; i < 12; i++) {
        const query = new URLSearchParams();
        for (const key of keys) if (rand() < 0.4) query.append(key, values[Math.floor(rand() * values.length)]);
        const path = `${pathOf(route)}?${query.toString()}${spec.kind === "admin" ? `&${dataQuery(route)}` : ""}`;
        await expectWellHandled(await adminFetchRequest(path, SHOP, { method: "GET" }), spec, `GET ${path.slice(0, 160)}`);
      }
    }
    expectNoProblems();
  });

  it("GIVEN mutated, repeated, oversized and unknown fields WHEN posted to every form THEN no 5xx and every 400 names a field", async () => {
    const rand = prng(SEED + 1);
    for (const route of routes.filter((r) => specOf(r).kind === "admin" && methodsOf(r).includes("POST"))) {
      const spec = specOf(route);
      const path = `${pathOf(route)}?${dataQuery(route)}`;
      const forms = [{}, ...formSeeds(spec).flatMap((f) => formMutations(fill(f), rand))];
      for (const form of forms) {
        const body = new URLSearchParams();
        for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
        const request = await adminFetchRequest(path, SHOP, { method: "POST", body: body.toString(), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
        await expectWellHandled(request, spec, `POST ${path} ${body.toString().slice(0, 120)}`);
      }
    }
    expectNoProblems();
  });

  it("GIVEN bodies in the wrong format (JSON, text, broken multipart, none) WHEN posted to every form THEN no 5xx", async () => {
    for (const route of routes.filter((r) => specOf(r).kind === "admin" && methodsOf(r).includes("POST"))) {
      const spec = specOf(route);
      const path = `${pathOf(route)}?${dataQuery(route)}`;
      const variants: Array<[string | undefined, string]> = [
        ["application/json", JSON.stringify({ intent: "save" })],
        ["text/plain", "intent=save"],
        ["multipart/form-data; boundary=zzz", "--zzz\r\nContent-Disposition: form-data; name=\"intent\"\r\n\r\nsave\r\n--zz"],
        ["multipart/form-data", "no boundary at all"],
        [undefined, ""],
        ["application/x-www-form-urlencoded", "%%%=%%%&intent=%E0%A4%A"],
      ];
      for (const [type, body] of variants) {
        const request = await adminFetchRequest(path, SHOP, { method: "POST", body, headers: type ? { "Content-Type": type } : {} });
        await expectWellHandled(request, spec, `POST ${path} as ${type ?? "no content type"}`);
      }
    }
    expectNoProblems();
  });

  it("GIVEN correctly signed webhooks with garbage bodies WHEN delivered THEN no 5xx and a 400 names the field", async () => {
    const rand = prng(SEED + 2);
    for (const route of routes.filter((r) => specOf(r).kind === "webhook")) {
      const topic = route.file.replace(/^webhooks\./, "").replace(".", "/");
      const bodies = [{}, [], null, { id: "abc" }, { id: -5 }, { shop_domain: 5 }, { current: "read_products" }, ...Array.from({ length: 8 }, () => randomJson(rand))];
      for (const body of bodies) {
        const response = await handle(webhookRequest(topic, SHOP, body));
        const text = await response.text();
        expect(response.status, `${topic} ${JSON.stringify(body)} → ${text}`).toBeLessThan(500);
        if (response.status === 400) expect(text, topic).toMatch(/check \S+|body/);
      }
      const raw = "\u0000not json";
      const signed = webhookRequest(topic, SHOP, {});
      const headers = new Headers(signed.headers);
      headers.set("X-Shopify-Hmac-Sha256", webhookHmac(raw));
      const response = await handle(new Request(signed.url, { method: "POST", headers, body: raw }));
      expect(response.status, topic).toBe(400);
    }
  });
});
