/**
 * The documents catalog-reads.ts sends: the shop, products (with their variants when colours
 * matter), a product's media, and collections. Validated against the 2026-07 schema by
 * tests/graphql-documents.test.ts and typed by `npm run graphql-codegen` (app/types/).
 */
import { MEDIA_FIELDS_FRAGMENT, PRODUCT_FIELDS_FRAGMENT } from "./product-fields";

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
