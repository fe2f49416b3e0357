/**
 * Product details → "Try on": the product's try-on status and effective settings (with where each
 * comes from), an override of model and view for this try-on, the estimate, Generate, and a link to
 * the product in the app.
 */
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Api } from "@shopify/ui-extensions/admin.product-details.action.render";
import type { EstimateResponse, ProductTryOnStatus, RunStarted } from "../../../app/extension-api/contract";
import { createFittingRoomApi } from "../../shared/api";
import { describeEstimate } from "../../shared/estimate";
import { describeError, startedText } from "../../shared/flow";
import { appLink } from "../../shared/ids";
import { buildOverrides, EMPTY_FORM, keepLabel, settingLines, type OverrideForm } from "../../shared/overrides";
import { productRequest } from "../../shared/requests";

declare const shopify: Api;

export default async () => {
  render(<Extension />, document.body);
};

const api = createFittingRoomApi((input, init) => fetch(input, init));

function Extension() {
  const productId = productRequest(shopify.data.selected)?.scope;
  const gid = productId?.type === "product" ? productId.productId : null;

  const [status, setStatus] = useState<ProductTryOnStatus | null>(null);
  const [form, setForm] = useState<OverrideForm>(EMPTY_FORM);
  const [estimate, setEstimate] = useState<EstimateResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [started, setStarted] = useState<RunStarted | null>(null);

  useEffect(() => {
    if (!gid) return;
    api.productStatus(gid).then(setStatus, (e: unknown) => setError(describeError(e).message));
  }, [gid]);

  const built = status ? buildOverrides(form, status.choices) : null;
  const overrides = built?.ok ? built.overrides : null;
  const overridesKey = JSON.stringify(overrides);

  // Re-estimate whenever the overrides change: a different view or model can turn a duplicate
  // (skipped) into new work, and the merchant sees the image count before generating.
  useEffect(() => {
    if (!gid || !status || !overrides) return;
    let live = true;
    setEstimate(null);
    const request = productRequest(shopify.data.selected, overrides as Record<string, string>);
    if (!request) return;
    api.estimate(request).then(
      (e) => live && setEstimate(e),
      (e: unknown) => live && setError(describeError(e).message),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [gid, status, overridesKey]);

  const view = estimate ? describeEstimate(estimate.estimate) : null;

  const generate = async () => {
    if (!gid || !overrides || !view?.canStart) return;
    setBusy(true);
    setError(null);
    try {
      setStarted(await api.tryOnProduct(gid, { overrides }));
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      setBusy(false);
    }
  };

  if (!gid) {
    return (
      <s-admin-action heading="Try on">
        <s-banner tone="warning">Open a product first, then choose Try on.</s-banner>
        <s-button slot="secondary-actions" onClick={() => shopify.close()}>Close</s-button>
      </s-admin-action>
    );
  }

  const fieldErrors = built && !built.ok ? built.errors : {};
  return (
    <s-admin-action heading={status?.product.title ? `Try on: ${status.product.title}` : "Try on"} loading={!status && !error}>
      <s-stack direction="block" gap="base">
        {status && (
          <s-stack direction="block" gap="small-200">
            <s-text>
              <s-badge tone={status.status.state === "failed" ? "critical" : status.status.state === "attached" ? "success" : "neutral"}>
                {status.status.state === "none" ? "Not tried on yet" : status.status.state}
              </s-badge>{" "}
              {status.status.label}
            </s-text>
            {status.status.message && <s-banner tone="critical">{status.status.message}</s-banner>}
          </s-stack>
        )}
        {status && (
          <s-section heading="Effective settings">
            <s-unordered-list>
              {settingLines(status.settings).map((line) => (
                <s-list-item key={line}>{line}</s-list-item>
              ))}
            </s-unordered-list>
          </s-section>
        )}
        {status && !started && (
          <s-section heading="For this try-on">
            <s-stack direction="block" gap="small-200">
              <s-text-field
                label="Model name"
                value={form.modelName}
                error={fieldErrors.modelName}
                placeholder={`${keepLabel(status, "modelName")} — or type a name, e.g. ${status.choices.modelNameExamples[0] ?? "Ariel"}`}
                details={`A model from your Aidge model library (examples in Aidge's documentation: ${status.choices.modelNameExamples.join(", ") || "Ariel, James"}). Leave empty to keep the current model.`}
                onChange={(e) => setForm({ ...form, modelName: e.currentTarget.value })}
              />
              <s-select
                label="View"
                value={form.viewType}
                error={fieldErrors.viewType}
                onChange={(e) => setForm({ ...form, viewType: e.currentTarget.value })}
              >
                <s-option value="">{keepLabel(status, "viewType")}</s-option>
                {status.choices.viewTypes.map((v) => (
                  <s-option key={v} value={v}>{v}</s-option>
                ))}
              </s-select>
            </s-stack>
          </s-section>
        )}
        {view && !started && (
          <s-stack direction="block" gap="small-200">
            <s-heading>{view.headline}</s-heading>
            {view.blocker && <s-banner tone="warning">{view.blocker}</s-banner>}
            {view.warning && <s-banner tone="info">{view.warning}</s-banner>}
            {view.skippedLines.map((line) => (
              <s-text key={line}>{line}</s-text>
            ))}
          </s-stack>
        )}
        {error && <s-banner tone="critical">{error}</s-banner>}
        {started && <s-banner tone="success">{startedText(started)}</s-banner>}
        {status && <s-link href={appLink(status.appPath)}>Open this product in Fitting Room</s-link>}
      </s-stack>
      {started ? (
        <s-button slot="primary-action" variant="primary" href={appLink(started.run.appPath)}>
          Open the run in Fitting Room
        </s-button>
      ) : (
        <s-button
          slot="primary-action"
          variant="primary"
          disabled={!view?.canStart || busy}
          loading={busy}
          onClick={() => void generate()}
        >
          {view ? view.startLabel : "Generate"}
        </s-button>
      )}
      <s-button slot="secondary-actions" onClick={() => shopify.close()}>
        {started ? "Close" : "Cancel"}
      </s-button>
    </s-admin-action>
  );
}
