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
  judgeable,
  isOwnMedia,
  FITTING_ROOM_ALT_MARKER,
  PREFLIGHT_CODES,
  type PreflightCode,
  type FlatLayLook,
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
  MissingSessionError,
} from "./errors";
export { colourGroups, colourOptionOf, hasColourVariants, isColourOption, COLOUR_PATTERN_METAFIELD, type ColourGroup } from "./colour-variants";
export type * from "./types";
