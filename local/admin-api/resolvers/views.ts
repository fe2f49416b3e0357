/**
 * Views of the Admin API's objects: media and images (with url(transform:)), products with their
 * options, variants and category, collections, bulk operations, the shop, and node(id:). They refer to
 * one another (a product lists its collections, a collection its products), so they live together.
 */
import { GraphQLError } from "graphql";
import { mediaStatus } from "../files";
import { applySearch } from "../search";
import { defaultVariant, gid, parseGid, type CollectionRecord, type MediaRecord, type ProductRecord, type VariantRecord } from "../store";
import { connection, countView, stripHtml, type BulkOperationRecord, type ConnectionArgs, type RequestContext, type ResolverEnv, type View } from "./context";

export function blobUrl(env: ResolverEnv, media: MediaRecord): string | null {
  if (!media.blob) return null;
  return `${env.base()}/cdn/files/${media.blob}/${encodeURIComponent(media.filename)}?v=${Date.parse(media.updatedAt) || 0}`;
}

interface ImageTransform {
  maxWidth?: number | null;
  maxHeight?: number | null;
  crop?: "CENTER" | "TOP" | "BOTTOM" | "LEFT" | "RIGHT" | null;
  preferredContentType?: "JPG" | "PNG" | "WEBP" | null;
  scale?: number | null;
}

/**
 * Image.url(transform:) as Shopify's CDN URL: the original's URL plus width/height (× scale), crop and
 * format parameters, which the stand-in's CDN route really renders (server.ts).
 */
function transformUrl(url: string, transform: ImageTransform | null | undefined): string {
  if (!transform) return url;
  const scale = transform.scale ?? 1;
  if (!Number.isInteger(scale) || scale < 1 || scale > 3) {
    throw new GraphQLError(`transform.scale must be within 1..3 (got ${scale}).`, { extensions: { code: "BAD_REQUEST" } });
  }
  const params = new URLSearchParams();
  for (const [field, param] of [["maxWidth", "width"], ["maxHeight", "height"]] as const) {
    const value = transform[field];
    if (value === null || value === undefined) continue;
    if (value < 1 || value * scale > 5760) {
      throw new GraphQLError(`transform.${field} must be between 1 and ${Math.floor(5760 / scale)} (got ${value}).`, { extensions: { code: "BAD_REQUEST" } });
    }
    params.set(param, String(value * scale));
  }
  // Shopify: crop only applies with maxWidth and/or maxHeight.
  if (transform.crop && params.size) params.set("crop", transform.crop.toLowerCase());
  if (transform.preferredContentType) params.set("format", transform.preferredContentType.toLowerCase());
  const extra = params.toString();
  return extra ? `${url}&${extra}` : url;
}

export function imageView(env: ResolverEnv, media: MediaRecord): View | null {
  const url = blobUrl(env, media);
  if (!url) return null;
  return {
    id: gid("ImageSource", media.id),
    altText: media.alt,
    width: media.width,
    height: media.height,
    url: ({ transform }: { transform?: ImageTransform | null }) => transformUrl(url, transform),
  };
}

export function mediaView(env: ResolverEnv, media: MediaRecord): View {
  const status = mediaStatus(media);
  const ready = status === "READY";
  const image = ready ? imageView(env, media) : null;
  const errors = media.error ? [{ code: media.error.code, message: media.error.message, details: media.error.details ?? null }] : [];
  return {
    __typename: "MediaImage",
    id: gid("MediaImage", media.id),
    alt: media.alt,
    mediaContentType: "IMAGE",
    mimeType: media.mimeType,
    status,
    fileStatus: status,
    image,
    preview: { status, image },
    mediaErrors: errors,
    mediaWarnings: [],
    fileErrors: errors,
    originalSource: { url: blobUrl(env, media), fileSize: media.fileSize },
    createdAt: media.createdAt,
    updatedAt: media.updatedAt,
  };
}

/** Taxonomy attributes of apparel categories: Color (what shopify.color-pattern options link to), Size, Fabric. */
const APPAREL_ATTRIBUTES = [
  { id: 1, name: "Color", values: ["Beige", "Black", "Blue", "Bronze", "Brown", "Clear", "Gold", "Gray", "Green", "Multicolor", "Navy", "Orange", "Pink", "Purple", "Red", "Rose gold", "Silver", "White", "Yellow"] },
  { id: 2, name: "Size", values: ["Extra small (XS)", "Small (S)", "Medium (M)", "Large (L)", "Extra large (XL)"] },
  { id: 3, name: "Fabric", values: ["Cotton", "Denim", "Linen", "Polyester", "Silk", "Wool"] },
];

export function categoryView(category: NonNullable<ProductRecord["category"]>): View {
  const apparel = /TaxonomyCategory\/aa-/.test(category.id);
  const attributes = apparel ? APPAREL_ATTRIBUTES : [];
  return {
    __typename: "TaxonomyCategory",
    id: category.id,
    name: category.name,
    fullName: category.fullName,
    level: category.fullName.split(">").length,
    isLeaf: true,
    isRoot: false,
    isArchived: false,
    attributes: (args: ConnectionArgs, ctx: RequestContext) =>
      connection(attributes, args, ctx, (a) => ({
        __typename: "TaxonomyChoiceListAttribute",
        id: gid("TaxonomyAttribute", a.id),
        name: a.name,
        values: (vArgs: ConnectionArgs, vCtx: RequestContext) =>
          connection(a.values.map((name, i) => ({ id: a.id * 1000 + i + 1, name })), vArgs, vCtx, (v) => ({ __typename: "TaxonomyValue", id: gid("TaxonomyValue", v.id), name: v.name }), (v) => v.id),
      }), (a) => a.id),
  };
}

/** The product's options, or Shopify's default option ("Title": "Default Title") when it has none. */
export function optionViews(product: ProductRecord): View[] {
  const variants = product.variants ?? [];
  if (!product.options?.length) {
    return [{ __typename: "ProductOption", id: gid("ProductOption", product.id), name: "Title", position: 1, values: ["Default Title"], linkedMetafield: null, optionValues: [{ __typename: "ProductOptionValue", id: gid("ProductOptionValue", product.id), name: "Default Title", hasVariants: true, swatch: null, linkedMetafieldValue: null }] }];
  }
  return product.options.map((option, position) => ({
    __typename: "ProductOption",
    id: gid("ProductOption", option.id),
    name: option.name,
    position: position + 1,
    values: option.values,
    linkedMetafield: option.linkedMetafield ? { ...option.linkedMetafield } : null,
    optionValues: option.values.map((value, i) => ({
      __typename: "ProductOptionValue",
      id: gid("ProductOptionValue", option.id * 100 + i + 1),
      name: value,
      hasVariants: variants.some((v) => v.selectedOptions.some((o) => o.name === option.name && o.value === value)),
      swatch: option.swatches?.[value] ? { color: option.swatches[value], image: null } : null,
      linkedMetafieldValue: option.linkedMetafield ? gid("Metaobject", option.id * 100 + i + 1) : null,
    })),
  }));
}

export const variantsOf = (product: ProductRecord): VariantRecord[] => (product.variants?.length ? product.variants : [defaultVariant(product)]);

export function variantView(env: ResolverEnv, product: ProductRecord, variant: VariantRecord): View {
  const media = () => {
    const m = variant.mediaId === null ? undefined : env.store.media.get(variant.mediaId);
    return m ? [m] : [];
  };
  return {
    __typename: "ProductVariant",
    id: gid("ProductVariant", variant.id),
    legacyResourceId: String(variant.id),
    title: variant.title,
    displayName: `${product.title} - ${variant.title}`,
    sku: variant.sku,
    price: variant.price,
    position: variantsOf(product).findIndex((v) => v.id === variant.id) + 1,
    selectedOptions: variant.selectedOptions.map((o) => ({ ...o, optionValue: null })),
    image: () => {
      const [m] = media();
      return m && mediaStatus(m) === "READY" ? imageView(env, m) : null;
    },
    media: (args: ConnectionArgs, ctx: RequestContext) => connection(media(), args, ctx, (m) => mediaView(env, m), (m) => m.id),
    product: () => productView(env, product),
  };
}

export function productView(env: ResolverEnv, product: ProductRecord): View {
  const store = env.store;
  const mediaOf = () => product.mediaIds.map((id) => store.media.get(id)).filter((m): m is MediaRecord => Boolean(m));
  return {
    __typename: "Product",
    id: gid("Product", product.id),
    legacyResourceId: String(product.id),
    title: product.title,
    handle: product.handle,
    productType: product.productType,
    vendor: product.vendor,
    status: product.status,
    tags: product.tags,
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
    descriptionHtml: product.descriptionHtml,
    description: ({ truncateAt }: { truncateAt?: number | null }) => {
      const text = stripHtml(product.descriptionHtml);
      return truncateAt ? text.slice(0, truncateAt) : text;
    },
    category: product.category ? categoryView(product.category) : null,
    options: ({ first }: { first?: number | null }) => optionViews(product).slice(0, first ?? undefined),
    hasOnlyDefaultVariant: !product.variants?.length || (product.variants.length === 1 && product.variants[0].title === "Default Title"),
    totalVariants: variantsOf(product).length,
    variantsCount: () => countView(variantsOf(product).length),
    variants: (args: ConnectionArgs, ctx: RequestContext) => connection(variantsOf(product), args, ctx, (v) => variantView(env, product, v), (v) => v.id),
    media: (args: ConnectionArgs & { sortKey?: string; query?: string | null }, ctx: RequestContext) => {
      let media = mediaOf();
      if (args.sortKey === "ID") media = [...media].sort((a, b) => a.id - b.id);
      if (args.query) {
        // Product.media(query:) filters by media_type / alt text; free text matches alt.
        media = applySearch(media, args.query, { media_type: () => ["IMAGE"], alt: (m) => [m.alt ?? ""] }, (m) => [m.alt ?? ""]).items;
      }
      return connection(media, args, ctx, (m) => mediaView(env, m), (m) => m.id);
    },
    mediaCount: () => countView(product.mediaIds.length),
    featuredMedia: () => {
      const first = mediaOf()[0];
      return first ? mediaView(env, first) : null;
    },
    collections: (args: ConnectionArgs, ctx: RequestContext) =>
      connection(store.collectionsOf(product.id), args, ctx, (c) => collectionView(env, c), (c) => c.id),
    inCollection: ({ id }: { id: string }) => {
      const parsed = parseGid(id);
      return Boolean(parsed && store.collections.get(parsed.id)?.productIds.includes(product.id));
    },
  };
}

export const PRODUCT_SORT: Record<string, (a: ProductRecord, b: ProductRecord) => number> = {
  ID: (a, b) => a.id - b.id,
  TITLE: (a, b) => a.title.localeCompare(b.title),
  PRODUCT_TYPE: (a, b) => a.productType.localeCompare(b.productType),
  VENDOR: (a, b) => a.vendor.localeCompare(b.vendor),
  CREATED_AT: (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id,
  UPDATED_AT: (a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id - b.id,
  RELEVANCE: (a, b) => a.id - b.id,
};

export function sortProducts(products: ProductRecord[], sortKey: string | undefined): ProductRecord[] {
  if (!sortKey || sortKey === "COLLECTION_DEFAULT" || sortKey === "MANUAL") return products;
  const compare = PRODUCT_SORT[sortKey] ?? (sortKey === "BEST_SELLING" ? PRODUCT_SORT.ID : undefined);
  if (!compare) throw new GraphQLError(`Sort key ${sortKey} is not implemented by the local Admin API.`, { extensions: { code: "NOT_IMPLEMENTED" } });
  return [...products].sort(compare);
}

export function collectionView(env: ResolverEnv, collection: CollectionRecord): View {
  const store = env.store;
  const members = () => collection.productIds.map((id) => store.products.get(id)).filter((p): p is ProductRecord => Boolean(p));
  return {
    __typename: "Collection",
    id: gid("Collection", collection.id),
    legacyResourceId: String(collection.id),
    title: collection.title,
    handle: collection.handle,
    updatedAt: collection.updatedAt,
    descriptionHtml: collection.descriptionHtml,
    description: () => stripHtml(collection.descriptionHtml),
    sortOrder: "MANUAL",
    image: null,
    productsCount: () => countView(members().length),
    products: (args: ConnectionArgs & { sortKey?: string }, ctx: RequestContext) =>
      connection(sortProducts(members(), args.sortKey), args, ctx, (p) => productView(env, p), (p) => p.id),
    hasProduct: ({ id }: { id: string }) => {
      const parsed = parseGid(id);
      return Boolean(parsed && collection.productIds.includes(parsed.id));
    },
  };
}

export function bulkOperationView(env: ResolverEnv, op: BulkOperationRecord): View {
  const url = op.status === "COMPLETED" && op.result ? `${env.base()}/bulk-results/${op.id}.jsonl` : null;
  return {
    __typename: "BulkOperation",
    id: gid("BulkOperation", op.id),
    status: op.status,
    type: op.type,
    query: op.query,
    errorCode: op.errorCode,
    createdAt: op.createdAt,
    completedAt: op.completedAt,
    objectCount: String(op.objectCount),
    rootObjectCount: String(op.rootObjectCount),
    fileSize: op.result ? String(op.result.length) : null,
    url,
    partialDataUrl: null,
  };
}

export function shopView(env: ResolverEnv): View {
  const shop = env.store.shop;
  return {
    __typename: "Shop",
    id: gid("Shop", 1),
    name: shop.name,
    email: shop.email,
    myshopifyDomain: shop.myshopifyDomain,
    url: `https://${shop.myshopifyDomain}`,
    currencyCode: shop.currencyCode,
    plan: { ...shop.plan, displayName: shop.plan.publicDisplayName },
  };
}

/** Any object by gid (the Node interface). */
export function nodeById(env: ResolverEnv, id: string): View | null {
  const parsed = parseGid(id);
  if (!parsed) throw new GraphQLError(`Invalid global id '${id}'`, { extensions: { code: "BAD_REQUEST" } });
  const store = env.store;
  switch (parsed.kind) {
    case "Product": {
      const p = store.products.get(parsed.id);
      return p ? productView(env, p) : null;
    }
    case "Collection": {
      const c = store.collections.get(parsed.id);
      return c ? collectionView(env, c) : null;
    }
    case "MediaImage": {
      const m = store.media.get(parsed.id);
      return m ? mediaView(env, m) : null;
    }
    case "ProductVariant": {
      const found = store.variant(parsed.id);
      return found ? variantView(env, found.product, found.variant) : null;
    }
    case "BulkOperation": {
      const op = env.bulkOperations.get(parsed.id);
      return op ? bulkOperationView(env, op) : null;
    }
    default:
      return null;
  }
}
