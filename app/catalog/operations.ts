/**
 * Every Admin GraphQL document the catalog sends. Each is validated against Shopify's real 2026-07
 * schema by tests/graphql-documents.test.ts and typed by `npm run graphql-codegen` (app/types/).
 *
 * Cost notes (Shopify: object 1, connection 2 + first × node cost, scalars 0 (so the transformed URL
 * aliases are free), mutation 10):
 * a product with `media(first: 10)` and its images costs up to 1 + 1 + 2 + 10 × 2 = 24 points, so a
 * page of 25 products requests about 600 points; the actual cost counts only what is returned.
 */

export const SHOP_INFO_QUERY = `#graphql
  query CatalogShopInfo {
    shop {
      id
      name
      myshopifyDomain
      plan {
        publicDisplayName
        partnerDevelopment
        shopifyPlus
      }
    }
  }
`;

export const MEDIA_FIELDS_FRAGMENT = `#graphql
  fragment CatalogMediaFields on Media {
    id
    alt
    status
    mediaContentType
    ... on MediaImage {
      image {
        url
        width
        height
        previewUrl: url(transform: { maxWidth: 512, maxHeight: 512 })
        judgeUrl: url(transform: { maxWidth: 256, maxHeight: 256 })
        tryOnUrl: url(transform: { maxWidth: 3000, maxHeight: 3000 })
      }
    }
  }
`;

export const PRODUCT_FIELDS_FRAGMENT = `#graphql
  fragment CatalogProductFields on Product {
    id
    title
    handle
    productType
    vendor
    status
    tags
    updatedAt
    category {
      id
      name
      fullName
    }
    hasOnlyDefaultVariant
    options(first: 3) {
      name
      values
      linkedMetafield {
        namespace
        key
      }
    }
    media(first: $mediaFirst) {
      nodes {
        ...CatalogMediaFields
      }
    }
  }
`;

export const PRODUCTS_QUERY = `#graphql
  query CatalogProducts($first: Int!, $after: String, $query: String, $mediaFirst: Int!) {
    products(first: $first, after: $after, query: $query) {
      nodes {
        ...CatalogProductFields
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
  ${PRODUCT_FIELDS_FRAGMENT}
  ${MEDIA_FIELDS_FRAGMENT}
`;

/**
 * A variant's option values and the one medium it shows (`media(first: 1)`: Shopify allows one per
 * variant). 1 + 1 + (2 + 1) = 5 points per variant.
 */
export const VARIANT_FIELDS_FRAGMENT = `#graphql
  fragment CatalogVariantFields on ProductVariant {
    id
    title
    selectedOptions {
      name
      value
    }
    media(first: 1) {
      nodes {
        id
      }
    }
  }
`;

export const PRODUCT_QUERY = `#graphql
  query CatalogProduct($id: ID!, $mediaFirst: Int!) {
    product(id: $id) {
      ...CatalogProductFields
      mediaCount {
        count
      }
    }
  }
  ${PRODUCT_FIELDS_FRAGMENT}
  ${MEDIA_FIELDS_FRAGMENT}
`;

/**
 * A product's variants, paged (100 × 5 + 2 + 1 = 503 points a page). Product reads carry only the
 * options (2 points); this runs only for products whose options include a colour.
 */
export const PRODUCT_VARIANTS_QUERY = `#graphql
  query CatalogProductVariants($id: ID!, $first: Int!, $after: String) {
    product(id: $id) {
      id
      variants(first: $first, after: $after) {
        nodes {
          ...CatalogVariantFields
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
  ${VARIANT_FIELDS_FRAGMENT}
`;

/** Shows a medium of the product on variants (Shopify: one medium per variant, READY media only). */
export const VARIANT_APPEND_MEDIA_MUTATION = `#graphql
  mutation CatalogVariantAppendMedia($productId: ID!, $variantMedia: [ProductVariantAppendMediaInput!]!) {
    productVariantAppendMedia(productId: $productId, variantMedia: $variantMedia) {
      productVariants {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

/** Stops variants showing a medium (the medium stays on the product). */
export const VARIANT_DETACH_MEDIA_MUTATION = `#graphql
  mutation CatalogVariantDetachMedia($productId: ID!, $variantMedia: [ProductVariantDetachMediaInput!]!) {
    productVariantDetachMedia(productId: $productId, variantMedia: $variantMedia) {
      productVariants {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const PRODUCT_MEDIA_QUERY = `#graphql
  query CatalogProductMedia($id: ID!, $first: Int!, $after: String) {
    product(id: $id) {
      id
      media(first: $first, after: $after) {
        nodes {
          ...CatalogMediaFields
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
  ${MEDIA_FIELDS_FRAGMENT}
`;

export const COLLECTIONS_QUERY = `#graphql
  query CatalogCollections($first: Int!, $after: String, $query: String) {
    collections(first: $first, after: $after, query: $query) {
      nodes {
        id
        title
        handle
        updatedAt
        productsCount {
          count
          precision
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const COLLECTION_QUERY = `#graphql
  query CatalogCollection($id: ID!) {
    collection(id: $id) {
      id
      title
      handle
      updatedAt
      productsCount {
        count
        precision
      }
    }
  }
`;

export const COLLECTION_PRODUCTS_QUERY = `#graphql
  query CatalogCollectionProducts($id: ID!, $first: Int!, $after: String, $mediaFirst: Int!) {
    collection(id: $id) {
      id
      products(first: $first, after: $after) {
        nodes {
          ...CatalogProductFields
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
  ${PRODUCT_FIELDS_FRAGMENT}
  ${MEDIA_FIELDS_FRAGMENT}
`;

/** Placeholder replaced (by {@link bulkCollectionProductsQuery}) with the collection's numeric id. */
export const BULK_COLLECTION_PLACEHOLDER = "collection_id:COLLECTION_ID";

/**
 * The bulk query for a large collection. Bulk queries take no variables and no `first`; nested
 * connections become their own JSONL lines with `__parentId`. Kept free of fragments so the document
 * sent is exactly the one validated. Options only, no variants: a variant's media would be a third
 * level of connections, which bulk queries refuse; colour products read their variants on demand.
 */
export const COLLECTION_PRODUCTS_BULK_QUERY = `#graphql
  query CatalogCollectionProductsBulk {
    products(query: "collection_id:COLLECTION_ID") {
      edges {
        node {
          id
          title
          handle
          productType
          vendor
          status
          tags
          updatedAt
          category {
            id
            name
            fullName
          }
          hasOnlyDefaultVariant
          options {
            name
            values
            linkedMetafield {
              namespace
              key
            }
          }
          media {
            edges {
              node {
                id
                alt
                status
                mediaContentType
                ... on MediaImage {
                  image {
                    url
                    width
                    height
                    previewUrl: url(transform: { maxWidth: 512, maxHeight: 512 })
                    judgeUrl: url(transform: { maxWidth: 256, maxHeight: 256 })
                    tryOnUrl: url(transform: { maxWidth: 3000, maxHeight: 3000 })
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;

/** The bulk query text for one collection (numeric id checked: it is inlined into the document). */
export function bulkCollectionProductsQuery(collectionId: string): string {
  const numeric = collectionId.match(/^gid:\/\/shopify\/Collection\/(\d+)$/)?.[1] ?? (/^\d+$/.test(collectionId) ? collectionId : null);
  if (!numeric) throw new Error(`"${collectionId}" is not a collection id like gid://shopify/Collection/123.`);
  return COLLECTION_PRODUCTS_BULK_QUERY.replace(BULK_COLLECTION_PLACEHOLDER, `collection_id:${numeric}`);
}

export const BULK_RUN_QUERY_MUTATION = `#graphql
  mutation CatalogBulkRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query, groupObjects: false) {
      bulkOperation {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const BULK_OPERATION_QUERY = `#graphql
  query CatalogBulkOperation($id: ID!) {
    bulkOperation(id: $id) {
      id
      status
      errorCode
      objectCount
      rootObjectCount
      fileSize
      url
      partialDataUrl
    }
  }
`;

export const STAGED_UPLOADS_CREATE_MUTATION = `#graphql
  mutation CatalogStagedUploadsCreate($input: [StagedUploadInput!]!) {
    stagedUploadsCreate(input: $input) {
      stagedTargets {
        url
        resourceUrl
        parameters {
          name
          value
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/** Attaches media; returns the newest media so the caller can find the one it just created. */
export const PRODUCT_ATTACH_MEDIA_MUTATION = `#graphql
  mutation CatalogProductAttachMedia($product: ProductUpdateInput!, $media: [CreateMediaInput!]!) {
    productUpdate(product: $product, media: $media) {
      product {
        id
        media(first: 20, sortKey: ID, reverse: true) {
          nodes {
            id
            alt
            status
            mediaContentType
          }
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/** Deletes files (and so the product media they are). `productDeleteMedia` is deprecated in 2026-07. */
export const FILE_DELETE_MUTATION = `#graphql
  mutation CatalogFileDelete($fileIds: [ID!]!) {
    fileDelete(fileIds: $fileIds) {
      deletedFileIds
      userErrors {
        field
        message
        code
      }
    }
  }
`;

/** Detaches files from a product without deleting them (`referencesToRemove`). */
export const FILE_DETACH_MUTATION = `#graphql
  mutation CatalogFileDetach($files: [FileUpdateInput!]!) {
    fileUpdate(files: $files) {
      files {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const MEDIA_STATUS_QUERY = `#graphql
  query CatalogMediaStatus($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on MediaImage {
        id
        alt
        status
        mediaErrors {
          code
          message
          details
        }
        image {
          url
          width
          height
        }
      }
    }
  }
`;
