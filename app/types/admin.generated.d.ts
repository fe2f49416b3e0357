/* eslint-disable eslint-comments/disable-enable-pair */
/* eslint-disable eslint-comments/no-unlimited-disable */
/* eslint-disable */
import type * as AdminTypes from './admin.types.js';

export type FilesStagedUploadsMutationVariables = AdminTypes.Exact<{
  input: Array<AdminTypes.StagedUploadInput> | AdminTypes.StagedUploadInput;
}>;


export type FilesStagedUploadsMutation = { stagedUploadsCreate?: AdminTypes.Maybe<{ stagedTargets?: AdminTypes.Maybe<Array<(
      Pick<AdminTypes.StagedMediaUploadTarget, 'url' | 'resourceUrl'>
      & { parameters: Array<Pick<AdminTypes.StagedUploadParameter, 'name' | 'value'>> }
    )>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type FilesCreateMutationVariables = AdminTypes.Exact<{
  files: Array<AdminTypes.FileCreateInput> | AdminTypes.FileCreateInput;
}>;


export type FilesCreateMutation = { fileCreate?: AdminTypes.Maybe<{ files?: AdminTypes.Maybe<Array<Pick<AdminTypes.ExternalVideo, 'id' | 'fileStatus' | 'alt'> | Pick<AdminTypes.GenericFile, 'id' | 'fileStatus' | 'alt'> | Pick<AdminTypes.MediaImage, 'id' | 'fileStatus' | 'alt'> | Pick<AdminTypes.Model3d, 'id' | 'fileStatus' | 'alt'> | Pick<AdminTypes.Video, 'id' | 'fileStatus' | 'alt'>>>, userErrors: Array<Pick<AdminTypes.FilesUserError, 'field' | 'message' | 'code'>> }> };

export type FilesStatusQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type FilesStatusQuery = { nodes: Array<AdminTypes.Maybe<(
    Pick<AdminTypes.MediaImage, 'id' | 'fileStatus'>
    & { image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>>, fileErrors: Array<Pick<AdminTypes.FileError, 'code' | 'message'>> }
  )>> };

export type FilesByNameQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
}>;


export type FilesByNameQuery = { files: { nodes: Array<Pick<AdminTypes.ExternalVideo, 'id' | 'fileStatus' | 'alt'> | Pick<AdminTypes.GenericFile, 'id' | 'fileStatus' | 'alt'> | (
      Pick<AdminTypes.MediaImage, 'id' | 'fileStatus' | 'alt'>
      & { image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>> }
    ) | Pick<AdminTypes.Model3d, 'id' | 'fileStatus' | 'alt'> | Pick<AdminTypes.Video, 'id' | 'fileStatus' | 'alt'>> } };

export type FilesAttachMutationVariables = AdminTypes.Exact<{
  files: Array<AdminTypes.FileUpdateInput> | AdminTypes.FileUpdateInput;
}>;


export type FilesAttachMutation = { fileUpdate?: AdminTypes.Maybe<{ files?: AdminTypes.Maybe<Array<Pick<AdminTypes.ExternalVideo, 'id' | 'fileStatus'> | Pick<AdminTypes.GenericFile, 'id' | 'fileStatus'> | Pick<AdminTypes.MediaImage, 'id' | 'fileStatus'> | Pick<AdminTypes.Model3d, 'id' | 'fileStatus'> | Pick<AdminTypes.Video, 'id' | 'fileStatus'>>>, userErrors: Array<Pick<AdminTypes.FilesUserError, 'field' | 'message' | 'code'>> }> };

export type FilesDeleteMutationVariables = AdminTypes.Exact<{
  fileIds: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type FilesDeleteMutation = { fileDelete?: AdminTypes.Maybe<(
    Pick<AdminTypes.FileDeletePayload, 'deletedFileIds'>
    & { userErrors: Array<Pick<AdminTypes.FilesUserError, 'field' | 'message' | 'code'>> }
  )> };

export type FilesReorderProductMediaMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  moves: Array<AdminTypes.MoveInput> | AdminTypes.MoveInput;
}>;


export type FilesReorderProductMediaMutation = { productReorderMedia?: AdminTypes.Maybe<{ job?: AdminTypes.Maybe<Pick<AdminTypes.Job, 'id'>>, mediaUserErrors: Array<Pick<AdminTypes.MediaUserError, 'field' | 'message' | 'code'>> }> };

export type CatalogShopInfoQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type CatalogShopInfoQuery = { shop: (
    Pick<AdminTypes.Shop, 'id' | 'name' | 'myshopifyDomain'>
    & { plan: Pick<AdminTypes.ShopPlan, 'publicDisplayName' | 'partnerDevelopment' | 'shopifyPlus'> }
  ) };

export type CatalogProductsQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  query?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  mediaFirst: AdminTypes.Scalars['Int']['input'];
}>;


export type CatalogProductsQuery = { products: { nodes: Array<(
      Pick<AdminTypes.Product, 'id' | 'title' | 'handle' | 'productType' | 'vendor' | 'status' | 'tags' | 'updatedAt' | 'hasOnlyDefaultVariant'>
      & { category?: AdminTypes.Maybe<Pick<AdminTypes.TaxonomyCategory, 'id' | 'name' | 'fullName'>>, options: Array<(
        Pick<AdminTypes.ProductOption, 'name' | 'values'>
        & { linkedMetafield?: AdminTypes.Maybe<Pick<AdminTypes.LinkedMetafield, 'namespace' | 'key'>> }
      )>, media: { nodes: Array<Pick<AdminTypes.ExternalVideo, 'id' | 'alt' | 'status' | 'mediaContentType'> | (
          Pick<AdminTypes.MediaImage, 'id' | 'alt' | 'status' | 'mediaContentType'>
          & { image?: AdminTypes.Maybe<(
            Pick<AdminTypes.Image, 'url' | 'width' | 'height'>
            & { previewUrl: AdminTypes.Image['url'], judgeUrl: AdminTypes.Image['url'], tryOnUrl: AdminTypes.Image['url'] }
          )> }
        ) | Pick<AdminTypes.Model3d, 'id' | 'alt' | 'status' | 'mediaContentType'> | Pick<AdminTypes.Video, 'id' | 'alt' | 'status' | 'mediaContentType'>> } }
    )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type CatalogVariantFieldsFragment = (
  Pick<AdminTypes.ProductVariant, 'id' | 'title'>
  & { selectedOptions: Array<Pick<AdminTypes.SelectedOption, 'name' | 'value'>>, media: { nodes: Array<Pick<AdminTypes.ExternalVideo, 'id'> | Pick<AdminTypes.MediaImage, 'id'> | Pick<AdminTypes.Model3d, 'id'> | Pick<AdminTypes.Video, 'id'>> } }
);

export type CatalogProductQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  mediaFirst: AdminTypes.Scalars['Int']['input'];
}>;


export type CatalogProductQuery = { product?: AdminTypes.Maybe<(
    Pick<AdminTypes.Product, 'id' | 'title' | 'handle' | 'productType' | 'vendor' | 'status' | 'tags' | 'updatedAt' | 'hasOnlyDefaultVariant'>
    & { mediaCount?: AdminTypes.Maybe<Pick<AdminTypes.Count, 'count'>>, category?: AdminTypes.Maybe<Pick<AdminTypes.TaxonomyCategory, 'id' | 'name' | 'fullName'>>, options: Array<(
      Pick<AdminTypes.ProductOption, 'name' | 'values'>
      & { linkedMetafield?: AdminTypes.Maybe<Pick<AdminTypes.LinkedMetafield, 'namespace' | 'key'>> }
    )>, media: { nodes: Array<Pick<AdminTypes.ExternalVideo, 'id' | 'alt' | 'status' | 'mediaContentType'> | (
        Pick<AdminTypes.MediaImage, 'id' | 'alt' | 'status' | 'mediaContentType'>
        & { image?: AdminTypes.Maybe<(
          Pick<AdminTypes.Image, 'url' | 'width' | 'height'>
          & { previewUrl: AdminTypes.Image['url'], judgeUrl: AdminTypes.Image['url'], tryOnUrl: AdminTypes.Image['url'] }
        )> }
      ) | Pick<AdminTypes.Model3d, 'id' | 'alt' | 'status' | 'mediaContentType'> | Pick<AdminTypes.Video, 'id' | 'alt' | 'status' | 'mediaContentType'>> } }
  )> };

export type CatalogProductVariantsQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type CatalogProductVariantsQuery = { product?: AdminTypes.Maybe<(
    Pick<AdminTypes.Product, 'id'>
    & { variants: { nodes: Array<(
        Pick<AdminTypes.ProductVariant, 'id' | 'title'>
        & { selectedOptions: Array<Pick<AdminTypes.SelectedOption, 'name' | 'value'>>, media: { nodes: Array<Pick<AdminTypes.ExternalVideo, 'id'> | Pick<AdminTypes.MediaImage, 'id'> | Pick<AdminTypes.Model3d, 'id'> | Pick<AdminTypes.Video, 'id'>> } }
      )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } }
  )> };

export type CatalogProductMediaQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type CatalogProductMediaQuery = { product?: AdminTypes.Maybe<(
    Pick<AdminTypes.Product, 'id'>
    & { media: { nodes: Array<Pick<AdminTypes.ExternalVideo, 'id' | 'alt' | 'status' | 'mediaContentType'> | (
        Pick<AdminTypes.MediaImage, 'id' | 'alt' | 'status' | 'mediaContentType'>
        & { image?: AdminTypes.Maybe<(
          Pick<AdminTypes.Image, 'url' | 'width' | 'height'>
          & { previewUrl: AdminTypes.Image['url'], judgeUrl: AdminTypes.Image['url'], tryOnUrl: AdminTypes.Image['url'] }
        )> }
      ) | Pick<AdminTypes.Model3d, 'id' | 'alt' | 'status' | 'mediaContentType'> | Pick<AdminTypes.Video, 'id' | 'alt' | 'status' | 'mediaContentType'>>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } }
  )> };

export type CatalogCollectionsQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  query?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type CatalogCollectionsQuery = { collections: { nodes: Array<(
      Pick<AdminTypes.Collection, 'id' | 'title' | 'handle' | 'updatedAt'>
      & { productsCount?: AdminTypes.Maybe<Pick<AdminTypes.Count, 'count' | 'precision'>> }
    )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type CatalogCollectionQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type CatalogCollectionQuery = { collection?: AdminTypes.Maybe<(
    Pick<AdminTypes.Collection, 'id' | 'title' | 'handle' | 'updatedAt'>
    & { productsCount?: AdminTypes.Maybe<Pick<AdminTypes.Count, 'count' | 'precision'>> }
  )> };

export type CatalogCollectionProductsQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  mediaFirst: AdminTypes.Scalars['Int']['input'];
}>;


export type CatalogCollectionProductsQuery = { collection?: AdminTypes.Maybe<(
    Pick<AdminTypes.Collection, 'id'>
    & { products: { nodes: Array<(
        Pick<AdminTypes.Product, 'id' | 'title' | 'handle' | 'productType' | 'vendor' | 'status' | 'tags' | 'updatedAt' | 'hasOnlyDefaultVariant'>
        & { category?: AdminTypes.Maybe<Pick<AdminTypes.TaxonomyCategory, 'id' | 'name' | 'fullName'>>, options: Array<(
          Pick<AdminTypes.ProductOption, 'name' | 'values'>
          & { linkedMetafield?: AdminTypes.Maybe<Pick<AdminTypes.LinkedMetafield, 'namespace' | 'key'>> }
        )>, media: { nodes: Array<Pick<AdminTypes.ExternalVideo, 'id' | 'alt' | 'status' | 'mediaContentType'> | (
            Pick<AdminTypes.MediaImage, 'id' | 'alt' | 'status' | 'mediaContentType'>
            & { image?: AdminTypes.Maybe<(
              Pick<AdminTypes.Image, 'url' | 'width' | 'height'>
              & { previewUrl: AdminTypes.Image['url'], judgeUrl: AdminTypes.Image['url'], tryOnUrl: AdminTypes.Image['url'] }
            )> }
          ) | Pick<AdminTypes.Model3d, 'id' | 'alt' | 'status' | 'mediaContentType'> | Pick<AdminTypes.Video, 'id' | 'alt' | 'status' | 'mediaContentType'>> } }
      )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } }
  )> };

export type CatalogCollectionProductsBulkQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type CatalogCollectionProductsBulkQuery = { products: { edges: Array<{ node: (
        Pick<AdminTypes.Product, 'id' | 'title' | 'handle' | 'productType' | 'vendor' | 'status' | 'tags' | 'updatedAt' | 'hasOnlyDefaultVariant'>
        & { category?: AdminTypes.Maybe<Pick<AdminTypes.TaxonomyCategory, 'id' | 'name' | 'fullName'>>, options: Array<(
          Pick<AdminTypes.ProductOption, 'name' | 'values'>
          & { linkedMetafield?: AdminTypes.Maybe<Pick<AdminTypes.LinkedMetafield, 'namespace' | 'key'>> }
        )>, media: { edges: Array<{ node: Pick<AdminTypes.ExternalVideo, 'id' | 'alt' | 'status' | 'mediaContentType'> | (
              Pick<AdminTypes.MediaImage, 'id' | 'alt' | 'status' | 'mediaContentType'>
              & { image?: AdminTypes.Maybe<(
                Pick<AdminTypes.Image, 'url' | 'width' | 'height'>
                & { previewUrl: AdminTypes.Image['url'], judgeUrl: AdminTypes.Image['url'], tryOnUrl: AdminTypes.Image['url'] }
              )> }
            ) | Pick<AdminTypes.Model3d, 'id' | 'alt' | 'status' | 'mediaContentType'> | Pick<AdminTypes.Video, 'id' | 'alt' | 'status' | 'mediaContentType'> }> } }
      ) }> } };

export type CatalogBulkRunQueryMutationVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
}>;


export type CatalogBulkRunQueryMutation = { bulkOperationRunQuery?: AdminTypes.Maybe<{ bulkOperation?: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.BulkOperationUserError, 'field' | 'message' | 'code'>> }> };

export type CatalogBulkOperationQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type CatalogBulkOperationQuery = { bulkOperation?: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status' | 'errorCode' | 'objectCount' | 'rootObjectCount' | 'fileSize' | 'url' | 'partialDataUrl'>> };

export type CatalogVariantAppendMediaMutationVariables = AdminTypes.Exact<{
  productId: AdminTypes.Scalars['ID']['input'];
  variantMedia: Array<AdminTypes.ProductVariantAppendMediaInput> | AdminTypes.ProductVariantAppendMediaInput;
}>;


export type CatalogVariantAppendMediaMutation = { productVariantAppendMedia?: AdminTypes.Maybe<{ productVariants?: AdminTypes.Maybe<Array<Pick<AdminTypes.ProductVariant, 'id'>>>, userErrors: Array<Pick<AdminTypes.MediaUserError, 'field' | 'message' | 'code'>> }> };

export type CatalogVariantDetachMediaMutationVariables = AdminTypes.Exact<{
  productId: AdminTypes.Scalars['ID']['input'];
  variantMedia: Array<AdminTypes.ProductVariantDetachMediaInput> | AdminTypes.ProductVariantDetachMediaInput;
}>;


export type CatalogVariantDetachMediaMutation = { productVariantDetachMedia?: AdminTypes.Maybe<{ productVariants?: AdminTypes.Maybe<Array<Pick<AdminTypes.ProductVariant, 'id'>>>, userErrors: Array<Pick<AdminTypes.MediaUserError, 'field' | 'message' | 'code'>> }> };

export type CatalogStagedUploadsCreateMutationVariables = AdminTypes.Exact<{
  input: Array<AdminTypes.StagedUploadInput> | AdminTypes.StagedUploadInput;
}>;


export type CatalogStagedUploadsCreateMutation = { stagedUploadsCreate?: AdminTypes.Maybe<{ stagedTargets?: AdminTypes.Maybe<Array<(
      Pick<AdminTypes.StagedMediaUploadTarget, 'url' | 'resourceUrl'>
      & { parameters: Array<Pick<AdminTypes.StagedUploadParameter, 'name' | 'value'>> }
    )>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type CatalogProductAttachMediaMutationVariables = AdminTypes.Exact<{
  product: AdminTypes.ProductUpdateInput;
  media: Array<AdminTypes.CreateMediaInput> | AdminTypes.CreateMediaInput;
}>;


export type CatalogProductAttachMediaMutation = { productUpdate?: AdminTypes.Maybe<{ product?: AdminTypes.Maybe<(
      Pick<AdminTypes.Product, 'id'>
      & { media: { nodes: Array<Pick<AdminTypes.ExternalVideo, 'id' | 'alt' | 'status' | 'mediaContentType'> | Pick<AdminTypes.MediaImage, 'id' | 'alt' | 'status' | 'mediaContentType'> | Pick<AdminTypes.Model3d, 'id' | 'alt' | 'status' | 'mediaContentType'> | Pick<AdminTypes.Video, 'id' | 'alt' | 'status' | 'mediaContentType'>> } }
    )>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type CatalogFileDeleteMutationVariables = AdminTypes.Exact<{
  fileIds: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type CatalogFileDeleteMutation = { fileDelete?: AdminTypes.Maybe<(
    Pick<AdminTypes.FileDeletePayload, 'deletedFileIds'>
    & { userErrors: Array<Pick<AdminTypes.FilesUserError, 'field' | 'message' | 'code'>> }
  )> };

export type CatalogFileDetachMutationVariables = AdminTypes.Exact<{
  files: Array<AdminTypes.FileUpdateInput> | AdminTypes.FileUpdateInput;
}>;


export type CatalogFileDetachMutation = { fileUpdate?: AdminTypes.Maybe<{ files?: AdminTypes.Maybe<Array<Pick<AdminTypes.ExternalVideo, 'id'> | Pick<AdminTypes.GenericFile, 'id'> | Pick<AdminTypes.MediaImage, 'id'> | Pick<AdminTypes.Model3d, 'id'> | Pick<AdminTypes.Video, 'id'>>>, userErrors: Array<Pick<AdminTypes.FilesUserError, 'field' | 'message' | 'code'>> }> };

export type CatalogMediaStatusQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type CatalogMediaStatusQuery = { nodes: Array<AdminTypes.Maybe<(
    Pick<AdminTypes.MediaImage, 'id' | 'alt' | 'status'>
    & { mediaErrors: Array<Pick<AdminTypes.MediaError, 'code' | 'message' | 'details'>>, image?: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url' | 'width' | 'height'>> }
  )>> };

type CatalogMediaFields_ExternalVideo_Fragment = Pick<AdminTypes.ExternalVideo, 'id' | 'alt' | 'status' | 'mediaContentType'>;

type CatalogMediaFields_MediaImage_Fragment = (
  Pick<AdminTypes.MediaImage, 'id' | 'alt' | 'status' | 'mediaContentType'>
  & { image?: AdminTypes.Maybe<(
    Pick<AdminTypes.Image, 'url' | 'width' | 'height'>
    & { previewUrl: AdminTypes.Image['url'], judgeUrl: AdminTypes.Image['url'], tryOnUrl: AdminTypes.Image['url'] }
  )> }
);

type CatalogMediaFields_Model3d_Fragment = Pick<AdminTypes.Model3d, 'id' | 'alt' | 'status' | 'mediaContentType'>;

type CatalogMediaFields_Video_Fragment = Pick<AdminTypes.Video, 'id' | 'alt' | 'status' | 'mediaContentType'>;

export type CatalogMediaFieldsFragment = CatalogMediaFields_ExternalVideo_Fragment | CatalogMediaFields_MediaImage_Fragment | CatalogMediaFields_Model3d_Fragment | CatalogMediaFields_Video_Fragment;

export type CatalogProductFieldsFragment = (
  Pick<AdminTypes.Product, 'id' | 'title' | 'handle' | 'productType' | 'vendor' | 'status' | 'tags' | 'updatedAt' | 'hasOnlyDefaultVariant'>
  & { category?: AdminTypes.Maybe<Pick<AdminTypes.TaxonomyCategory, 'id' | 'name' | 'fullName'>>, options: Array<(
    Pick<AdminTypes.ProductOption, 'name' | 'values'>
    & { linkedMetafield?: AdminTypes.Maybe<Pick<AdminTypes.LinkedMetafield, 'namespace' | 'key'>> }
  )>, media: { nodes: Array<Pick<AdminTypes.ExternalVideo, 'id' | 'alt' | 'status' | 'mediaContentType'> | (
      Pick<AdminTypes.MediaImage, 'id' | 'alt' | 'status' | 'mediaContentType'>
      & { image?: AdminTypes.Maybe<(
        Pick<AdminTypes.Image, 'url' | 'width' | 'height'>
        & { previewUrl: AdminTypes.Image['url'], judgeUrl: AdminTypes.Image['url'], tryOnUrl: AdminTypes.Image['url'] }
      )> }
    ) | Pick<AdminTypes.Model3d, 'id' | 'alt' | 'status' | 'mediaContentType'> | Pick<AdminTypes.Video, 'id' | 'alt' | 'status' | 'mediaContentType'>> } }
);

export type PipelineProductCollectionsQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type PipelineProductCollectionsQuery = { nodes: Array<AdminTypes.Maybe<(
    Pick<AdminTypes.Product, 'id'>
    & { collections: { nodes: Array<Pick<AdminTypes.Collection, 'id'>> } }
  )>> };

interface GeneratedQueryTypes {
  "#graphql\n  query FilesStatus($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      ... on MediaImage {\n        id\n        fileStatus\n        image {\n          url\n        }\n        fileErrors {\n          code\n          message\n        }\n      }\n    }\n  }\n": {return: FilesStatusQuery, variables: FilesStatusQueryVariables},
  "#graphql\n  query FilesByName($query: String!) {\n    files(first: 10, query: $query) {\n      nodes {\n        id\n        ... on MediaImage {\n          image {\n            url\n          }\n        }\n        fileStatus\n        alt\n      }\n    }\n  }\n": {return: FilesByNameQuery, variables: FilesByNameQueryVariables},
  "#graphql\n  query CatalogShopInfo {\n    shop {\n      id\n      name\n      myshopifyDomain\n      plan {\n        publicDisplayName\n        partnerDevelopment\n        shopifyPlus\n      }\n    }\n  }\n": {return: CatalogShopInfoQuery, variables: CatalogShopInfoQueryVariables},
  "#graphql\n  query CatalogProducts($first: Int!, $after: String, $query: String, $mediaFirst: Int!) {\n    products(first: $first, after: $after, query: $query) {\n      nodes {\n        ...CatalogProductFields\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n  #graphql\n  fragment CatalogProductFields on Product {\n    id\n    title\n    handle\n    productType\n    vendor\n    status\n    tags\n    updatedAt\n    category {\n      id\n      name\n      fullName\n    }\n    hasOnlyDefaultVariant\n    options(first: 3) {\n      name\n      values\n      linkedMetafield {\n        namespace\n        key\n      }\n    }\n    media(first: $mediaFirst) {\n      nodes {\n        ...CatalogMediaFields\n      }\n    }\n  }\n\n  #graphql\n  fragment CatalogMediaFields on Media {\n    id\n    alt\n    status\n    mediaContentType\n    ... on MediaImage {\n      image {\n        url\n        width\n        height\n        previewUrl: url(transform: { maxWidth: 512, maxHeight: 512 })\n        judgeUrl: url(transform: { maxWidth: 256, maxHeight: 256 })\n        tryOnUrl: url(transform: { maxWidth: 3000, maxHeight: 3000 })\n      }\n    }\n  }\n\n": {return: CatalogProductsQuery, variables: CatalogProductsQueryVariables},
  "#graphql\n  query CatalogProduct($id: ID!, $mediaFirst: Int!) {\n    product(id: $id) {\n      ...CatalogProductFields\n      mediaCount {\n        count\n      }\n    }\n  }\n  #graphql\n  fragment CatalogProductFields on Product {\n    id\n    title\n    handle\n    productType\n    vendor\n    status\n    tags\n    updatedAt\n    category {\n      id\n      name\n      fullName\n    }\n    hasOnlyDefaultVariant\n    options(first: 3) {\n      name\n      values\n      linkedMetafield {\n        namespace\n        key\n      }\n    }\n    media(first: $mediaFirst) {\n      nodes {\n        ...CatalogMediaFields\n      }\n    }\n  }\n\n  #graphql\n  fragment CatalogMediaFields on Media {\n    id\n    alt\n    status\n    mediaContentType\n    ... on MediaImage {\n      image {\n        url\n        width\n        height\n        previewUrl: url(transform: { maxWidth: 512, maxHeight: 512 })\n        judgeUrl: url(transform: { maxWidth: 256, maxHeight: 256 })\n        tryOnUrl: url(transform: { maxWidth: 3000, maxHeight: 3000 })\n      }\n    }\n  }\n\n": {return: CatalogProductQuery, variables: CatalogProductQueryVariables},
  "#graphql\n  query CatalogProductVariants($id: ID!, $first: Int!, $after: String) {\n    product(id: $id) {\n      id\n      variants(first: $first, after: $after) {\n        nodes {\n          ...CatalogVariantFields\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n  #graphql\n  fragment CatalogVariantFields on ProductVariant {\n    id\n    title\n    selectedOptions {\n      name\n      value\n    }\n    media(first: 1) {\n      nodes {\n        id\n      }\n    }\n  }\n\n": {return: CatalogProductVariantsQuery, variables: CatalogProductVariantsQueryVariables},
  "#graphql\n  query CatalogProductMedia($id: ID!, $first: Int!, $after: String) {\n    product(id: $id) {\n      id\n      media(first: $first, after: $after) {\n        nodes {\n          ...CatalogMediaFields\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n  #graphql\n  fragment CatalogMediaFields on Media {\n    id\n    alt\n    status\n    mediaContentType\n    ... on MediaImage {\n      image {\n        url\n        width\n        height\n        previewUrl: url(transform: { maxWidth: 512, maxHeight: 512 })\n        judgeUrl: url(transform: { maxWidth: 256, maxHeight: 256 })\n        tryOnUrl: url(transform: { maxWidth: 3000, maxHeight: 3000 })\n      }\n    }\n  }\n\n": {return: CatalogProductMediaQuery, variables: CatalogProductMediaQueryVariables},
  "#graphql\n  query CatalogCollections($first: Int!, $after: String, $query: String) {\n    collections(first: $first, after: $after, query: $query) {\n      nodes {\n        id\n        title\n        handle\n        updatedAt\n        productsCount {\n          count\n          precision\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": {return: CatalogCollectionsQuery, variables: CatalogCollectionsQueryVariables},
  "#graphql\n  query CatalogCollection($id: ID!) {\n    collection(id: $id) {\n      id\n      title\n      handle\n      updatedAt\n      productsCount {\n        count\n        precision\n      }\n    }\n  }\n": {return: CatalogCollectionQuery, variables: CatalogCollectionQueryVariables},
  "#graphql\n  query CatalogCollectionProducts($id: ID!, $first: Int!, $after: String, $mediaFirst: Int!) {\n    collection(id: $id) {\n      id\n      products(first: $first, after: $after) {\n        nodes {\n          ...CatalogProductFields\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n  #graphql\n  fragment CatalogProductFields on Product {\n    id\n    title\n    handle\n    productType\n    vendor\n    status\n    tags\n    updatedAt\n    category {\n      id\n      name\n      fullName\n    }\n    hasOnlyDefaultVariant\n    options(first: 3) {\n      name\n      values\n      linkedMetafield {\n        namespace\n        key\n      }\n    }\n    media(first: $mediaFirst) {\n      nodes {\n        ...CatalogMediaFields\n      }\n    }\n  }\n\n  #graphql\n  fragment CatalogMediaFields on Media {\n    id\n    alt\n    status\n    mediaContentType\n    ... on MediaImage {\n      image {\n        url\n        width\n        height\n        previewUrl: url(transform: { maxWidth: 512, maxHeight: 512 })\n        judgeUrl: url(transform: { maxWidth: 256, maxHeight: 256 })\n        tryOnUrl: url(transform: { maxWidth: 3000, maxHeight: 3000 })\n      }\n    }\n  }\n\n": {return: CatalogCollectionProductsQuery, variables: CatalogCollectionProductsQueryVariables},
  "#graphql\n  query CatalogCollectionProductsBulk {\n    products(query: \"collection_id:COLLECTION_ID\") {\n      edges {\n        node {\n          id\n          title\n          handle\n          productType\n          vendor\n          status\n          tags\n          updatedAt\n          category {\n            id\n            name\n            fullName\n          }\n          hasOnlyDefaultVariant\n          options {\n            name\n            values\n            linkedMetafield {\n              namespace\n              key\n            }\n          }\n          media {\n            edges {\n              node {\n                id\n                alt\n                status\n                mediaContentType\n                ... on MediaImage {\n                  image {\n                    url\n                    width\n                    height\n                    previewUrl: url(transform: { maxWidth: 512, maxHeight: 512 })\n                    judgeUrl: url(transform: { maxWidth: 256, maxHeight: 256 })\n                    tryOnUrl: url(transform: { maxWidth: 3000, maxHeight: 3000 })\n                  }\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": {return: CatalogCollectionProductsBulkQuery, variables: CatalogCollectionProductsBulkQueryVariables},
  "#graphql\n  query CatalogBulkOperation($id: ID!) {\n    bulkOperation(id: $id) {\n      id\n      status\n      errorCode\n      objectCount\n      rootObjectCount\n      fileSize\n      url\n      partialDataUrl\n    }\n  }\n": {return: CatalogBulkOperationQuery, variables: CatalogBulkOperationQueryVariables},
  "#graphql\n  query CatalogMediaStatus($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      ... on MediaImage {\n        id\n        alt\n        status\n        mediaErrors {\n          code\n          message\n          details\n        }\n        image {\n          url\n          width\n          height\n        }\n      }\n    }\n  }\n": {return: CatalogMediaStatusQuery, variables: CatalogMediaStatusQueryVariables},
  "#graphql\n  query PipelineProductCollections($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      ... on Product {\n        id\n        collections(first: 50) {\n          nodes {\n            id\n          }\n        }\n      }\n    }\n  }\n": {return: PipelineProductCollectionsQuery, variables: PipelineProductCollectionsQueryVariables},
}

interface GeneratedMutationTypes {
  "#graphql\n  mutation FilesStagedUploads($input: [StagedUploadInput!]!) {\n    stagedUploadsCreate(input: $input) {\n      stagedTargets {\n        url\n        resourceUrl\n        parameters {\n          name\n          value\n        }\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: FilesStagedUploadsMutation, variables: FilesStagedUploadsMutationVariables},
  "#graphql\n  mutation FilesCreate($files: [FileCreateInput!]!) {\n    fileCreate(files: $files) {\n      files {\n        id\n        fileStatus\n        alt\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: FilesCreateMutation, variables: FilesCreateMutationVariables},
  "#graphql\n  mutation FilesAttach($files: [FileUpdateInput!]!) {\n    fileUpdate(files: $files) {\n      files {\n        id\n        fileStatus\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: FilesAttachMutation, variables: FilesAttachMutationVariables},
  "#graphql\n  mutation FilesDelete($fileIds: [ID!]!) {\n    fileDelete(fileIds: $fileIds) {\n      deletedFileIds\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: FilesDeleteMutation, variables: FilesDeleteMutationVariables},
  "#graphql\n  mutation FilesReorderProductMedia($id: ID!, $moves: [MoveInput!]!) {\n    productReorderMedia(id: $id, moves: $moves) {\n      job {\n        id\n      }\n      mediaUserErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: FilesReorderProductMediaMutation, variables: FilesReorderProductMediaMutationVariables},
  "#graphql\n  mutation CatalogBulkRunQuery($query: String!) {\n    bulkOperationRunQuery(query: $query, groupObjects: false) {\n      bulkOperation {\n        id\n        status\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: CatalogBulkRunQueryMutation, variables: CatalogBulkRunQueryMutationVariables},
  "#graphql\n  mutation CatalogVariantAppendMedia($productId: ID!, $variantMedia: [ProductVariantAppendMediaInput!]!) {\n    productVariantAppendMedia(productId: $productId, variantMedia: $variantMedia) {\n      productVariants {\n        id\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: CatalogVariantAppendMediaMutation, variables: CatalogVariantAppendMediaMutationVariables},
  "#graphql\n  mutation CatalogVariantDetachMedia($productId: ID!, $variantMedia: [ProductVariantDetachMediaInput!]!) {\n    productVariantDetachMedia(productId: $productId, variantMedia: $variantMedia) {\n      productVariants {\n        id\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: CatalogVariantDetachMediaMutation, variables: CatalogVariantDetachMediaMutationVariables},
  "#graphql\n  mutation CatalogStagedUploadsCreate($input: [StagedUploadInput!]!) {\n    stagedUploadsCreate(input: $input) {\n      stagedTargets {\n        url\n        resourceUrl\n        parameters {\n          name\n          value\n        }\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: CatalogStagedUploadsCreateMutation, variables: CatalogStagedUploadsCreateMutationVariables},
  "#graphql\n  mutation CatalogProductAttachMedia($product: ProductUpdateInput!, $media: [CreateMediaInput!]!) {\n    productUpdate(product: $product, media: $media) {\n      product {\n        id\n        media(first: 20, sortKey: ID, reverse: true) {\n          nodes {\n            id\n            alt\n            status\n            mediaContentType\n          }\n        }\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: CatalogProductAttachMediaMutation, variables: CatalogProductAttachMediaMutationVariables},
  "#graphql\n  mutation CatalogFileDelete($fileIds: [ID!]!) {\n    fileDelete(fileIds: $fileIds) {\n      deletedFileIds\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: CatalogFileDeleteMutation, variables: CatalogFileDeleteMutationVariables},
  "#graphql\n  mutation CatalogFileDetach($files: [FileUpdateInput!]!) {\n    fileUpdate(files: $files) {\n      files {\n        id\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: CatalogFileDetachMutation, variables: CatalogFileDetachMutationVariables},
}
declare module '@shopify/admin-api-client' {
  type InputMaybe<T> = AdminTypes.InputMaybe<T>;
  interface AdminQueries extends GeneratedQueryTypes {}
  interface AdminMutations extends GeneratedMutationTypes {}
}
