/**
 * The catalog: typed Admin GraphQL operations over an AdminTransport, paced per shop.
 *
 * Create one per shop and unit of work: `createCatalog({ shop, transport })`. All catalogs of a shop
 * in this process share one cost pacer unless you pass your own. The operations live by job:
 * catalog-reads (shop, products, collections), collection-stream (a collection's products, paged or
 * bulk) and media-writes (images onto and off products and variants); catalog-context is what they share.
 */
import { createCatalogContext, type CatalogOptions } from "./catalog-context";
import { catalogReads } from "./catalog-reads";
import { collectionStream } from "./collection-stream";
import { mediaWrites } from "./media-writes";

export type { CatalogOptions } from "./catalog-context";
export type { ListProductsOptions } from "./catalog-reads";
export type { StreamOptions } from "./collection-stream";
export type { AttachImageInput } from "./media-writes";

export type Catalog = ReturnType<typeof createCatalog>;

export function createCatalog(options: CatalogOptions) {
  const ctx = createCatalogContext(options);
  const reads = catalogReads(ctx);
  return {
    shop: options.shop,
    pacer: ctx.pacer,
    ...reads,
    ...collectionStream(ctx, reads.getCollection),
    ...mediaWrites(ctx),
  };
}
