/**
 * The catalog's domain shapes: what the rest of the app sees of Shopify products, collections and
 * media (GraphQL results are mapped into these in one place, app/catalog/map.ts).
 */

export type MediaStatus = "UPLOADED" | "PROCESSING" | "READY" | "FAILED";
export type MediaContentType = "IMAGE" | "VIDEO" | "EXTERNAL_VIDEO" | "MODEL_3D";

/** One medium of a product. Images carry their URLs and size once Shopify has processed them. */
export interface CatalogMedia {
  /** e.g. gid://shopify/MediaImage/123 */
  id: string;
  alt: string | null;
  status: MediaStatus;
  contentType: MediaContentType;
  /** Original image URL; null for non-images and while Shopify is still processing. */
  url: string | null;
  /** The same image downscaled to at most 512×512 px (for analysis and thumbnails). */
  previewUrl: string | null;
  /** The same image downscaled to at most 256×256 px (the flat-lay look is judged from it). */
  judgeUrl?: string | null;
  /**
   * The same image downscaled to at most 3000×3000 px by Shopify's CDN: what try-on is sent when the
   * original is larger than try-on accepts (Shopify allows up to 5000×5000).
   */
  tryOnUrl?: string | null;
  /** Pixel size as Shopify reports it (null until processed). */
  width: number | null;
  height: number | null;
}

export interface TaxonomyCategory {
  id: string;
  /** e.g. "Dresses" */
  name: string;
  /** e.g. "Apparel & Accessories > Clothing > Dresses" */
  fullName: string;
}

/** A product option (Size, Color, …) with its values in the merchant's order. */
export interface CatalogOption {
  name: string;
  values: string[];
  /** Set when the option is linked to a category metafield, e.g. { namespace: "shopify", key: "color-pattern" }. */
  linkedMetafield: { namespace: string; key: string } | null;
}

/** A variant as planning needs it: its option values and the one medium it shows (Shopify allows one). */
export interface CatalogVariant {
  /** e.g. gid://shopify/ProductVariant/123 */
  id: string;
  title: string;
  selectedOptions: Array<{ name: string; value: string }>;
  mediaId: string | null;
}

export interface CatalogProduct {
  /** e.g. gid://shopify/Product/123 */
  id: string;
  title: string;
  handle: string;
  productType: string;
  vendor: string;
  status: string;
  tags: string[];
  category: TaxonomyCategory | null;
  /** Media in the product's order (first = featured). Lists at most the page's media limit (default 10). */
  media: CatalogMedia[];
  /** Options (at most 3 listed). Absent when the read did not ask for them. */
  options?: CatalogOption[];
  /** True for a product without options (Shopify's single "Default Title" variant). */
  hasOnlyDefaultVariant?: boolean;
  /**
   * Variants with the medium each shows. Absent when not read: list pages read only options, and
   * the variants of a product with colour variants are read separately (Catalog.productVariants).
   */
  variants?: CatalogVariant[];
  /** Total number of media when known (single-product reads). */
  mediaCount?: number;
  updatedAt: string;
}

export interface CatalogCollection {
  /** e.g. gid://shopify/Collection/123 */
  id: string;
  title: string;
  handle: string;
  /** Number of products; null when Shopify did not say. */
  productsCount: number | null;
  /** True when the count is exact (Shopify caps large counts: precision AT_LEAST). */
  productsCountExact: boolean;
  updatedAt: string;
}

export interface ShopInfo {
  id: string;
  name: string;
  myshopifyDomain: string;
  plan: { displayName: string; partnerDevelopment: boolean; shopifyPlus: boolean };
}

export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  /** Pass as `after` to get the next page. */
  endCursor: string | null;
}

export interface MediaStatusInfo {
  id: string;
  /** False when the id no longer exists (deleted). */
  exists: boolean;
  alt: string | null;
  status: MediaStatus | null;
  url: string | null;
  width: number | null;
  height: number | null;
  errors: Array<{ code: string; message: string }>;
}

export interface AttachedMedia {
  /** The new medium, e.g. gid://shopify/MediaImage/456 — store it: it is how the result is removed later. */
  mediaId: string;
  /** Usually UPLOADED or PROCESSING right after attaching; READY once Shopify has processed it. */
  status: MediaStatus;
  alt: string;
  /** Where the bytes were uploaded (the staged upload's resourceUrl). */
  resourceUrl: string;
}

/** Progress of {@link Catalog.streamCollectionProducts}, reported after every product yielded. */
export interface StreamProgress {
  mode: "pages" | "bulk";
  productsYielded: number;
  /** Bulk mode: bytes of the JSONL result read so far. */
  bytesRead: number;
  /** Bulk mode: size of the JSONL result (from the bulk operation / Content-Length), when known. */
  totalBytes: number | null;
  /** Most products held in memory at once by the stream (1 in bulk mode, one page in page mode). */
  maxBufferedProducts: number;
}
