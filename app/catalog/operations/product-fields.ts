/**
 * The product and media fields every product read asks for, shared by the catalog's reads and the
 * paged collection stream so both map the same shape (map.ts). The bulk query repeats these fields
 * inline (bulk documents take no fragments), so a field added here belongs there too.
 *
 * Cost notes (Shopify: object 1, connection 2 + first × node cost, scalars 0 (so the transformed URL
 * aliases are free), mutation 10):
 * a product with `media(first: 10)` and its images costs up to 1 + 1 + 2 + 10 × 2 = 24 points, so a
 * page of 25 products requests about 600 points; the actual cost counts only what is returned.
 */

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
