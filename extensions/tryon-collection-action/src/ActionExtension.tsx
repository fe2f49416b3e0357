/** Collection → "Try on collection": the whole collection with its defaults, estimate first. */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import type { Api } from "@shopify/ui-extensions/admin.collection-details.action.render";
import { createFittingRoomApi } from "../../shared/api";
import { EstimateFlow } from "../../shared/EstimateFlow";
import { collectionRequest } from "../../shared/requests";

declare const shopify: Api;

export default async () => {
  render(<Extension />, document.body);
};

const api = createFittingRoomApi((input, init) => fetch(input, init));

function Extension() {
  const request = collectionRequest(shopify.data.selected);
  return (
    <EstimateFlow
      api={api}
      request={request}
      heading="Try on the whole collection"
      intro="Every product of this collection, with the collection's defaults (a product's own settings still win)."
      emptyMessage="Open a collection first, then choose Try on collection."
      close={() => shopify.close()}
    />
  );
}
