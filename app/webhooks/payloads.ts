import { z } from "zod";

/**
 * Webhook payload schemas: only the fields Fitting Room reads. Shopify sends more; unknown keys pass.
 * Ids arrive as numbers (REST-style payloads) and are turned into Admin GraphQL gids.
 */
const numericId = z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]).transform(String);

export const productDeletePayload = z.object({ id: numericId });
export const collectionDeletePayload = z.object({ id: numericId });
/** products/create and products/update (issue 15.2): the product's id is all the handler needs. */
export const productUpsertPayload = z.object({ id: numericId });
export const scopesUpdatePayload = z.object({
  current: z.array(z.string()),
  previous: z.array(z.string()).optional(),
});
export const shopRedactPayload = z.object({ shop_id: numericId.optional(), shop_domain: z.string().min(1).max(255) });
export const customersRedactPayload = z.object({
  shop_domain: z.string().min(1).max(255),
  customer: z.object({ id: numericId }).passthrough().optional(),
});
export const customersDataRequestPayload = customersRedactPayload;
export const appUninstalledPayload = z.object({}).passthrough();

export const productGid = (id: string) => `gid://shopify/Product/${id}`;
export const collectionGid = (id: string) => `gid://shopify/Collection/${id}`;
