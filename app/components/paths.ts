/**
 * App URLs for Shopify resources. Pages use the numeric part of a gid in their paths
 * (/app/products/1001) and turn it back into a gid in their loaders.
 */
export function numericId(gidOrId: string): string {
  const m = /\/(\d+)$/.exec(gidOrId);
  return m ? m[1] : gidOrId;
}

export const productPath = (productId: string) => `/app/products/${numericId(productId)}`;
export const collectionPath = (collectionId: string) => `/app/collections/${numericId(collectionId)}`;
export const runPath = (runId: string) => `/app/runs/${runId}`;

export function productGid(param: string | undefined): string | null {
  return param && /^\d+$/.test(param) ? `gid://shopify/Product/${param}` : null;
}

export function collectionGid(param: string | undefined): string | null {
  return param && /^\d+$/.test(param) ? `gid://shopify/Collection/${param}` : null;
}
