/** GraphQL results (generated types) → catalog domain shapes. */
import type { CatalogMediaFieldsFragment, CatalogProductFieldsFragment } from "../types/admin.generated";
import type { CatalogCollection, CatalogMedia, CatalogOption, CatalogProduct, CatalogVariant, MediaContentType, MediaStatus } from "./types";

interface ImageFields {
  url: string;
  width?: number | null;
  height?: number | null;
  previewUrl?: string | null;
  judgeUrl?: string | null;
  tryOnUrl?: string | null;
}

/** A media node as both the paged queries and the bulk JSONL deliver it. */
export type MediaNode = Pick<CatalogMediaFieldsFragment, "id" | "alt" | "status" | "mediaContentType"> & {
  image?: ImageFields | null;
};

export function mapMedia(node: MediaNode): CatalogMedia {
  const image = "image" in node ? node.image : null;
  return {
    id: node.id,
    alt: node.alt ?? null,
    status: node.status as MediaStatus,
    contentType: node.mediaContentType as MediaContentType,
    url: image?.url ?? null,
    previewUrl: image?.previewUrl ?? image?.url ?? null,
    judgeUrl: image?.judgeUrl ?? null,
    tryOnUrl: image?.tryOnUrl ?? null,
    width: image?.width ?? null,
    height: image?.height ?? null,
  };
}

/** Product fields without the media connection (bulk lines carry media as separate lines). */
export type ProductNode = Omit<CatalogProductFieldsFragment, "media" | "options" | "hasOnlyDefaultVariant"> & {
  hasOnlyDefaultVariant?: boolean | null;
  options?: ReadonlyArray<{ name: string; values: readonly string[]; linkedMetafield?: { namespace?: string | null; key?: string | null } | null }> | null;
};

/** A variant node (CatalogVariantFields). */
export interface VariantNode {
  id: string;
  title: string;
  selectedOptions: ReadonlyArray<{ name: string; value: string }>;
  media: { nodes: ReadonlyArray<{ id: string }> };
}

export function mapVariant(node: VariantNode): CatalogVariant {
  return {
    id: node.id,
    title: node.title,
    selectedOptions: node.selectedOptions.map((o) => ({ name: o.name, value: o.value })),
    mediaId: node.media.nodes[0]?.id ?? null,
  };
}

function mapOptions(node: ProductNode): CatalogOption[] | undefined {
  if (!node.options) return undefined;
  return node.options.map((o) => ({
    name: o.name,
    values: [...o.values],
    linkedMetafield: o.linkedMetafield?.namespace && o.linkedMetafield.key ? { namespace: o.linkedMetafield.namespace, key: o.linkedMetafield.key } : null,
  }));
}

export function mapProduct(node: ProductNode, media: MediaNode[]): CatalogProduct {
  return {
    id: node.id,
    title: node.title,
    handle: node.handle,
    productType: node.productType,
    vendor: node.vendor,
    status: node.status,
    tags: [...node.tags],
    category: node.category ? { id: node.category.id, name: node.category.name, fullName: node.category.fullName } : null,
    media: media.map(mapMedia),
    ...(node.options ? { options: mapOptions(node) } : {}),
    ...(typeof node.hasOnlyDefaultVariant === "boolean" ? { hasOnlyDefaultVariant: node.hasOnlyDefaultVariant } : {}),
    updatedAt: node.updatedAt,
  };
}

export function mapProductFields(node: CatalogProductFieldsFragment): CatalogProduct {
  return mapProduct(node, node.media.nodes as MediaNode[]);
}

export function mapCollection(node: {
  id: string;
  title: string;
  handle: string;
  updatedAt: string;
  productsCount?: { count: number; precision: string } | null;
}): CatalogCollection {
  return {
    id: node.id,
    title: node.title,
    handle: node.handle,
    productsCount: node.productsCount?.count ?? null,
    productsCountExact: node.productsCount?.precision === "EXACT",
    updatedAt: node.updatedAt,
  };
}
