/** Reading the shop, its products (with variants when colours matter) and collections. */
import type {
  CatalogCollectionQuery,
  CatalogCollectionQueryVariables,
  CatalogCollectionsQuery,
  CatalogCollectionsQueryVariables,
  CatalogProductMediaQuery,
  CatalogProductMediaQueryVariables,
  CatalogProductQuery,
  CatalogProductQueryVariables,
  CatalogProductsQuery,
  CatalogProductsQueryVariables,
  CatalogProductVariantsQuery,
  CatalogProductVariantsQueryVariables,
  CatalogShopInfoQuery,
} from "../types/admin.generated";
import type { CatalogContext } from "./catalog-context";
import { hasColourVariants } from "./colour-variants";
import { CatalogError, CatalogNotFoundError } from "./errors";
import { mapCollection, mapMedia, mapProductFields, mapVariant, type MediaNode } from "./map";
import { COLLECTION_QUERY, COLLECTIONS_QUERY, PRODUCT_MEDIA_QUERY, PRODUCT_QUERY, PRODUCTS_QUERY, PRODUCT_VARIANTS_QUERY, SHOP_INFO_QUERY } from "./operations/catalog-reads";
import type { CatalogCollection, CatalogMedia, CatalogProduct, CatalogVariant, Page, ShopInfo } from "./types";

export interface ListProductsOptions {
  first?: number;
  after?: string | null;
  /** Only products in this collection (gid://shopify/Collection/…). */
  collectionId?: string;
  /** Free text matched against title, type, vendor, tags. */
  search?: string;
}

/** Numeric part of a gid (Shopify search syntax uses it: `collection_id:123`). */
function numericId(gid: string, kind: string): string {
  const match = gid.match(new RegExp(`^gid://shopify/${kind}/(\\d+)$`));
  if (!match) throw new CatalogError(`"${gid}" is not a ${kind} id like gid://shopify/${kind}/123.`);
  return match[1];
}

/** Free text made safe for Shopify's search syntax (no field prefixes, quotes or operators). */
function searchTerms(text: string): string {
  return text
    .split(/\s+/)
    .map((word) => word.replace(/[^\p{L}\p{N}_-]/gu, ""))
    .filter((word) => word && !/^(AND|OR|NOT)$/.test(word))
    .join(" ");
}

export function catalogReads(ctx: CatalogContext) {
  const { request, pageSize, mediaFirst } = ctx;

  async function shopInfo(): Promise<ShopInfo> {
    const data = await request<CatalogShopInfoQuery>("Reading the shop", SHOP_INFO_QUERY);
    return {
      id: data.shop.id,
      name: data.shop.name,
      myshopifyDomain: data.shop.myshopifyDomain,
      plan: {
        displayName: data.shop.plan.publicDisplayName,
        partnerDevelopment: data.shop.plan.partnerDevelopment,
        shopifyPlus: data.shop.plan.shopifyPlus,
      },
    };
  }

  async function listProducts(opts: ListProductsOptions = {}): Promise<Page<CatalogProduct>> {
    const filters: string[] = [];
    if (opts.collectionId) filters.push(`collection_id:${numericId(opts.collectionId, "Collection")}`);
    if (opts.search) {
      const terms = searchTerms(opts.search);
      if (terms) filters.push(terms);
    }
    const data = await request<CatalogProductsQuery, CatalogProductsQueryVariables>("Listing products", PRODUCTS_QUERY, {
      first: opts.first ?? pageSize,
      after: opts.after ?? null,
      query: filters.length ? filters.join(" ") : null,
      mediaFirst,
    });
    return {
      items: data.products.nodes.map(mapProductFields),
      hasNextPage: data.products.pageInfo.hasNextPage,
      endCursor: data.products.pageInfo.endCursor ?? null,
    };
  }

  async function getProduct(id: string): Promise<CatalogProduct | null> {
    const data = await request<CatalogProductQuery, CatalogProductQueryVariables>("Reading a product", PRODUCT_QUERY, {
      id,
      mediaFirst,
    });
    if (!data.product) return null;
    const product: CatalogProduct = { ...mapProductFields(data.product), mediaCount: data.product.mediaCount?.count };
    // Variants cost 5 points each: read them only when a colour option makes them matter.
    if (hasColourVariants(product)) product.variants = await productVariants(id);
    return product;
  }

  /** Every variant of a product with the medium it shows (paged, 100 a page). */
  async function productVariants(productId: string): Promise<CatalogVariant[]> {
    const out: CatalogVariant[] = [];
    let after: string | null = null;
    for (;;) {
      const data: CatalogProductVariantsQuery = await request<CatalogProductVariantsQuery, CatalogProductVariantsQueryVariables>(
        "Reading a product's variants",
        PRODUCT_VARIANTS_QUERY,
        { id: productId, first: 100, after },
      );
      if (!data.product) throw new CatalogNotFoundError("product", productId);
      out.push(...data.product.variants.nodes.map(mapVariant));
      if (!data.product.variants.pageInfo.hasNextPage) return out;
      after = data.product.variants.pageInfo.endCursor ?? null;
    }
  }

  /** Every medium of a product with its alt text (paginated underneath). Used to reconcile before re-attaching. */
  async function listProductMedia(productId: string): Promise<CatalogMedia[]> {
    const media: CatalogMedia[] = [];
    let after: string | null = null;
    for (;;) {
      const data: CatalogProductMediaQuery = await request<CatalogProductMediaQuery, CatalogProductMediaQueryVariables>(
        "Listing a product's media",
        PRODUCT_MEDIA_QUERY,
        { id: productId, first: 50, after },
      );
      if (!data.product) throw new CatalogNotFoundError("product", productId);
      media.push(...(data.product.media.nodes as MediaNode[]).map(mapMedia));
      if (!data.product.media.pageInfo.hasNextPage) return media;
      after = data.product.media.pageInfo.endCursor ?? null;
    }
  }

  async function listCollections(opts: { first?: number; after?: string | null; search?: string } = {}): Promise<Page<CatalogCollection>> {
    const terms = opts.search ? searchTerms(opts.search) : "";
    const data = await request<CatalogCollectionsQuery, CatalogCollectionsQueryVariables>("Listing collections", COLLECTIONS_QUERY, {
      first: opts.first ?? 50,
      after: opts.after ?? null,
      query: terms || null,
    });
    return {
      items: data.collections.nodes.map(mapCollection),
      hasNextPage: data.collections.pageInfo.hasNextPage,
      endCursor: data.collections.pageInfo.endCursor ?? null,
    };
  }

  async function getCollection(id: string): Promise<CatalogCollection | null> {
    const data = await request<CatalogCollectionQuery, CatalogCollectionQueryVariables>("Reading a collection", COLLECTION_QUERY, { id });
    return data.collection ? mapCollection(data.collection) : null;
  }

  return { shopInfo, listProducts, getProduct, productVariants, listProductMedia, listCollections, getCollection };
}
