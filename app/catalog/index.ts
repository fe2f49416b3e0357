/** Public surface of the catalog (plain TS: no Remix, no Prisma). */
export { createCatalog, type Catalog, type CatalogOptions, type ListProductsOptions, type StreamOptions, type AttachImageInput } from "./catalog";
export { CostPacer, pacerForShop, isThrottled, type CostPacerOptions, type PacerMetrics } from "./pacer";
export {
  createTokenTransport,
  fromRemixAdmin,
  AdminHttpError,
  type AdminTransport,
  type AdminResponse,
  type ThrottleStatus,
  type QueryCost,
  type TokenTransportOptions,
  type RemixAdminGraphql,
} from "./transport";
export { rewriteAdminUrl, createRedirectingFetch } from "./local-admin-redirect";
export {
  chooseGarmentImage,
  probeImageHeader,
  FITTING_ROOM_ALT_MARKER,
  type ChooseGarmentOptions,
  type GarmentChoice,
  type ImageVerdict,
} from "./garment-image";
export { inferClothingType, headGarmentWord, type ClothingType, type ClothingTypeInput, type ClothingTypeResult } from "./clothing-type";
export {
  CatalogError,
  AdminGraphQLError,
  CatalogUserError,
  CatalogNotFoundError,
  CatalogBulkOperationError,
  CatalogUploadError,
  CatalogThrottleTimeoutError,
} from "./errors";
export type * from "./types";
