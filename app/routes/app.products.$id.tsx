import { useCallback, useEffect, useRef, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, InlineGrid, List, Page, Text } from "@shopify/polaris";
import { SaveBar, TitleBar } from "@shopify/app-bridge-react";
import { authenticate } from "../shopify.server";
import { failureInit, loadWithinShopLimit, withinShopLimit } from "../extension-api/shop-limiter.server";
import { parseForm, type FieldErrors, readForm } from "../forms/form-data";
import { PRODUCT_LABELS, productFormSchema } from "../forms/product";
import type { SettingsFormValues } from "../forms/try-on-settings";
import { productPage, removeProductImages } from "../read-models/product.server";
import { estimateRun, startRunFor } from "../read-models/runs.server";
import { reviewImages } from "../read-models/review.server";
import { clearProductSettings, saveProductSettings, setProductOnePerColour } from "../persistence/product-settings.server";
import { ONE_PER_COLOUR_LABEL } from "../settings/colour";
import { SETTING_LABELS } from "../forms/try-on-settings";
import { numericId, productGid, runPath } from "../components/paths";
import { EstimateModal } from "../components/EstimateModal";
import type { EstimateView } from "../components/EstimateSummary";
import { modelModeOf, TryOnSettingsFields, type ModelMode } from "../components/TryOnSettingsFields";
import { failureHelp } from "../components/failure-help";
import { fieldLabel, merchantText } from "../forms/merchant-text";
import { openAdmin, showModal, showToast } from "../components/app-bridge";
import { ConfirmModal, plural } from "../components/ConfirmModal";
import { useLiveRevalidation } from "../components/useLiveRevalidation";
import { useFormState } from "../components/useFormState";
import { GarmentImageCard } from "../components/product/GarmentImageCard";
import { TryOnResultsCard } from "../components/product/TryOnResultsCard";
import { ProductHistoryCard } from "../components/product/ProductHistoryCard";
import { ColoursCard, EffectiveSettingsCard } from "../components/product/ProductSettingsSidebar";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const id = productGid(params.id);
  // The page checks the product's images: in the shop's limit of expensive requests (429 beyond it).
  const data = id ? await loadWithinShopLimit(session.shop, () => productPage(session.shop, admin.graphql, id)) : null;
  if (!data) throw new Response("This product doesn't exist in the shop (it may have been deleted).", { status: 404 });
  return json(data);
};

type ActionData =
  | { ok: true; intent: string; message?: string; estimate?: EstimateView }
  | { ok: false; intent: string; message: string; fieldErrors?: FieldErrors };

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, redirect } = await authenticate.admin(request);
  const productId = productGid(params.id);
  if (!productId) return json<ActionData>({ ok: false, intent: "none", message: "Unknown product." }, { status: 404 });
  const parsed = parseForm(productFormSchema, await readForm(request), PRODUCT_LABELS);
  if (!parsed.ok) return json<ActionData>({ ok: false, intent: "invalid", message: parsed.formError, fieldErrors: parsed.fieldErrors }, { status: 400 });
  const form = parsed.data;
  const shop = session.shop;
  const scope = { type: "product" as const, productId };
  switch (form.intent) {
    case "chooseGarment": {
      const r = await saveProductSettings(shop, productId, { garmentMediaId: form.garmentMediaId || null });
      return r.ok
        ? json<ActionData>({ ok: true, intent: form.intent, message: form.garmentMediaId ? "Garment image chosen" : "Fitting Room will choose the image" })
        : json<ActionData>({ ok: false, intent: form.intent, message: r.issues.map((i) => merchantText(i.message, "That image can't be chosen.")).join("; ") }, { status: 400 });
    }
    case "saveSettings": {
      const r = await saveProductSettings(shop, productId, form.settings);
      if (!r.ok) {
        return json<ActionData>(
          { ok: false, intent: form.intent, message: r.issues.map((i) => `${fieldLabel(i.field, SETTING_LABELS)}: ${merchantText(i.message, "is not valid")}`).join(" · "), fieldErrors: Object.fromEntries(r.issues.map((i) => [i.field, merchantText(i.message, "is not valid")])) },
          { status: 400 },
        );
      }
      return json<ActionData>({ ok: true, intent: form.intent, message: "Product settings saved" });
    }
    case "resetSettings": {
      const current = await saveProductSettings(shop, productId, {});
      const garment = current.ok ? current.value.garmentMediaId : null;
      await clearProductSettings(shop, productId);
      if (garment) await saveProductSettings(shop, productId, { garmentMediaId: garment });
      return json<ActionData>({ ok: true, intent: form.intent, message: "This product now inherits every setting" });
    }
    case "colours": {
      await setProductOnePerColour(shop, productId, form.onePerColour);
      return json<ActionData>({ ok: true, intent: form.intent, message: `"${ONE_PER_COLOUR_LABEL}" saved` });
    }
    case "estimate": {
      const r = await withinShopLimit(shop, () => estimateRun(shop, scope));
      return r.ok ? json<ActionData>({ ok: true, intent: form.intent, estimate: r.estimate }) : json<ActionData>({ ok: false, intent: form.intent, message: r.message }, failureInit(r));
    }
    case "generate": {
      const r = await withinShopLimit(shop, () => startRunFor(shop, scope, { force: form.force, idempotencyKey: form.idempotencyKey }));
      if (!r.ok) return json<ActionData>({ ok: false, intent: form.intent, message: r.message }, failureInit(r));
      return redirect(runPath(r.runId));
    }
    case "approve":
    case "reject": {
      const r = await reviewImages(shop, form.intent, form.imageIds);
      return json<ActionData>({ ok: true, intent: form.intent, message: reviewDecisionMessage(form.intent, r.images, r.products) });
    }
    case "remove":
    case "removeAll": {
      const r = await removeProductImages(shop, form.intent === "remove" ? form.imageIds : "all", productId);
      return json<ActionData>({
        ok: r.failed.length === 0,
        intent: form.intent,
        message: r.failed.length ? `Could not remove ${r.failed.length}: ${merchantText(r.failed[0].message, "Shopify did not accept the change; try again.")}` : `Removed ${r.removed + r.alreadyGone} image${r.removed + r.alreadyGone === 1 ? "" : "s"} from the product`,
      });
    }
  }
};

const CONFIRM_ID = "product-run-confirm";
const REMOVE_CONFIRM_ID = "product-remove-confirm";

export default function ProductPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const submit = useSubmit();
  const act = useFetcher<typeof action>();
  const estimator = useFetcher<typeof action>();
  const formRef = useRef<HTMLFormElement>(null);
  const [editing, setEditing] = useState(false);
  const [form, setForm, changed] = useFormState<{ values: SettingsFormValues; mode: ModelMode }>({ values: data.values, mode: modelModeOf(data.values) });
  const { values, mode } = form;
  const setValues = useCallback((v: SettingsFormValues) => setForm((f) => ({ ...f, values: v })), [setForm]);
  const setMode = useCallback((m: ModelMode) => setForm((f) => ({ ...f, mode: m })), [setForm]);
  const [force, setForce] = useState(false);
  // One idempotency key per visit: a double click or a resubmit returns the same run (issue 14.2).
  const [startKey] = useState(() => crypto.randomUUID());
  const attaching = data.results.some((r) => r.attachState === "attaching" || (r.review === "approved" && r.attachState === "stored"));
  // Results whose Files copy is still being made show once it is ready.
  const copying = data.results.some((r) => !r.url && r.attachState !== "removed" && r.review !== "rejected");
  useLiveRevalidation(data.activeJob || attaching || copying, 1500);

  useEffect(() => {
    const d = act.data as ActionData | undefined;
    if (d && act.state === "idle" && d.message) showToast(d.message, { isError: !d.ok });
  }, [act.data, act.state]);
  useEffect(() => {
    if (actionData?.message) showToast(actionData.message, { isError: !actionData.ok });
    if (actionData?.ok && actionData.intent === "saveSettings") setEditing(false);
  }, [actionData]);

  const dirty = editing && changed;
  const saving = navigation.state !== "idle" && navigation.formData?.get("intent") === "saveSettings";
  const errors: FieldErrors = actionData && !actionData.ok && actionData.intent === "saveSettings" ? (actionData.fieldErrors ?? {}) : {};
  const run = (intent: string, extra: Record<string, string | string[]> = {}) => {
    const fd = new FormData();
    fd.set("intent", intent);
    for (const [k, v] of Object.entries(extra)) (Array.isArray(v) ? v : [v]).forEach((x) => fd.append(k, x));
    act.submit(fd, { method: "post" });
  };
  const openConfirm = () => {
    setForce(false);
    estimator.submit({ intent: "estimate" }, { method: "post" });
    shopify.modal.show(CONFIRM_ID);
  };
  const estimateData = estimator.data as ActionData | undefined;
  const busy = act.state !== "idle";
  const attachedCount = data.results.filter((r) => r.attachState === "attached").length;
  /** Images a "Remove" button asked about ("all" = every try-on image on the product); removed once confirmed. */
  const [removing, setRemoving] = useState<string[] | "all">([]);
  const removingCount = removing === "all" ? attachedCount : removing.length;
  const askRemove = (ids: string[] | "all") => {
    setRemoving(ids);
    showModal(REMOVE_CONFIRM_ID);
  };

  return (
    <Page>
      <TitleBar title={data.product.title}>
        <a variant="breadcrumb" href="/app/products">
          Products
        </a>
        <button variant="primary" onClick={openConfirm} disabled={!data.garment.chosenId || dirty}>
          Try on
        </button>
        <button onClick={() => openAdmin(`/products/${numericId(data.product.id)}`)}>View in admin</button>
      </TitleBar>
      <ConfirmModal
        id={REMOVE_CONFIRM_ID}
        title="Remove from product?"
        confirmLabel={`Remove ${plural(removingCount, "image")}`}
        onConfirm={() => (removing === "all" ? run("removeAll") : run("remove", { imageIds: removing }))}
        busy={busy}
      >
        <Text as="p">{`${plural(removingCount, "try-on image")} will be taken off ${data.product.title} in Shopify.`}</Text>
        <Text as="p" tone="subdued">
          Your own product photos are not touched. To put a removed try-on photo back you would generate it again.
        </Text>
      </ConfirmModal>
      <SaveBar id="product-save-bar" open={dirty}>
        <button variant="primary" onClick={() => formRef.current && submit(formRef.current, { method: "post" })} disabled={saving}>
          Save
        </button>
        <button
          onClick={() => {
            setForm({ values: data.values, mode: modelModeOf(data.values) });
            setEditing(false);
          }}
        >
          Discard
        </button>
      </SaveBar>
      <EstimateModal
        id={CONFIRM_ID}
        title={`Try on ${data.product.title}`}
        estimate={estimateData?.ok ? estimateData.estimate : null}
        loading={estimator.state !== "idle"}
        error={estimateData && !estimateData.ok ? estimateData.message : null}
        starting={navigation.state !== "idle" && navigation.formData?.get("intent") === "generate"}
        force={force}
        onForceChange={setForce}
        onStart={() => submit({ intent: "generate", idempotencyKey: startKey, ...(force ? { force: "on" } : {}) }, { method: "post" })}
      />
      <BlockStack gap="500">
        {!data.garment.chosenId && (
          <Banner tone="warning" title="This product can't be tried on yet">
            <p>{failureHelp(data.garment.preflight ?? (data.garment.verdicts.length ? "NO_SUITABLE_IMAGE" : "NO_IMAGE")).action}</p>
          </Banner>
        )}
        {data.requestIssues.length > 0 && (
          <Banner tone="critical" title="The settings would be refused by the try-on service">
            <List type="bullet">
              {data.requestIssues.map((i) => (
                <List.Item key={i.field}>
                  {fieldLabel(i.field, SETTING_LABELS)}: {merchantText(i.message, "is not accepted by the try-on service")}
                </List.Item>
              ))}
            </List>
          </Banner>
        )}
        {/*
          Two columns fixed by the grid itself (2:1 with a 16 px gap, as Polaris' Layout with a oneThird
          section lays them out), not by flex-wrap. With Layout, the main column took the whole width
          until the browser had parsed the sidebar: Chromium paints a long document while it still
          parses it, so the first paint showed the main column at 950 px and the next at 623 px, moving
          its cards (CLS 0.147 at load). A grid template gives the main column its final width on the
          first paint, whatever part of the page has arrived.
        */}
        <InlineGrid columns={{ xs: 1, md: ["twoThirds", "oneThird"] }} gap="400" alignItems="start">
          <BlockStack gap="400">
            <GarmentImageCard garment={data.garment} busy={busy} onChoose={(garmentMediaId) => run("chooseGarment", { garmentMediaId })} />

            <TryOnResultsCard
              results={data.results}
              productTitle={data.product.title}
              colourNames={data.colours.names}
              busy={busy}
              onDecide={(intent, imageIds) => run(intent, { imageIds })}
              onRemove={askRemove}
            />

            <ProductHistoryCard history={data.history} />
          </BlockStack>

          <BlockStack gap="400">
            {data.colours.names.length > 0 && <ColoursCard colours={data.colours} busy={busy} onChange={(onePerColour) => run("colours", { onePerColour })} />}
            <EffectiveSettingsCard
              effective={data.effective}
              collection={data.collection}
              hasOwnSettings={data.hasOwnSettings}
              editing={editing}
              busy={busy}
              onCustomize={() => setEditing(true)}
              onReset={() => run("resetSettings")}
            />
            {/* Below the settings it edits, so opening it moves nothing on the page (no layout shift). */}
            {editing && (
              <Form method="post" ref={formRef} onSubmit={(e) => { e.preventDefault(); submit(e.currentTarget, { method: "post" }); }}>
                <input type="hidden" name="intent" value="saveSettings" />
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Settings for this product only
                  </Text>
                  <TryOnSettingsFields level="product" values={values} onChange={setValues} inherited={data.inherited} errors={errors} mode={mode} onModeChange={setMode} />
                </BlockStack>
              </Form>
            )}
          </BlockStack>
        </InlineGrid>
      </BlockStack>
    </Page>
  );
}

export { PageErrorBoundary as ErrorBoundary } from "../components/RouteError";
import { reviewDecisionMessage } from "../components/review/review-text";
