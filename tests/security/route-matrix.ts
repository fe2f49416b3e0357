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

export interface RouteSpec {
  kind: RouteKind;
  params?: Record<string, EntityKind>;
  /** Form bodies (admin pages) valid apart from ids. */
  forms?: Array<Record<string, string>>;
  /** JSON bodies (api endpoints) valid apart from ids. */
  json?: unknown[];
  /** The fields of the action's schema: a fuzzed 400 must name one of them. */
  fields?: string[];
  /**
   * The methods the route serves (default: GET when it has a loader, POST when it has an action).
   * api endpoints export both and answer 405 to the others; the matrix checks that too.
   */
  methods?: Array<"GET" | "POST">;
}

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
  "form",
];

const API_FIELDS = ["body", "scope", "scope.type", "scope.productId", "scope.productIds", "scope.collectionId", "overrides", "force", "id", "runId"];

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
    forms: [{ intent: "cancel" }, { intent: "retry" }, { intent: "undo" }],
    fields: ["intent", "form"],
  },
  "app.products._index": {
    kind: "admin",
    forms: [{ intent: "estimate", productIds: "{product}" }],
    fields: ["intent", "productIds", "force", "Products", "form"],
  },
  "app.products.$id": {
    kind: "admin",
    params: { id: "productNumber" },
    forms: [
      { intent: "saveSettings", viewType: "halfbody", modelName: "James" },
      { intent: "resetSettings" },
      { intent: "chooseGarment", garmentMediaId: "" },
      // Another shop's images on this shop's product page: nothing may change.
      { intent: "approve", imageIds: "{image}" },
      { intent: "reject", imageIds: "{image}" },
      { intent: "remove", imageIds: "{image}" },
      { intent: "estimate" },
    ],
    fields: [...SETTINGS_FIELDS, "garmentMediaId", "imageIds", "force"],
  },
  "app.review": {
    kind: "admin",
    // Another shop's image ids in a bulk decision must change nothing.
    forms: [{ intent: "approve", imageIds: "{image}" }, { intent: "reject", imageIds: "{image}" }],
    fields: ["intent", "imageIds", "form"],
  },
  "app.collections.$id": {
    kind: "admin",
    params: { id: "collectionNumber" },
    forms: [{ intent: "save", viewType: "halfbody", generateCount: "2" }, { intent: "clear" }, { intent: "estimate" }],
    fields: [...SETTINGS_FIELDS, "force", "photo"],
  },
  "app.settings": {
    kind: "admin",
    forms: [
      { intent: "save", providerAppKey: "512345", providerSecret: "", region: "global", dailyImageCap: "100", viewType: "halfbody" },
      { intent: "test", providerAppKey: "512345", providerSecret: "", region: "global" },
    ],
    fields: SETTINGS_FIELDS,
  },
  "api.estimate": {
    kind: "api",
    json: [
      { scope: { type: "selection", productIds: ["{product}"] } },
      { scope: { type: "collection", collectionId: "{collection}" }, overrides: { viewType: "halfbody" } },
    ],
    fields: API_FIELDS,
    methods: ["POST"],
  },
  "api.runs": {
    kind: "api",
    json: [{ scope: { type: "product", productId: "{product}" } }],
    fields: API_FIELDS,
    methods: ["POST"],
  },
  "api.runs.$id": { kind: "api", params: { id: "run" }, fields: API_FIELDS, methods: ["GET"] },
  "api.products.$id.tryon": {
    kind: "api",
    params: { id: "productNumber" },
    json: [{ overrides: { viewType: "halfbody", modelName: "James" } }, { force: true }],
    fields: API_FIELDS,
    methods: ["GET", "POST"],
  },
  "webhooks.app.scopes_update": { kind: "webhook" },
  "webhooks.app.uninstalled": { kind: "webhook" },
  "webhooks.collections.delete": { kind: "webhook" },
  "webhooks.customers.data_request": { kind: "webhook" },
  "webhooks.customers.redact": { kind: "webhook" },
  "webhooks.products.delete": { kind: "webhook" },
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
