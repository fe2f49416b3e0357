/**
 * The shape of the stand-in's shop data — shop, products with options and variants, media,
 * collections, image blobs — and the few Shopify rules on it (gids, handles, the default variant,
 * detaching a medium) that the store, the resolvers and the webhooks must all apply the same way.
 * Plain types and functions, so anything can use them without holding a Store.
 */
import type { GarmentImageSpec } from "./images";

export interface ShopRecord {
  name: string;
  myshopifyDomain: string;
  email: string;
  currencyCode: string;
  plan: { publicDisplayName: string; partnerDevelopment: boolean; shopifyPlus: boolean };
}

export interface CategoryRecord {
  /** gid://shopify/TaxonomyCategory/aa-1-4 */
  id: string;
  name: string;
  fullName: string;
}

/** A product option (Color, Size, …). `linkedMetafield` links it to a category metafield (shopify.color-pattern). */
export interface OptionRecord {
  id: number;
  name: string;
  values: string[];
  linkedMetafield?: { namespace: string; key: string } | null;
  /** Swatch colour (hex) per value, for options linked to shopify.color-pattern. */
  swatches?: Record<string, string>;
}

/** A product variant: one value per option; at most one medium (Shopify's rule). */
export interface VariantRecord {
  id: number;
  title: string;
  selectedOptions: Array<{ name: string; value: string }>;
  mediaId: number | null;
  price: string;
  sku: string;
}

export interface ProductRecord {
  id: number;
  title: string;
  handle: string;
  productType: string;
  vendor: string;
  status: "ACTIVE" | "DRAFT" | "ARCHIVED" | "UNLISTED";
  tags: string[];
  category: CategoryRecord | null;
  descriptionHtml: string;
  /** Media ids in display order. */
  mediaIds: number[];
  /** Options and variants; absent for a product with only Shopify's default variant ("Default Title"). */
  options?: OptionRecord[];
  variants?: VariantRecord[];
  createdAt: string;
  updatedAt: string;
}

export interface MediaRecord {
  id: number;
  alt: string | null;
  /** Content-hash key of the bytes in the blob table (null when the source could not be fetched). */
  blob: string | null;
  filename: string;
  mimeType: string;
  width: number | null;
  height: number | null;
  fileSize: number | null;
  /** Epoch ms from which the medium is READY (processing simulated until then). */
  readyAt: number;
  /** Set when processing failed; `details` says why (e.g. the source's HTTP status). */
  error: { code: string; message: string; details?: string | null } | null;
  /**
   * While the source is being fetched (fileCreate / productUpdate media are asynchronous, as on
   * Shopify): UPLOADED until the fetch starts, PROCESSING while it runs. Absent once settled.
   */
  stage?: "UPLOADED" | "PROCESSING" | null;
  /** The originalSource it was created from (a restarted server resumes unfinished fetches). */
  source?: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CollectionRecord {
  id: number;
  title: string;
  handle: string;
  descriptionHtml: string;
  /** Product ids in the collection's manual order. */
  productIds: number[];
  updatedAt: string;
}

/** Bytes of an image, held in memory or drawn on first use from a seed spec. */
export interface BlobRecord {
  mimeType: string;
  bytes?: Buffer;
  render?: GarmentImageSpec;
}

export const DEFAULT_SHOP: ShopRecord = {
  name: "Fitting Room Demo",
  myshopifyDomain: "fitting-room-demo.myshopify.com",
  email: "owner@fitting-room-demo.example",
  currencyCode: "EUR",
  plan: { publicDisplayName: "Development", partnerDevelopment: true, shopifyPlus: false },
};

export const gid = (kind: string, id: number | string) => `gid://shopify/${kind}/${id}`;

/** Parses gid://shopify/{Kind}/{n}; returns null for anything else. */
export function parseGid(value: string): { kind: string; id: number } | null {
  const match = /^gid:\/\/shopify\/([A-Za-z0-9]+)\/(\d+)$/.exec(value);
  return match ? { kind: match[1], id: Number(match[2]) } : null;
}

export const handleize = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

/**
 * The variant of a product without options, as Shopify shows it: option "Title", value "Default
 * Title", id the product's number. It has no media of its own (the product's media are its images).
 */
export function defaultVariant(product: ProductRecord): VariantRecord {
  return { id: product.id, title: "Default Title", selectedOptions: [{ name: "Title", value: "Default Title" }], mediaId: null, price: "0.00", sku: "" };
}

/** Takes a medium off a product's media and off any of its variants showing it; true if it was there. */
export function detachMedia(product: ProductRecord, mediaId: number): boolean {
  const before = product.mediaIds.length;
  product.mediaIds = product.mediaIds.filter((id) => id !== mediaId);
  for (const variant of product.variants ?? []) if (variant.mediaId === mediaId) variant.mediaId = null;
  if (product.mediaIds.length === before) return false;
  product.updatedAt = new Date().toISOString();
  return true;
}
