import { webhookAction } from "../webhooks/handle.server";
import { collectionDeletePayload, collectionGid } from "../webhooks/payloads";
import { deleteCollectionSettings } from "../persistence/shop-data.server";

/** collections/delete: drop the collection's try-on defaults. */
export const action = webhookAction(collectionDeletePayload, async ({ shop, payload }) => {
  await deleteCollectionSettings(shop, collectionGid(payload.id));
});
