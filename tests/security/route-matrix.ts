import { expect } from "vitest";
import prisma from "../../app/db.server";
import type { SeededShop, shopSnapshot } from "../helpers/seed-shop";

/**
 * The security matrix: EVERY route file in app/routes has an entry here (route-matrix.test.ts fails for
 * a route without one, and for an entry whose route is gone). An entry says what kind of route it is —
 * which decides the checks it gets — what its URL params name, and, for actions, bodies that are valid
 * apart from whose ids they carry (used to prove another shop's ids get 404, and as fuzzing seeds).
 *
 * Placeholders in bodies: "{run}", "{job}", "{image}" (record ids), "{product}", "{collection}" (gids),
 * "{productNumber}", "{collectionNumber}" (numeric ids) — filled with the target shop's entities.
 */
export type RouteKind =
  /** Answers anyone, shows no shop data (e.g. "/" without a shop). */
  | "public"
  /** The library's auth paths (login, bounce, exit-iframe). */
  | "auth"
  /** An embedded admin page (document + Remix data requests): no session token → /auth/login. */
  | "admin"
  /** An /api endpoint for the admin UI extensions: session token in Authorization, CORS. */
  | "api"
  /** A webhook: HMAC-signed POST. */
  | "webhook";

/** What a URL param names. Runs, jobs and images are our records; products and collections are Shopify's. */
export type EntityKind = "run" | "job" | "image" | "product" | "collection" | "productNumber" | "collectionNumber";

/** A shop's rows in every per-shop table (tests/helpers/seed-shop.ts `shopSnapshot`). */
export type Snapshot = Awaited<ReturnType<typeof shopSnapshot>>;

/** What a positive control sees: the shop's rows before and after, its seeded ids, and the answer. */
export interface EffectContext {
  shop: SeededShop;
  before: Snapshot;
  after: Snapshot;
  /** The answer's body, parsed as JSON when it is JSON. */
  body: unknown;
  response: Response;
}

/**
 * One action a route serves (one form intent, or one JSON body), with what it must answer:
 * - `crossShop`: the status when shop A sends it carrying another shop's ids (and that shop's rows stay
 *   exactly as they were);
 * - `own`: the status when a shop sends it with its own ids — the positive control, so a validation 400
 *   can never pass for isolation — and `effect`, what that request visibly did.
 */
export interface ActionCase {
  /** Form body (admin pages), valid apart from whose ids it carries. */
  form?: Record<string, string>;
  /** Multipart body (model-photo uploads): the form fields plus one PNG per name in `files`. */
  files?: string[];
  /** JSON body (api endpoints), valid apart from whose ids it carries. */
  json?: unknown;
  crossShop: number;
  own: number;
  /** Asserts (with expect) what the own request did: rows changed, or what the answer carries. */
  effect: (ctx: EffectContext) => void;
  /** Puts the target shop in a state where the action has something to act on (e.g. a failed job to retry). */
  setup?: (shop: SeededShop) => Promise<void>;
}

export interface RouteSpec {
  kind: RouteKind;
  params?: Record<string, EntityKind>;
  /** Every action the route serves: one per form intent (the matrix test fails for an intent without one). */
  actions?: ActionCase[];
  /** The fields of the action's schema: a fuzzed 400 must name one of them. */
  fields?: string[];
  /**
   * The methods the route serves (default: GET when it has a loader, POST when it has an action).
   * api endpoints export both and answer 405 to the others; the matrix checks that too.
   */
  methods?: Array<"GET" | "POST">;
}

/** Intents that start runs: left out of the fuzzing seeds (each accepted mutation would plan a run; the
 * same schemas are fuzzed through "estimate"). */
const STARTS_RUNS = new Set(["start", "generate"]);
/** Form bodies of a route's actions (fuzzing seeds). */
export const formSeeds = (spec: RouteSpec) => (spec.actions ?? []).flatMap((a) => (a.form && !a.files && !STARTS_RUNS.has(a.form.intent) ? [a.form] : []));
/** JSON bodies of a route's actions (fuzzing seeds). */
export const jsonSeeds = (spec: RouteSpec) => (spec.actions ?? []).flatMap((a) => (a.json !== undefined ? [a.json] : []));

const SETTINGS_FIELDS = [
  "intent",
  "providerAppKey",
  "providerSecret",
  "clearSecret",
  "region",
  "trial",
  "autoApprove",
  "dailyImageCap",
  "modelBase",
  "modelName",
  "modelGender",
  "modelStyle",
  "modelBody",
  "viewType",
  "generateCount",
  "inputQualityDetect",
  "garmentType",
  "modelImageUrls",
  "altDisclosure",
  "placement",
  "form",
];

const API_FIELDS = ["body", "scope", "scope.type", "scope.productId", "scope.productIds", "scope.collectionId", "overrides", "force", "id", "runId"];

const imageOf = (snap: Snapshot, id: string) => snap.images.find((i) => i.id === id);
const jobOf = (snap: Snapshot, id: string) => snap.jobs.find((j) => j.id === id);
const newRuns = (c: EffectContext) => c.after.runs.filter((r) => !c.before.runs.some((b) => b.id === r.id));
const productRow = (snap: Snapshot, productId: string) => snap.products.find((p) => p.productId === productId);
const collectionRow = (snap: Snapshot, collectionId: string) => snap.collections.find((p) => p.collectionId === collectionId);

/** A dry run: the answer carries an estimate and no row of the shop changed. */
const estimated = (c: EffectContext) => {
  // Pages answer the pipeline's estimate (`products`), endpoints the API contract's (`productsTotal`).
  const body = c.body as { estimate?: { products?: number; productsTotal?: number } };
  expect(body.estimate?.products ?? body.estimate?.productsTotal, JSON.stringify(c.body)).toBeGreaterThan(0);
  expect(c.after).toEqual(c.before);
};
/** A page's Start: one new run, and the data request is redirected to its page. */
const startedFromPage = (c: EffectContext) => {
  const runs = newRuns(c);
  expect(runs.length).toBe(1);
  expect(new URL(c.response.headers.get("x-remix-redirect") ?? "", "https://x.test").pathname).toBe(`/app/runs/${runs[0].id}`);
};
/** An endpoint's start: one new run, named in the 202 answer. */
const startedFromApi = (c: EffectContext) => {
  const runs = newRuns(c);
  expect(runs.length).toBe(1);
  expect((c.body as { run?: { id?: string } }).run?.id).toBe(runs[0].id);
};
const reviewed = (decision: "approved" | "rejected") => (c: EffectContext) => {
  expect(imageOf(c.before, c.shop.imageIds[0])?.review).toBe("pending");
  expect(imageOf(c.after, c.shop.imageIds[0])?.review).toBe(decision);
};
const removedFromProduct = (c: EffectContext) => {
  expect(imageOf(c.before, c.shop.imageIds[0])?.attachState).toBe("attached");
  expect(imageOf(c.after, c.shop.imageIds[0])?.attachState).toBe("removed");
};

/** Job 0 failed after it was submitted (no results): what Retry acts on. */
async function failedJob(shop: SeededShop) {
  await prisma.tryOnJob.update({ where: { id: shop.jobIds[0] }, data: { state: "failed", attempts: 1, submittedAt: new Date(), errorMessage: "The try-on service failed." } });
}
/** Image 0 approved and attached to its product: what Remove / Remove all act on. */
async function attachedImage(shop: SeededShop) {
  await prisma.tryOnImage.update({ where: { id: shop.imageIds[0] }, data: { review: "approved", attachState: "attached", mediaId: "gid://shopify/MediaImage/987654321" } });
  await prisma.tryOnJob.update({ where: { id: shop.jobIds[1] }, data: { state: "attached" } });
}

const PNG_FIELD = "photo";

export const MATRIX: Record<string, RouteSpec> = {
  _index: { kind: "public" },
  "auth.$": { kind: "auth", params: { "*": "productNumber" } },
  app: { kind: "admin" },
  "app._index": { kind: "admin" },
  "app.quota": { kind: "admin" },
  "app.collections._index": { kind: "admin" },
  "app.runs._index": { kind: "admin" },
  "app.runs.$id": {
    kind: "admin",
    params: { id: "run" },
    actions: [
      {
        form: { intent: "cancel" },
        crossShop: 404,
        own: 200,
        effect: (c) => {
          expect(c.after.runs.find((r) => r.id === c.shop.runId)?.status).toBe("cancelled");
          expect(c.after.jobs.map((j) => j.state)).toEqual(["cancelled", "cancelled", "cancelled"]);
        },
      },
      { form: { intent: "retry" }, setup: failedJob, crossShop: 404, own: 200, effect: (c) => expect(jobOf(c.after, c.shop.jobIds[0])?.state).toBe("queued") },
      {
        form: { intent: "undo" },
        crossShop: 404,
        own: 200,
        effect: (c) => {
          expect(c.after.images.map((i) => i.review)).toEqual(["rejected", "rejected"]);
          expect(jobOf(c.after, c.shop.jobIds[0])?.state).toBe("cancelled");
        },
      },
      // Approving/rejecting from another shop's run page: the run is not found (404), nothing changes.
      { form: { intent: "approve", imageIds: "{image}" }, crossShop: 404, own: 200, effect: reviewed("approved") },
      { form: { intent: "reject", imageIds: "{image}" }, crossShop: 404, own: 200, effect: reviewed("rejected") },
    ],
    fields: ["intent", "form", "imageIds"],
  },
  "app.products._index": {
    kind: "admin",
    actions: [
      // Products are Shopify's: "another shop's" product id is looked up in the requesting shop's catalogue.
      { form: { intent: "estimate", productIds: "{product}" }, crossShop: 200, own: 200, effect: estimated },
      { form: { intent: "start", productIds: "{product}", force: "on" }, crossShop: 204, own: 204, effect: startedFromPage },
    ],
    fields: ["intent", "productIds", "force", "Products", "form"],
  },
  "app.products.$id": {
    kind: "admin",
    params: { id: "productNumber" },
    actions: [
      {
        form: { intent: "saveSettings", viewType: "halfbody", modelName: "James" },
        crossShop: 200,
        own: 200,
        effect: (c) => expect(productRow(c.after, c.shop.productIds[0])).toMatchObject({ viewType: "halfbody", modelName: "James" }),
      },
      {
        form: { intent: "resetSettings" },
        crossShop: 200,
        own: 200,
        effect: (c) => {
          expect(productRow(c.before, c.shop.productIds[0])?.modelName).toBe("Ariel");
          expect(productRow(c.after, c.shop.productIds[0])?.modelName ?? null).toBeNull();
        },
      },
      {
        form: { intent: "chooseGarment", garmentMediaId: "gid://shopify/MediaImage/555" },
        crossShop: 200,
        own: 200,
        effect: (c) => expect(productRow(c.after, c.shop.productIds[0])?.garmentMediaId).toBe("gid://shopify/MediaImage/555"),
      },
      {
        form: { intent: "colours", onePerColour: "off" },
        crossShop: 200,
        own: 200,
        effect: (c) => expect(productRow(c.after, c.shop.productIds[0])).toMatchObject({ onePerColour: false }),
      },
      // Another shop's images on this shop's product page: nothing may change (200, "0 images").
      { form: { intent: "approve", imageIds: "{image}" }, crossShop: 200, own: 200, effect: reviewed("approved") },
      { form: { intent: "reject", imageIds: "{image}" }, crossShop: 200, own: 200, effect: reviewed("rejected") },
      { form: { intent: "remove", imageIds: "{image}" }, setup: attachedImage, crossShop: 200, own: 200, effect: removedFromProduct },
      { form: { intent: "removeAll" }, setup: attachedImage, crossShop: 200, own: 200, effect: removedFromProduct },
      { form: { intent: "estimate" }, crossShop: 200, own: 200, effect: estimated },
      { form: { intent: "generate", force: "on" }, crossShop: 204, own: 204, effect: startedFromPage },
    ],
    fields: [...SETTINGS_FIELDS, "garmentMediaId", "imageIds", "force", "onePerColour"],
  },
  "app.review": {
    kind: "admin",
    // Another shop's image ids in a bulk decision change nothing: 200 with 0 images.
    actions: [
      { form: { intent: "approve", imageIds: "{image}" }, crossShop: 200, own: 200, effect: reviewed("approved") },
      { form: { intent: "reject", imageIds: "{image}" }, crossShop: 200, own: 200, effect: reviewed("rejected") },
    ],
    fields: ["intent", "imageIds", "form"],
  },
  "app.collections.$id": {
    kind: "admin",
    params: { id: "collectionNumber" },
    actions: [
      {
        form: { intent: "save", viewType: "fullbody", generateCount: "2" },
        crossShop: 200,
        own: 200,
        effect: (c) => expect(collectionRow(c.after, c.shop.collectionId)).toMatchObject({ viewType: "fullbody", generateCount: 2 }),
      },
      {
        form: { intent: "clear" },
        crossShop: 200,
        own: 200,
        effect: (c) => {
          expect(collectionRow(c.before, c.shop.collectionId)).toBeDefined();
          expect(collectionRow(c.after, c.shop.collectionId)).toBeUndefined();
        },
      },
      { form: { intent: "estimate" }, crossShop: 200, own: 200, effect: estimated },
      { form: { intent: "start", force: "on" }, crossShop: 204, own: 204, effect: startedFromPage },
      {
        form: { intent: "placement", placement: "first" },
        crossShop: 200,
        own: 200,
        effect: (c) => expect(collectionRow(c.after, c.shop.collectionId)).toMatchObject({ placement: "first" }),
      },
      {
        form: { intent: "colours", onePerColour: "off" },
        crossShop: 200,
        own: 200,
        effect: (c) => expect(collectionRow(c.after, c.shop.collectionId)).toMatchObject({ onePerColour: false }),
      },
      {
        form: { intent: "autoNew", tryOnNewProducts: "on" },
        crossShop: 200,
        own: 200,
        effect: (c) => expect(collectionRow(c.after, c.shop.collectionId)).toMatchObject({ tryOnNewProducts: true }),
      },
      {
        form: { intent: "uploadPhoto" },
        files: [PNG_FIELD],
        crossShop: 200,
        own: 200,
        effect: (c) => {
          expect((c.body as { urls?: string[] }).urls).toHaveLength(1);
          expect(c.after).toEqual(c.before);
        },
      },
    ],
    fields: [...SETTINGS_FIELDS, "force", "photo", "tryOnNewProducts", "onePerColour"],
  },
  "app.settings": {
    kind: "admin",
    actions: [
      {
        form: { intent: "save", providerAppKey: "512345", providerSecret: "", region: "global", dailyImageCap: "100", viewType: "halfbody" },
        crossShop: 200,
        own: 200,
        effect: (c) => {
          expect(c.after.settings[0]).toMatchObject({ providerAppKey: "512345", dailyImageCap: 100, viewType: "halfbody" });
          // An empty secret keeps the saved one.
          expect(c.after.settings[0].providerSecretEnc).toBe(c.before.settings[0].providerSecretEnc);
        },
      },
      {
        form: { intent: "test", providerAppKey: "512345", providerSecret: "", region: "global" },
        crossShop: 200,
        own: 200,
        effect: (c) => {
          expect((c.body as { result?: { checkedAt?: string } }).result?.checkedAt).toBeTruthy();
          expect(c.after).toEqual(c.before);
        },
      },
      {
        // Disconnecting acts on the requesting shop's own credentials only.
        form: { intent: "disconnect" },
        crossShop: 200,
        own: 200,
        effect: (c) => {
          expect(c.before.settings[0].providerAppKey).toBeTruthy();
          expect(c.after.settings[0].providerAppKey ?? "").toBe("");
          expect(c.after.settings[0].providerSecretEnc ?? null).toBeNull();
        },
      },
    ],
    fields: SETTINGS_FIELDS,
  },
  "api.estimate": {
    kind: "api",
    actions: [
      { json: { scope: { type: "selection", productIds: ["{product}"] } }, crossShop: 200, own: 200, effect: estimated },
      { json: { scope: { type: "collection", collectionId: "{collection}" }, overrides: { viewType: "halfbody" } }, crossShop: 200, own: 200, effect: estimated },
    ],
    fields: API_FIELDS,
    methods: ["POST"],
  },
  "api.runs": {
    kind: "api",
    actions: [{ json: { scope: { type: "product", productId: "{product}" }, force: true }, crossShop: 202, own: 202, effect: startedFromApi }],
    fields: API_FIELDS,
    methods: ["POST"],
  },
  "api.runs.$id": { kind: "api", params: { id: "run" }, fields: API_FIELDS, methods: ["GET"] },
  "api.products.$id.tryon": {
    kind: "api",
    params: { id: "productNumber" },
    actions: [
      { json: { overrides: { viewType: "halfbody", modelName: "James" }, force: true }, crossShop: 202, own: 202, effect: startedFromApi },
      { json: { force: true }, crossShop: 202, own: 202, effect: startedFromApi },
    ],
    fields: API_FIELDS,
    methods: ["GET", "POST"],
  },
  "webhooks.app.scopes_update": { kind: "webhook" },
  "webhooks.app.uninstalled": { kind: "webhook" },
  "webhooks.collections.delete": { kind: "webhook" },
  "webhooks.customers.data_request": { kind: "webhook" },
  "webhooks.customers.redact": { kind: "webhook" },
  "webhooks.products.create": { kind: "webhook" },
  "webhooks.products.delete": { kind: "webhook" },
  "webhooks.products.update": { kind: "webhook" },
  "webhooks.shop.redact": { kind: "webhook" },
};

export { API_FIELDS, SETTINGS_FIELDS };

/** The kind a route's file name implies; the matrix must agree (a typo'd kind would skip checks). */
export function kindFromFileName(file: string): RouteKind | null {
  if (file === "app" || file.startsWith("app.") || file.startsWith("app_")) return "admin";
  if (file.startsWith("api.")) return "api";
  if (file.startsWith("webhooks.")) return "webhook";
  if (file.startsWith("auth.") || file === "auth") return "auth";
  return null;
}
