import { useCallback, useEffect, useRef, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, InlineGrid, InlineStack, Layout, Link, List, Page, Select, Text } from "@shopify/polaris";
import { SaveBar, TitleBar } from "@shopify/app-bridge-react";
import { authenticate } from "../shopify.server";
import { failureInit, loadWithinShopLimit, withinShopLimit } from "../extension-api/shop-limiter.server";
import { parseForm, type FieldErrors, readForm } from "../forms/form-data";
import { PRODUCT_LABELS, productFormSchema } from "../forms/product";
import type { SettingsFormValues } from "../forms/try-on-settings";
import { productPage, removeProductImages } from "../read-models/product.server";
import { estimateRun, reviewImages, startRunFor } from "../read-models/runs.server";
import { clearProductSettings, saveProductSettings, setProductOnePerColour } from "../persistence/product-settings.server";
import { ONE_PER_COLOUR_LABEL } from "../settings/colour";
import { SETTING_LABELS } from "../forms/try-on-settings";
import { numericId, productGid, runPath } from "../components/paths";
import { JobStatusBadge } from "../components/JobStatusBadge";
import { When } from "../components/RunTitle";
import { EstimateModal } from "../components/EstimateModal";
import type { EstimateView } from "../components/EstimateSummary";
import { modelModeOf, TryOnSettingsFields, VIEW_LABELS, type ModelMode } from "../components/TryOnSettingsFields";
import { BODY_LABELS, GENDER_LABELS, STYLE_LABELS } from "../components/model-labels";
import { failureHelp } from "../components/failure-help";
import { fieldLabel, merchantText } from "../forms/merchant-text";
import { openAdmin, showModal, showToast } from "../components/app-bridge";
import { ConfirmModal, plural } from "../components/ConfirmModal";
import { useLiveRevalidation } from "../components/useLiveRevalidation";
import { useFormState } from "../components/useFormState";
import { Empty } from "../components/Empty";
import { ColourSwatches } from "../components/ColourSwatches";

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
      return json<ActionData>({ ok: true, intent: form.intent, message: form.intent === "approve" ? `Approved ${r.images}; adding to the product` : `Rejected ${r.images}` });
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
const VALUE_LABELS: Record<string, Record<string, string>> = {
  viewType: VIEW_LABELS,
  modelGender: GENDER_LABELS,
  modelBody: BODY_LABELS,
  modelStyle: STYLE_LABELS,
  inputQualityDetect: { "1": "On", "0": "Off" },
  garmentType: { tops: "Tops", dresses: "Dresses", auto: "Auto-detect" },
};
function humanValue(field: string, value: string): string {
  return VALUE_LABELS[field]?.[value] ?? value;
}
const REVIEW_LABEL: Record<string, { label: string; tone?: "success" | "attention" | "critical" | "info" }> = {
  pending: { label: "Needs review", tone: "attention" },
  approved: { label: "Approved", tone: "info" },
  rejected: { label: "Rejected" },
};

/** Results grouped by colour: the product's colours first (in its order), then other colours, then the product as a whole. */
function groupByColour<R extends { colour: string | null }>(results: R[], order: string[]): Array<{ colour: string | null; results: R[] }> {
  if (!results.some((r) => r.colour !== null)) return [{ colour: null, results }];
  const groups = new Map<string | null, R[]>();
  for (const r of results) groups.set(r.colour, [...(groups.get(r.colour) ?? []), r]);
  const rank = (c: string | null) => (c === null ? Number.MAX_SAFE_INTEGER : order.includes(c) ? order.indexOf(c) : order.length);
  return [...groups.entries()].sort((a, b) => rank(a[0]) - rank(b[0])).map(([colour, list]) => ({ colour: colour ?? (groups.size > 1 ? "Whole product" : null), results: list }));
}

function resultStatus(r: { review: string; attachState: string }) {
  if (r.attachState === "attached") return { label: "On product", tone: "success" as const };
  if (r.attachState === "attaching") return { label: "Adding…", tone: "info" as const };
  if (r.attachState === "removed") return { label: "Removed" };
  if (r.attachState === "failed") return { label: "Couldn't add", tone: "critical" as const };
  if (r.review === "approved") return { label: "Approved — adding soon", tone: "info" as const };
  return REVIEW_LABEL[r.review] ?? { label: r.review };
}

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
  const pendingReview = data.results.some((r) => r.review === "pending" && r.attachState === "stored");
  const attaching = data.results.some((r) => r.attachState === "attaching" || (r.review === "approved" && r.attachState === "stored"));
  useLiveRevalidation(data.activeJob || attaching, 1500);

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
  // Results of a product tried on per colour read by colour (issue 15.1), in the product's colour order.
  const resultGroups = groupByColour(data.results, data.colours.names);
  const isOwn = (v: { reasons: string[] }) => v.reasons.some((r) => /Fitting Room (added|attached)/i.test(r));
  const candidates = data.garment.verdicts.filter((v) => !isOwn(v));
  const ownImages = data.garment.verdicts.length - candidates.length;
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
            <p>{failureHelp(data.garment.verdicts.length ? "NO_SUITABLE_IMAGE" : "NO_IMAGE").action}</p>
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
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="400">
                  <BlockStack gap="100">
                    <InlineStack align="space-between" blockAlign="center">
                      <Text as="h2" variant="headingMd">
                        Garment image
                      </Text>
                      {data.garment.merchantChoice && (
                        <Button variant="plain" onClick={() => run("chooseGarment", { garmentMediaId: "" })} disabled={busy}>
                          Let Fitting Room choose
                        </Button>
                      )}
                    </InlineStack>
                    <Text as="p" tone="subdued">
                      {data.garment.reason}
                    </Text>
                  </BlockStack>
                  {ownImages > 0 && (
                    <Text as="p" variant="bodySm" tone="subdued">
                      {ownImages} try-on image{ownImages === 1 ? "" : "s"} Fitting Room added {ownImages === 1 ? "is" : "are"} not offered as the garment photo.
                    </Text>
                  )}
                  {candidates.length === 0 ? (
                    <Text as="p" tone="subdued">
                      This product has no images. Add a flat-lay photo of the garment in Shopify.
                    </Text>
                  ) : (
                    <InlineGrid columns={{ xs: 2, sm: 3, md: 4 }} gap="300">
                      {candidates.map((v) => {
                        const chosen = v.mediaId === data.garment.chosenId;
                        return (
                          <Box
                            key={v.mediaId}
                            padding="200"
                            borderRadius="300"
                            borderWidth={chosen ? "050" : "025"}
                            borderColor={chosen ? "border-emphasis" : "border"}
                            background={chosen ? "bg-surface-selected" : "bg-surface"}
                          >
                            <BlockStack gap="200">
                              <div style={{ position: "relative" }}>
                                {v.previewUrl ? (
                                  <img
                                    src={v.previewUrl}
                                    alt={`Product media ${v.position}`}
                                    style={{ width: "100%", aspectRatio: "3 / 4", objectFit: "contain", borderRadius: 8, background: "var(--p-color-bg-surface-secondary)" }}
                                  />
                                ) : (
                                  <Box minHeight="120px" background="bg-surface-secondary" borderRadius="200" />
                                )}
                                {chosen && (
                                  <div style={{ position: "absolute", top: 6, left: 6 }}>
                                    <Badge tone="success">Chosen</Badge>
                                  </div>
                                )}
                              </div>
                              <InlineStack gap="100" wrap>
                                {v.width && v.height ? <Badge tone={v.reasons.some((r) => /px/.test(r)) ? "critical" : undefined}>{`${v.width}×${v.height}`}</Badge> : null}
                                {v.ok ? (
                                  <Badge tone="success">Flat lay ✓</Badge>
                                ) : !v.usable ? (
                                  <Badge tone="critical">Not usable</Badge>
                                ) : v.look === "unjudged" ? (
                                  <Badge>Not checked yet</Badge>
                                ) : (
                                  <Badge tone="warning">May be refused: not a flat lay</Badge>
                                )}
                              </InlineStack>
                              {v.reasons.length > 0 && (
                                <Text as="p" variant="bodySm" tone="critical">
                                  {v.reasons.join(" ")}
                                </Text>
                              )}
                              {!chosen && (
                                <Button size="slim" onClick={() => run("chooseGarment", { garmentMediaId: v.mediaId })} disabled={busy}>
                                  Use this image
                                </Button>
                              )}
                              {chosen && data.garment.overridden && (
                                <Text as="span" variant="bodySm" tone="subdued">
                                  Chosen by you{!v.ok ? " (try-on may refuse it)" : ""}
                                </Text>
                              )}
                            </BlockStack>
                          </Box>
                        );
                      })}
                    </InlineGrid>
                  )}
                </BlockStack>
              </Card>

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

              <Card>
                <BlockStack gap="400">
                  <InlineStack align="space-between" blockAlign="center">
                    <Text as="h2" variant="headingMd">
                      Try-on results
                    </Text>
                    <InlineStack gap="200">
                      {pendingReview && (
                        <Button
                          variant="primary"
                          onClick={() => run("approve", { imageIds: data.results.filter((r) => r.review === "pending" && r.attachState === "stored").map((r) => r.id) })}
                          disabled={busy}
                        >
                          Approve all new
                        </Button>
                      )}
                      {attachedCount > 0 && (
                        <Button tone="critical" onClick={() => askRemove("all")} disabled={busy}>
                          {`Remove ${attachedCount} from product`}
                        </Button>
                      )}
                    </InlineStack>
                  </InlineStack>
                  {data.results.length === 0 ? (
                    <Empty heading="No try-on photos yet">Generate try-on photos to see them here before they go on the product.</Empty>
                  ) : (
                    <BlockStack gap="400">
                      {resultGroups.map((group) => (
                        <BlockStack key={group.colour ?? ""} gap="200">
                          {group.colour !== null && (
                            <span data-testid="result-colour">
                              <Text as="h3" variant="headingSm">
                                {group.colour}
                              </Text>
                            </span>
                          )}
                    <InlineGrid columns={{ xs: 2, sm: 3, md: 4 }} gap="300">
                      {group.results.map((r) => {
                        const status = resultStatus(r);
                        return (
                          <BlockStack key={r.id} gap="150">
                            <img
                              src={r.url ?? undefined}
                              alt={r.altText}
                              style={{ width: "100%", aspectRatio: "3 / 4", objectFit: "cover", borderRadius: 10, background: "var(--p-color-bg-surface-secondary)", opacity: r.review === "rejected" || r.attachState === "removed" ? 0.45 : 1 }}
                            />
                            <InlineStack align="space-between" blockAlign="center">
                              <Badge tone={status.tone}>{status.label}</Badge>
                              <Text as="span" variant="bodySm" tone="subdued">
                                <When iso={r.createdAt} />
                              </Text>
                            </InlineStack>
                            {r.lead && r.attachState === "attached" && <Badge tone="info">Lead photo</Badge>}
                            {r.review !== "rejected" && r.attachState !== "removed" && (
                              <Text as="p" variant="bodySm" tone="subdued">
                                <span data-testid="result-alt-text">{`Alt text: ${r.altText}`}</span>
                              </Text>
                            )}
                            {r.review === "pending" && r.attachState === "stored" && <ColourSwatches check={r} />}
                            {r.review === "pending" && r.attachState === "stored" && (
                              <InlineStack gap="100">
                                <Button size="slim" variant="primary" onClick={() => run("approve", { imageIds: [r.id] })} disabled={busy}>
                                  Approve
                                </Button>
                                <Button size="slim" onClick={() => run("reject", { imageIds: [r.id] })} disabled={busy}>
                                  Reject
                                </Button>
                              </InlineStack>
                            )}
                            {r.attachState === "attached" && (
                              <Button size="slim" tone="critical" variant="plain" onClick={() => askRemove([r.id])} disabled={busy} accessibilityLabel="Remove this image from the product">
                                Remove
                              </Button>
                            )}
                            {r.errorMessage && (
                              <Text as="p" variant="bodySm" tone="critical">
                                {merchantText(r.errorMessage, "This image could not be added to the product.")}
                              </Text>
                            )}
                          </BlockStack>
                        );
                      })}
                    </InlineGrid>
                        </BlockStack>
                      ))}
                    </BlockStack>
                  )}
                </BlockStack>
              </Card>

              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    History
                  </Text>
                  {data.history.length === 0 ? (
                    <Text as="p" tone="subdued">
                      No runs yet.
                    </Text>
                  ) : (
                    data.history.map((h) => (
                      <BlockStack key={h.id} gap="100">
                        <InlineStack gap="200" blockAlign="center">
                          <JobStatusBadge state={h.state} />
                          <Link url={runPath(h.runId)} removeUnderline>
                            <When iso={h.createdAt} />
                          </Link>
                          <Text as="span" variant="bodySm" tone="subdued">
                            {[h.model, `${h.imagesGenerated} made`, `${h.imagesAttached} on product`].filter(Boolean).join(" · ")}
                          </Text>
                        </InlineStack>
                        {h.errorMessage && (
                          <Text as="p" variant="bodySm" tone={h.state === "failed" ? "critical" : "subdued"}>
                            {merchantText(h.errorMessage, "This try-on did not finish.")}
                          </Text>
                        )}
                      </BlockStack>
                    ))
                  )}
                </BlockStack>
              </Card>
            </BlockStack>
          </Layout.Section>

          <Layout.Section variant="oneThird">
            <BlockStack gap="400">
            {data.colours.names.length > 0 && (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Colours
                  </Text>
                  <Select
                    label={ONE_PER_COLOUR_LABEL}
                    options={[
                      { label: `Same as ${data.colours.inheritedFrom} (${data.colours.inherited ? "on" : "off"})`, value: "" },
                      { label: "On", value: "on" },
                      { label: "Off", value: "off" },
                    ]}
                    value={data.colours.own}
                    disabled={busy}
                    onChange={(onePerColour) => run("colours", { onePerColour })}
                    helpText={
                      data.colours.effective
                        ? data.colours.withImages.length >= 2
                          ? `Each colour with its own photo gets its own try-on, shown on that colour's variants: ${data.colours.withImages.join(", ")}.`
                          : "Each colour needs a photo of its own (set on its variants in Shopify); until then the product is tried on once."
                        : `One try-on for the whole product, from one photo. Colours: ${data.colours.names.join(", ")}.`
                    }
                  />
                </BlockStack>
              </Card>
            )}
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    Effective settings
                  </Text>
                  {!editing && (
                    <Button variant="plain" onClick={() => setEditing(true)}>
                      Customize
                    </Button>
                  )}
                </InlineStack>
                {data.collection.applied && (
                  <Text as="p" variant="bodySm" tone="subdued">
                    Collection defaults from {data.collection.applied.title ?? data.collection.applied.id}
                    {data.collection.ignored.length ? ` (also in ${data.collection.ignored.map((c) => c.title ?? c.id).join(", ")}, not used)` : ""}.
                  </Text>
                )}
                <BlockStack gap="200">
                  {data.effective.map((f) => (
                    <BlockStack key={f.field} gap="0">
                      <InlineStack align="space-between" gap="200" wrap={false}>
                        <Text as="span" variant="bodySm">
                          {SETTING_LABELS[f.field as keyof typeof SETTING_LABELS] ?? f.field}
                        </Text>
                        <Text as="span" variant="bodySm" fontWeight="semibold" tone={f.ignored ? "subdued" : undefined}>
                          {humanValue(f.field, f.value)}
                        </Text>
                      </InlineStack>
                      <span title={f.source}>
                        <Text as="span" variant="bodySm" tone="subdued">
                          {f.ignored ? "Not used" : f.sourceShort}
                        </Text>
                      </span>
                    </BlockStack>
                  ))}
                </BlockStack>
                {data.hasOwnSettings && !editing && (
                  <Button variant="plain" tone="critical" onClick={() => run("resetSettings")} disabled={busy}>
                    Use inherited settings only
                  </Button>
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
