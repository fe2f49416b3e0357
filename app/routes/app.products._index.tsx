import { useEffect, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useFetcher, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, ChoiceList, Filters, IndexTable, InlineStack, Link, Page, Text, Thumbnail, Tooltip, useIndexResourceState } from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import { TitleBar } from "@shopify/app-bridge-react";
import { authenticate } from "../shopify.server";
import { failureInit, withinShopLimit } from "../extension-api/shop-limiter.server";
import { parseForm, readForm } from "../forms/form-data";
import { runStartFormSchema } from "../forms/run-start";
import { productsPage } from "../read-models/catalog.server";
import { PRODUCT_STATUS_FILTERS, parseQuery, productsQuerySchema, type ProductStatusFilter } from "../forms/list-queries";
import { estimateRun, startRunFor } from "../read-models/runs.server";
import { productPath, runPath } from "../components/paths";
import { JobStatusBadge } from "../components/JobStatusBadge";
import { When } from "../components/RunTitle";
import { Empty } from "../components/Empty";
import { EstimateModal } from "../components/EstimateModal";
import type { EstimateView } from "../components/EstimateSummary";
import { pickResources, showToast } from "../components/app-bridge";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const q = parseQuery(productsQuerySchema, request);
  const page = await productsPage(session.shop, admin.graphql, { search: q.q, collectionId: q.collection ?? null, status: q.status ?? null, after: q.after ?? null });
  return json({ ...page, query: { q: q.q ?? "", collection: q.collection ?? "", status: q.status ?? "" } });
};

type ActionData = { intent: "estimate"; ok: true; estimate: EstimateView } | { intent: string; ok: false; message: string; fieldErrors?: Record<string, string> };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, redirect } = await authenticate.admin(request);
  const parsed = parseForm(runStartFormSchema, await readForm(request), { productIds: "Products" });
  if (!parsed.ok) return json<ActionData>({ intent: "invalid", ok: false, message: parsed.formError, fieldErrors: parsed.fieldErrors }, { status: 400 });
  const { intent, productIds, force, idempotencyKey } = parsed.data;
  const scope = productIds.length === 1 ? { type: "product" as const, productId: productIds[0] } : { type: "selection" as const, productIds };
  if (intent === "estimate") {
    const r = await withinShopLimit(session.shop, () => estimateRun(session.shop, scope));
    return r.ok ? json<ActionData>({ intent, ok: true, estimate: r.estimate }) : json<ActionData>({ intent, ok: false, message: r.message }, failureInit(r));
  }
  const r = await withinShopLimit(session.shop, () => startRunFor(session.shop, scope, { force, idempotencyKey }));
  if (!r.ok) return json<ActionData>({ intent, ok: false, message: r.message }, failureInit(r));
  return redirect(runPath(r.runId));
};

const STATUS_LABELS: Record<ProductStatusFilter, string> = {
  not_tried: "Not tried on yet",
  in_progress: "In progress",
  needs_review: "Needs review",
  on_product: "On product",
  failed: "Failed",
  skipped: "Skipped (nothing was sent)",
};
const CONFIRM_ID = "products-run-confirm";

export default function Products() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [params, setParams] = useSearchParams();
  const submit = useSubmit();
  const navigation = useNavigation();
  const estimator = useFetcher<typeof action>();
  const [search, setSearch] = useState(data.query.q);
  const [pending, setPending] = useState<string[]>([]);
  const [force, setForce] = useState(false);
  // One idempotency key per visit: a double click or a resubmit returns the same run (issue 14.2).
  const [startKey] = useState(() => crypto.randomUUID());
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(data.products);

  useEffect(() => {
    const t = setTimeout(() => {
      if (search === (params.get("q") ?? "")) return;
      const next = new URLSearchParams(params);
      if (search) next.set("q", search);
      else next.delete("q");
      next.delete("after");
      setParams(next, { replace: true });
    }, 300);
    return () => clearTimeout(t);
  }, [search, params, setParams]);
  useEffect(() => {
    if (actionData && !actionData.ok) showToast(actionData.message, { isError: true });
  }, [actionData]);

  const setFilter = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete("after");
    setParams(next);
    clearSelection();
  };
  const estimate = (ids: string[]) => {
    if (!ids.length) return;
    setPending(ids);
    setForce(false);
    const fd = new FormData();
    fd.set("intent", "estimate");
    ids.forEach((id) => fd.append("productIds", id));
    estimator.submit(fd, { method: "post" });
    shopify.modal.show(CONFIRM_ID);
  };
  const start = () => {
    const fd = new FormData();
    fd.set("intent", "start");
    pending.forEach((id) => fd.append("productIds", id));
    if (force) fd.set("force", "on");
    fd.set("idempotencyKey", startKey);
    submit(fd, { method: "post" });
  };
  /** "Try on" on a row: one product, started at once; the run page shows its results to approve (issue 17, fewer steps). */
  const tryOne = (id: string) => {
    const fd = new FormData();
    fd.set("intent", "start");
    fd.append("productIds", id);
    submit(fd, { method: "post" });
  };
  const startingOne = navigation.state !== "idle" && navigation.formData?.get("intent") === "start" ? navigation.formData.getAll("productIds") : [];
  const pick = async () => {
    const picked = await pickResources("product", { multiple: true, action: "select" });
    estimate(picked.map((p) => p.id));
  };
  const estimateData = estimator.data as ActionData | undefined;
  const selectedIds = allResourcesSelected ? data.products.map((p) => p.id) : selectedResources;

  const appliedFilters = [
    ...(data.query.collection
      ? [{ key: "collection", label: `Collection: ${data.collections.find((c) => c.id === data.query.collection)?.title ?? "?"}`, onRemove: () => setFilter("collection", null) }]
      : []),
    ...(data.query.status ? [{ key: "status", label: `Try-on: ${STATUS_LABELS[data.query.status as ProductStatusFilter]}`, onRemove: () => setFilter("status", null) }] : []),
  ];

  return (
    <Page fullWidth>
      <TitleBar title="Products">
        <button variant="primary" onClick={() => estimate(selectedIds)} disabled={selectedIds.length === 0}>
          {selectedIds.length ? `Try on ${selectedIds.length} selected` : "Try on selected"}
        </button>
        <button onClick={pick}>Pick products…</button>
      </TitleBar>
      <EstimateModal
        id={CONFIRM_ID}
        title={`Try on ${pending.length} product${pending.length === 1 ? "" : "s"}`}
        estimate={estimateData?.ok && estimateData.intent === "estimate" ? estimateData.estimate : null}
        loading={estimator.state !== "idle"}
        error={estimateData && !estimateData.ok ? estimateData.message : null}
        starting={navigation.state !== "idle" && navigation.formData?.get("intent") === "start"}
        force={force}
        onForceChange={setForce}
        onStart={start}
      />
      <BlockStack gap="400">
        {actionData && !actionData.ok && actionData.intent === "start" && (
          <Banner tone="critical" title="The run did not start">
            <p>{actionData.message}</p>
          </Banner>
        )}
        <div className="fr-narrow-hide-3 fr-narrow-hide-4 fr-narrow-hide-6">
        <Card padding="0">
          <Filters
            queryValue={search}
            queryPlaceholder="Search products"
            onQueryChange={setSearch}
            onQueryClear={() => setSearch("")}
            onClearAll={() => {
              setSearch("");
              setParams(new URLSearchParams());
            }}
            filters={[
              {
                key: "collection",
                label: "Collection",
                filter: (
                  <ChoiceList
                    title="Collection"
                    titleHidden
                    choices={data.collections.map((c) => ({ label: c.title, value: c.id }))}
                    selected={data.query.collection ? [data.query.collection] : []}
                    onChange={(v) => setFilter("collection", v[0] ?? null)}
                  />
                ),
                shortcut: true,
              },
              {
                key: "status",
                label: "Try-on status",
                filter: (
                  <ChoiceList
                    title="Try-on status"
                    titleHidden
                    choices={PRODUCT_STATUS_FILTERS.map((s) => ({ label: STATUS_LABELS[s], value: s }))}
                    selected={data.query.status ? [data.query.status] : []}
                    onChange={(v) => setFilter("status", v[0] ?? null)}
                  />
                ),
                shortcut: true,
              },
            ]}
            appliedFilters={appliedFilters}
          />
          {data.products.length === 0 ? (
            <Empty heading="No products match">Change the search or the filters.</Empty>
          ) : (
            <IndexTable
              resourceName={{ singular: "product", plural: "products" }}
              itemCount={data.products.length}
              selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
              onSelectionChange={handleSelectionChange}
              promotedBulkActions={[{ content: "Try on selected", onAction: () => estimate(selectedIds) }]}
              headings={[{ title: "Product" }, { title: "Garment image" }, { title: "Clothing type" }, { title: "Try-on status" }, { title: "Last run" }, { title: "Try on", hidden: true }]}
              pagination={
                !(data.hasNextPage || params.get("after"))
                  ? undefined
                  : {
                hasNext: data.hasNextPage,
                hasPrevious: Boolean(params.get("after")),
                onNext: () => {
                  const next = new URLSearchParams(params);
                  next.set("after", data.endCursor ?? "");
                  setParams(next);
                },
                onPrevious: () => {
                  const next = new URLSearchParams(params);
                  next.delete("after");
                  setParams(next);
                },
                    }
              }
            >
              {data.products.map((p, index) => (
                <IndexTable.Row id={p.id} key={p.id} position={index} selected={selectedResources.includes(p.id)}>
                  <IndexTable.Cell>
                    <InlineStack gap="300" blockAlign="center" wrap={false}>
                      <Thumbnail source={p.imageUrl ?? ImageIcon} alt="" size="small" />
                      <BlockStack gap="050">
                        <Link url={productPath(p.id)} removeUnderline monochrome dataPrimaryLink>
                          <Text as="span" fontWeight="semibold">
                            {p.title}
                          </Text>
                        </Link>
                        {p.productType && (
                          <Text as="span" variant="bodySm" tone="subdued">
                            {p.productType}
                          </Text>
                        )}
                      </BlockStack>
                    </InlineStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <InlineStack gap="200" blockAlign="center" wrap={false}>
                      {p.garment.url ? <Thumbnail source={p.garment.url} alt="Garment image" size="small" /> : <Thumbnail source={ImageIcon} alt="No garment image" size="small" />}
                      <Text as="span" variant="bodySm" tone={p.garment.note.startsWith("No ") ? "critical" : "subdued"}>
                        {p.garment.note}
                      </Text>
                    </InlineStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Tooltip content={p.clothingType.source}>
                      {p.clothingType.value ? <Badge>{p.clothingType.value === "dresses" ? "Dress" : "Top"}</Badge> : <Badge tone="info">Auto-detect</Badge>}
                    </Tooltip>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{p.lastJob ? <JobStatusBadge state={p.lastJob.state} /> : <Text as="span" tone="subdued">Not tried on</Text>}</IndexTable.Cell>
                  <IndexTable.Cell>
                    {p.lastJob ? (
                      <Link url={runPath(p.lastJob.runId)} removeUnderline>
                        <When iso={p.lastJob.at} />
                      </Link>
                    ) : (
                      <Text as="span" tone="subdued">
                        —
                      </Text>
                    )}
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {/* Its own click: not a row selection. */}
                    <div onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()} role="presentation">
                      {/* No photo that can be sent: the run would skip it ("Nothing to generate"), so it is not offered. */}
                      <BlockStack gap="100" inlineAlign="start">
                        <Button
                          size="slim"
                          onClick={() => tryOne(p.id)}
                          loading={startingOne.includes(p.id)}
                          disabled={startingOne.length > 0 || p.garment.cantTryOn !== null}
                          accessibilityLabel={`Try on ${p.title}`}
                          ariaDescribedBy={p.garment.cantTryOn ? `cant-try-on-${index}` : undefined}
                        >
                          Try on
                        </Button>
                        {p.garment.cantTryOn && (
                          // Wraps within the column instead of widening the table past the page.
                          <span id={`cant-try-on-${index}`} style={{ display: "block", maxWidth: 160, whiteSpace: "normal" }}>
                            <Text as="span" variant="bodySm" tone="subdued">
                              {p.garment.cantTryOn}
                            </Text>
                          </span>
                        )}
                      </BlockStack>
                    </div>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
        </Card>
        </div>
      </BlockStack>
    </Page>
  );
}

export { PageErrorBoundary as ErrorBoundary } from "../components/RouteError";
