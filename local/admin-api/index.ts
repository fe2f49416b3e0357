/** The local Admin API stand-in (development, tests, demo, benchmarks — never production). */
export { start, DEFAULT_ACCESS_TOKEN, API_VERSION, type StartOptions, type LocalAdminApi } from "./server";
export { Store, gid, parseGid, type StoreSnapshot, type StoreMetrics, type ProductRecord, type CollectionRecord, type MediaRecord } from "./store";
export { buildStore, generateCollection, DEMO_IDS, type SeedOption, type SeedSpec, type SeedProduct, type GenerateSpec } from "./seed";
export { renderGarmentImage, type GarmentImageSpec } from "./images";
export { TokenRegistry, DEFAULT_TOKEN_TTL_S, REFRESH_TOKEN_TTL_S, type TokenPair } from "./tokens";
