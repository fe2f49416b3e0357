/**
 * Request bodies the extensions send, built from what the admin hands them (`shopify.data.selected`).
 * Ids the admin did not give for the right resource type are dropped; an empty scope gives null so
 * the extension explains instead of calling the app.
 */
import { MAX_SELECTION, type EstimateRequest } from "../../app/extension-api/contract";
import { selectedIds } from "./ids";

type Selected = ReadonlyArray<{ id: string }>;

/** Product index selection → a selection scope (at most MAX_SELECTION products, the first ones). */
export function selectionRequest(selected: Selected): EstimateRequest | null {
  const ids = selectedIds(selected, "Product").slice(0, MAX_SELECTION);
  return ids.length ? { scope: { type: "selection", productIds: ids } } : null;
}

/** Collection details → the collection scope: its defaults apply (no overrides). */
export function collectionRequest(selected: Selected): EstimateRequest | null {
  const [id] = selectedIds(selected, "Collection");
  return id ? { scope: { type: "collection", collectionId: id } } : null;
}

/** Product details → the product scope with the merchant's overrides. */
export function productRequest(selected: Selected, overrides: Record<string, string> = {}): EstimateRequest | null {
  const [id] = selectedIds(selected, "Product");
  if (!id) return null;
  return Object.keys(overrides).length ? { scope: { type: "product", productId: id }, overrides } : { scope: { type: "product", productId: id } };
}
