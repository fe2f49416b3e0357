/**
 * The documents collection-stream.ts sends: a collection's products paged, or the bulk operation that
 * reads a large collection in one go (started, then polled). Validated against the 2026-07 schema by
 * tests/graphql-documents.test.ts and typed by `npm run graphql-codegen` (app/types/).
 */
import { MEDIA_FIELDS_FRAGMENT, PRODUCT_FIELDS_FRAGMENT } from "./product-fields";

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
