/**
 * The documents media-writes.ts sends: staging and attaching an image to a product, showing it on
 * variants, checking it is ready, and taking it off again. Validated against the 2026-07 schema by
 * tests/graphql-documents.test.ts and typed by `npm run graphql-codegen` (app/types/).
 */

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
