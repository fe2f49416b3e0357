import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, Checkbox, InlineGrid, InlineStack, Layout, Link, Page, Select, Text, Thumbnail } from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import { SaveBar, TitleBar } from "@shopify/app-bridge-react";
import { authenticate } from "../shopify.server";
import { failureInit, withinShopLimit } from "../extension-api/shop-limiter.server";
import { describeFieldErrors, parseForm, type FieldErrors, readForm, UPLOAD_FORM_LIMITS } from "../forms/form-data";
import { merchantText } from "../forms/merchant-text";
import { COLLECTION_LABELS, collectionFormSchema } from "../forms/collection";
import { collectionPage } from "../read-models/catalog.server";
import { clearCollectionSettings, saveCollectionSettings, setCollectionOnePerColour, setCollectionPlacement, setTryOnNewProducts } from "../persistence/collection-settings.server";
import { ONE_PER_COLOUR_LABEL } from "../settings/colour";
import { PLACEMENT_LABELS, PLACEMENTS } from "../settings/photo-output";
import { estimateRun, startRunFor } from "../read-models/runs.server";
import { recordNewProductsBaseline } from "../read-models/auto-tryon.server";
import { uploadModelPhotos } from "../read-models/model-photos.server";
import { collectionGid, collectionPath, productPath, runPath } from "../components/paths";
import { modelModeOf, TryOnSettingsFields, type ModelMode } from "../components/TryOnSettingsFields";
import { ModelPhotos } from "../components/ModelPhotos";
import { EstimateModal } from "../components/EstimateModal";
import type { EstimateView } from "../components/EstimateSummary";
import { RunProgress } from "../components/RunProgress";
import { RunTitle } from "../components/RunTitle";
import { showModal, showToast } from "../components/app-bridge";
import { ConfirmModal } from "../components/ConfirmModal";
import { useLiveRevalidation } from "../components/useLiveRevalidation";
import { useFormState } from "../components/useFormState";
import type { SettingsFormValues } from "../forms/try-on-settings";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const id = collectionGid(params.id);
  const data = id ? await collectionPage(session.shop, admin.graphql, id) : null;
  if (!data) throw new Response("This collection doesn't exist in the shop (it may have been deleted).", { status: 404 });
  return json(data);
};

type ActionData =
  | { intent: "save" | "clear" | "autoNew" | "placement" | "colours"; ok: true }
  | { intent: "estimate"; ok: true; estimate: EstimateView }
  | { intent: "uploadPhoto"; ok: true; urls: string[] }
  | { intent: string; ok: false; fieldErrors: FieldErrors; formError: string; message?: string };

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, admin, redirect } = await authenticate.admin(request);
  const collectionId = collectionGid(params.id);
  if (!collectionId) return json<ActionData>({ intent: "none", ok: false, fieldErrors: {}, formError: "Unknown collection." }, { status: 404 });
  const formData = await readForm(request, { uploads: UPLOAD_FORM_LIMITS });
  if (formData.get("intent") === "uploadPhoto") {
    const result = await uploadModelPhotos(session.shop, admin.graphql, formData.getAll("photo").filter((f): f is File => f instanceof File));
    return result.ok
      ? json<ActionData>({ intent: "uploadPhoto", ok: true, urls: result.urls })
      : json<ActionData>({ intent: "uploadPhoto", ok: false, fieldErrors: {}, formError: result.message, message: result.message }, { status: 400 });
  }
  const parsed = parseForm(collectionFormSchema, formData, COLLECTION_LABELS);
  if (!parsed.ok) return json<ActionData>({ intent: String(formData.get("intent")), ok: false, fieldErrors: parsed.fieldErrors, formError: parsed.formError }, { status: 400 });
  const form = parsed.data;
  const scope = { type: "collection" as const, collectionId };
  switch (form.intent) {
    case "save": {
      const saved = await saveCollectionSettings(session.shop, collectionId, form.settings, form.collectionTitle || undefined);
      if (!saved.ok) {
        const fieldErrors = Object.fromEntries(saved.issues.map((i) => [i.field, merchantText(i.message, "is not valid")]));
        return json<ActionData>({ intent: "save", ok: false, fieldErrors, formError: describeFieldErrors(fieldErrors, COLLECTION_LABELS) }, { status: 400 });
      }
      return json<ActionData>({ intent: "save", ok: true });
    }
    case "clear":
      await clearCollectionSettings(session.shop, collectionId);
      return json<ActionData>({ intent: "clear", ok: true });
    case "placement":
      await setCollectionPlacement(session.shop, collectionId, form.placement, form.collectionTitle || undefined);
      return json<ActionData>({ intent: "placement", ok: true });
    case "colours":
      await setCollectionOnePerColour(session.shop, collectionId, form.onePerColour, form.collectionTitle || undefined);
      return json<ActionData>({ intent: "colours", ok: true });
    case "autoNew":
      await setTryOnNewProducts(session.shop, collectionId, form.tryOnNewProducts, form.collectionTitle || undefined);
      if (form.tryOnNewProducts) recordNewProductsBaseline(session.shop);
      return json<ActionData>({ intent: "autoNew", ok: true });
    case "estimate": {
      const result = await withinShopLimit(session.shop, () => estimateRun(session.shop, scope));
      return result.ok
        ? json<ActionData>({ intent: "estimate", ok: true, estimate: result.estimate })
        : json<ActionData>({ intent: "estimate", ok: false, fieldErrors: {}, formError: result.message }, failureInit(result));
    }
    case "start": {
      const result = await withinShopLimit(session.shop, () => startRunFor(session.shop, scope, { force: form.force, idempotencyKey: form.idempotencyKey }));
      if (!result.ok) return json<ActionData>({ intent: "start", ok: false, fieldErrors: {}, formError: result.message }, failureInit(result));
      return redirect(runPath(result.runId));
    }
  }
};

const CONFIRM_ID = "collection-run-confirm";
const CLEAR_CONFIRM_ID = "collection-clear-confirm";

export default function CollectionPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const submit = useSubmit();
  const estimator = useFetcher<typeof action>();
  const formRef = useRef<HTMLFormElement>(null);
  const [form, setForm, dirty] = useFormState<{ values: SettingsFormValues; mode: ModelMode }>({ values: data.values, mode: modelModeOf(data.values) });
  const { values, mode } = form;
  const setValues = useCallback((v: SettingsFormValues | ((prev: SettingsFormValues) => SettingsFormValues)) => setForm((f) => ({ ...f, values: typeof v === "function" ? v(f.values) : v })), [setForm]);
  const setMode = useCallback((m: ModelMode) => setForm((f) => ({ ...f, mode: m })), [setForm]);
  const [force, setForce] = useState(false);
  // One idempotency key per visit: a double click or a resubmit returns the same run (issue 14.2).
  const [startKey] = useState(() => crypto.randomUUID());
  useLiveRevalidation(Boolean(data.activeRun));

  const busy = navigation.state !== "idle" && navigation.formMethod === "POST";
  const intent = navigation.formData?.get("intent");
  const errors: FieldErrors = actionData && !actionData.ok && actionData.intent === "save" ? actionData.fieldErrors : {};

  useEffect(() => {
    if (!actionData) return;
    if (actionData.ok && actionData.intent === "save") showToast("Collection defaults saved");
    else if (actionData.ok && actionData.intent === "clear") showToast("The collection now uses the shop defaults");
    else if (actionData.ok && actionData.intent === "autoNew") showToast("\"Try on new products\" saved");
    else if (actionData.ok && actionData.intent === "placement") showToast("Photo placement saved");
    else if (actionData.ok && actionData.intent === "colours") showToast(`"${ONE_PER_COLOUR_LABEL}" saved`);
    else if (!actionData.ok) showToast(actionData.formError, { isError: true });
  }, [actionData]);

  const save = () => formRef.current && submit(formRef.current, { method: "post" });
  const discard = () => setForm({ values: data.values, mode: modelModeOf(data.values) });
  const openConfirm = () => {
    setForce(false);
    estimator.submit({ intent: "estimate" }, { method: "post" });
    shopify.modal.show(CONFIRM_ID);
  };
  const start = () => submit({ intent: "start", idempotencyKey: startKey, ...(force ? { force: "on" } : {}) }, { method: "post" });
  const estimateData = estimator.data as ActionData | undefined;
  const photoUrls = useMemo(() => values.modelImageUrls.split(/\s+/).filter(Boolean), [values.modelImageUrls]);
  const setPhotos = useCallback((urls: string[]) => setValues((v) => ({ ...v, modelImageUrls: urls.join("\n") })), [setValues]);

  return (
    <Page>
      <TitleBar title={data.collection.title}>
        <a variant="breadcrumb" href="/app/collections">
          Collections
        </a>
        <button variant="primary" onClick={openConfirm} disabled={dirty || Boolean(data.activeRun)}>
          Try on collection
        </button>
        {!dirty && data.configured && <button onClick={() => showModal(CLEAR_CONFIRM_ID)}>Use shop defaults</button>}
      </TitleBar>
      <ConfirmModal
        id={CLEAR_CONFIRM_ID}
        title="Use the shop defaults?"
        confirmLabel="Clear collection settings"
        onConfirm={() => submit({ intent: "clear" }, { method: "post" })}
        busy={busy}
      >
        <Text as="p">{`Every setting saved for ${data.collection.title} (model, view, images per product${photoUrls.length ? `, ${photoUrls.length} model photo${photoUrls.length === 1 ? "" : "s"}` : ""}) will be cleared; its products will use the shop defaults from Settings.`}</Text>
        <Text as="p" tone="subdued">
          Images already on products are not changed.
        </Text>
      </ConfirmModal>
      <SaveBar id="collection-save-bar" open={dirty}>
        <button variant="primary" onClick={save} disabled={busy} loading={busy && intent === "save" ? "" : undefined}>
          Save
        </button>
        <button onClick={discard}>Discard</button>
      </SaveBar>
      <EstimateModal
        id={CONFIRM_ID}
        title={`Try on ${data.collection.title}`}
        estimate={estimateData?.ok && estimateData.intent === "estimate" ? estimateData.estimate : null}
        loading={estimator.state !== "idle"}
        error={estimateData && !estimateData.ok ? estimateData.formError : null}
        starting={busy && intent === "start"}
        force={force}
        onForceChange={setForce}
        onStart={start}
      />
      <BlockStack gap="500">
        {actionData && !actionData.ok && (actionData.intent === "save" || actionData.intent === "start") && (
          <Banner tone="critical" title={actionData.intent === "save" ? "The defaults were not saved" : "The run did not start"}>
            <p>{actionData.formError}</p>
          </Banner>
        )}
        {data.activeRun && (
          <Banner tone="info" title="A run of this collection is in progress">
            <p>
              <Link url={runPath(data.activeRun)}>Follow its progress</Link>. You can start another once it finishes.
            </p>
          </Banner>
        )}
        <Layout>
          <Layout.Section>
            <Form method="post" ref={formRef} onSubmit={(e) => { e.preventDefault(); save(); }}>
              <input type="hidden" name="intent" value="save" />
              <input type="hidden" name="collectionTitle" value={data.collection.title} />
              <BlockStack gap="400">
                <Text as="p" tone="subdued">
                  These defaults apply to every product in {data.collection.title} when you try on this collection. Empty fields inherit the shop defaults, set in Settings.
                </Text>
                <TryOnSettingsFields
                  level="collection"
                  values={values}
                  onChange={setValues}
                  inherited={data.inherited}
                  errors={errors}
                  mode={mode}
                  onModeChange={setMode}
                  modelPhotos={<ModelPhotos urls={photoUrls} onChange={setPhotos} uploadAction={collectionPath(data.collection.id)} />}
                />
              </BlockStack>
            </Form>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    New products
                  </Text>
                  <Checkbox
                    label="Try on new products"
                    helpText={
                      data.autoNew.enabled
                        ? "Products created in or added to this collection from now on get try-on photos with these defaults, within your daily limit. They wait in Review unless you approve automatically."
                        : "When on, products created in or added to this collection get try-on photos by themselves, with these defaults. Products already in it are not included."
                    }
                    checked={data.autoNew.enabled}
                    disabled={busy}
                    onChange={(checked) =>
                      submit({ intent: "autoNew", collectionTitle: data.collection.title, ...(checked ? { tryOnNewProducts: "on" } : {}) }, { method: "post" })
                    }
                  />
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Colours
                  </Text>
                  <Select
                    label={ONE_PER_COLOUR_LABEL}
                    options={[
                      { label: `Inherit: ${data.onePerColour.default ? "On" : "Off"} (built-in default)`, value: "" },
                      { label: "On", value: "on" },
                      { label: "Off", value: "off" },
                    ]}
                    value={data.onePerColour.own}
                    disabled={busy}
                    onChange={(onePerColour) => submit({ intent: "colours", onePerColour, collectionTitle: data.collection.title }, { method: "post" })}
                    helpText="When on, a product sold in several colours, each with its own photo, gets one try-on per colour, and each colour's try-on is shown on that colour's variants. Each colour counts as one try-on in the estimate. A product's own page can change this."
                  />
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Approved photos
                  </Text>
                  <Select
                    label="Where approved photos go"
                    options={[
                      { label: `Inherit: ${PLACEMENT_LABELS[data.placement.shop]} (shop defaults)`, value: "" },
                      ...PLACEMENTS.map((p) => ({ label: PLACEMENT_LABELS[p], value: p })),
                    ]}
                    value={data.placement.own}
                    disabled={busy}
                    onChange={(placement) => submit({ intent: "placement", placement, collectionTitle: data.collection.title }, { method: "post" })}
                    helpText="For products tried on from this collection. “First” makes the lead try-on photo the featured image; in Review you pick which photo leads."
                  />
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <InlineStack align="space-between">
                    <Text as="h2" variant="headingMd">
                      Products
                    </Text>
                    <Text as="span" tone="subdued">
                      {data.collection.productsCount ?? data.products.length}
                    </Text>
                  </InlineStack>
                  <InlineGrid columns={4} gap="200">
                    {data.products.map((p) => (
                      <Link key={p.id} url={productPath(p.id)} accessibilityLabel={p.title}>
                        <Thumbnail source={p.imageUrl ?? ImageIcon} alt={p.title} size="large" />
                      </Link>
                    ))}
                  </InlineGrid>
                  <Box>
                    <Button variant="plain" url={`/app/products?collection=${encodeURIComponent(data.collection.id)}`}>
                      {data.moreProducts ? "See all products" : "Open in Products"}
                    </Button>
                  </Box>
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Runs of this collection
                  </Text>
                  {data.runs.length === 0 ? (
                    <Text as="p" tone="subdued">
                      Not tried on yet.
                    </Text>
                  ) : (
                    data.runs.map((r) => (
                      <BlockStack key={r.id} gap="200">
                        <InlineStack align="space-between" blockAlign="start">
                          <RunTitle run={r} />
                          <Button variant="plain" url={runPath(r.id)}>
                            View
                          </Button>
                        </InlineStack>
                        <RunProgress counts={r.counts} settled={r.settled} total={r.jobs} size="small" planning={r.status === "planning"} />
                      </BlockStack>
                    ))
                  )}
                </BlockStack>
              </Card>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}

export { PageErrorBoundary as ErrorBoundary } from "../components/RouteError";
