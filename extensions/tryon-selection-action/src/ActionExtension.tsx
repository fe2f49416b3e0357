/** Products index → "Try on selected": the selected products, estimate first, then one run. */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import type { Api } from "@shopify/ui-extensions/admin.product-index.selection-action.render";
import { createFittingRoomApi } from "../../shared/api";
import { EstimateFlow } from "../../shared/EstimateFlow";
import { selectedIds } from "../../shared/ids";
import { selectionRequest } from "../../shared/requests";

declare const shopify: Api;

export default async () => {
  render(<Extension />, document.body);
};

const api = createFittingRoomApi((input, init) => fetch(input, init));

function Extension() {
  const request = selectionRequest(shopify.data.selected);
  const n = request?.scope.type === "selection" ? request.scope.productIds.length : 0;
  const selected = selectedIds(shopify.data.selected, "Product").length;
  const cut = selected > n ? ` Only the first ${n} of the ${selected} selected products are included; start the rest afterwards.` : "";
  return (
    <EstimateFlow
      api={api}
      request={request}
      heading="Try on selected products"
      intro={`${n} selected product${n === 1 ? "" : "s"}, each with its effective settings (shop, collection and product).${cut}`}
      emptyMessage="Select at least one product, then choose Try on selected again."
      close={() => shopify.close()}
    />
  );
}
