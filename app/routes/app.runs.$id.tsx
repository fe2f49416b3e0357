import { useEffect } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigate, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, InlineGrid, InlineStack, Link, List, Page, Pagination, Tabs, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { authenticate } from "../shopify.server";
import { parseForm, readForm } from "../forms/form-data";
import { runActionSchema } from "../forms/run";
import { runPage } from "../read-models/runs.server";
import { reviewImages } from "../read-models/review.server";
import { RUN_JOB_FILTERS, parseQuery, runQuerySchema, type RunJobFilter } from "../forms/list-queries";
import { pipeline } from "../read-models/pipeline.server";
import { collectionPath, productPath } from "../components/paths";
import { RunProgress } from "../components/RunProgress";
import { RunTitle } from "../components/RunTitle";
import { showModal, showToast } from "../components/app-bridge";
import { ConfirmModal, plural } from "../components/ConfirmModal";
import { merchantText } from "../forms/merchant-text";
import { useLiveRevalidation } from "../components/useLiveRevalidation";
import { Empty } from "../components/Empty";
import { RunReviewCard } from "../components/run/RunReviewCard";
import { RunJobsTable } from "../components/run/RunJobsTable";
import { reviewDecisionMessage } from "../components/review/review-text";
import { retryMessage } from "../components/run/retry-text";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const q = parseQuery(runQuerySchema, request);
  const data = await runPage(session.shop, params.id ?? "", q);
  if (!data) throw new Response("This run doesn't exist (or belongs to another shop).", { status: 404 });
  return json({ ...data, filter: q.filter });
};

type ActionData = { ok: true; message: string } | { ok: false; message: string; fieldErrors?: Record<string, string> };

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = parseForm(runActionSchema, await readForm(request));
  if (!parsed.ok) return json<ActionData>({ ok: false, message: parsed.formError, fieldErrors: parsed.fieldErrors }, { status: 400 });
  const runId = params.id ?? "";
  const p = pipeline();
  // Another shop's run (or none): 404 before any action, never "0 cancelled" (security matrix).
  if (!(await p.getRunProgress(session.shop, runId))) return json<ActionData>({ ok: false, message: "This run doesn't exist (or belongs to another shop)." }, { status: 404 });
  try {
    switch (parsed.data.intent) {
      case "cancel": {
        const n = await p.cancelRun(session.shop, runId);
        return json<ActionData>({ ok: true, message: `Run cancelled (${n} product${n === 1 ? "" : "s"} stopped)` });
      }
      case "retry": {
        const r = await p.retryRun(session.shop, runId);
        return json<ActionData>({
          ok: true,
          message: retryMessage(r),
        });
      }
      case "approve":
      case "reject": {
        const r = await reviewImages(session.shop, parsed.data.intent, parsed.data.imageIds);
        return json<ActionData>({
          ok: true,
          message: reviewDecisionMessage(parsed.data.intent, r.images, r.products),
        });
      }
      case "undo": {
        const u = await p.undoRun(session.shop, runId);
        const failed = u.failed.length ? `; ${u.failed.length} could not be removed: ${merchantText(u.failed[0].message, "Shopify did not accept the change; try again.")}` : "";
        return json<ActionData>({ ok: u.failed.length === 0, message: `Removed ${u.removed} image${u.removed === 1 ? "" : "s"} from products${u.alreadyGone ? ` (${u.alreadyGone} were already gone)` : ""}${failed}` });
      }
    }
  } catch (error) {
    return json<ActionData>({ ok: false, message: `That didn't work. ${merchantText((error as Error).message, "Try again in a minute; if it keeps happening, contact support.")}` }, { status: 500 });
  }
};

const TAB_STATES: Record<RunJobFilter, string[]> = {
  all: [],
  active: ["queued", "submitting", "polling", "succeeded", "attaching"],
  review: ["awaiting_review"],
  attached: ["attached"],
  failed: ["failed"],
  skipped: ["skipped"],
  other: ["cancelled", "removed"],
};
function tabCount(f: RunJobFilter, counts: Record<string, number>, all: number): number {
  return f === "all" ? all : TAB_STATES[f].reduce((sum, s) => sum + (counts[s] ?? 0), 0);
}

const TAB_LABELS: Record<RunJobFilter, string> = { all: "All", active: "In progress", review: "Needs review", attached: "On product", failed: "Failed", skipped: "Skipped", other: "Cancelled or removed" };
const UNDO_CONFIRM_ID = "run-undo-confirm";
const REJECT_CONFIRM_ID = "run-reject-confirm";

export default function RunPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const submit = useSubmit();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { run, progress } = data;
  const active = run.status === "planning" || run.status === "running";
  // Results whose Files copy is still being made show once it is ready.
  useLiveRevalidation(active || data.review.some((g) => g.images.some((i) => !i.url)), 1500);
  useEffect(() => {
    if (actionData) showToast(actionData.message, { isError: !actionData.ok });
  }, [actionData]);

  const busy = navigation.state !== "idle" && navigation.formMethod === "POST";
  const act = (intent: "cancel" | "retry" | "undo") => submit({ intent }, { method: "post" });
  const decide = (intent: "approve" | "reject", ids: string[]) => {
    if (!ids.length) return;
    const fd = new FormData();
    fd.set("intent", intent);
    ids.forEach((id) => fd.append("imageIds", id));
    submit(fd, { method: "post" });
  };
  const shownIds = data.review.flatMap((g) => g.images.map((i) => i.id));
  const failed = progress.counts.failed ?? 0;
  const tabIndex = RUN_JOB_FILTERS.indexOf(data.filter);
  const title = run.scopeTitle ?? "Run";

  return (
    <Page>
      <TitleBar title={`Run · ${title}`}>
        <a variant="breadcrumb" href="/app/runs">
          Runs
        </a>
        {data.imagesPending > 0 && <button variant="primary" onClick={() => navigate(`/app/review?run=${run.id}`)}>{`Review ${data.imagesPending} images`}</button>}
        {active && (
          <button onClick={() => act("cancel")} disabled={busy}>
            Cancel run
          </button>
        )}
      </TitleBar>
      <ConfirmModal
        id={REJECT_CONFIRM_ID}
        title={`Reject ${plural(shownIds.length, "image")}?`}
        confirmLabel={`Reject ${plural(shownIds.length, "image")}`}
        onConfirm={() => decide("reject", shownIds)}
        busy={busy}
      >
        <Text as="p">{`${plural(shownIds.length, "result")} from ${plural(data.review.length, "product")} will be discarded and never added to your products.`}</Text>
        <Text as="p" tone="subdued">
          The try-on quota they used is not refunded; to get these photos again you would generate (and pay for) them again.
        </Text>
      </ConfirmModal>
      <ConfirmModal id={UNDO_CONFIRM_ID} title="Undo this run?" confirmLabel={`Remove ${plural(progress.imagesAttached, "image")}`} onConfirm={() => act("undo")} busy={busy}>
        <Text as="p">
          {`${plural(progress.imagesAttached, "image")} from ${plural(data.productsWithImages, "product")} will be taken off the products in Shopify.`}
        </Text>
        <Text as="p" tone="subdued">
          Your original product photos are not touched. To put try-on photos back you would generate them again.
        </Text>
      </ConfirmModal>
      <BlockStack gap="400">
        {run.planError && (
          <Banner tone="warning" title="Not every product was added to this run">
            <p>{run.planError}</p>
          </Banner>
        )}
        {run.storedStatus === "planning" && (
          <Banner tone="info" title="Adding products to the run">
            <p>
              {run.productsExpected
                ? `${run.productsPlanned.toLocaleString("en")} of ${run.productsExpected.toLocaleString("en")} products checked so far. Try-on starts on the first ones while the rest are added.`
                : `${run.productsPlanned.toLocaleString("en")} products checked so far. Try-on starts on the first ones while the rest are added.`}
            </p>
          </Banner>
        )}
        {run.storedStatus === "cancelled" && run.productsExpected != null && run.productsPlanned < run.productsExpected && (
          <Banner tone="info" title="Cancelled before every product was added">
            <p>{`${plural(run.productsExpected - run.productsPlanned, "product")} of ${run.productsExpected.toLocaleString("en")} were never started, and nothing was spent on them. Start a new run to try them on.`}</p>
          </Banner>
        )}
        {/* Only while their answers are still to come: afterwards each one either has results or its own failure message. */}
        {run.productsFlagged > 0 && (run.status === "planning" || run.status === "running") && (
          <Banner tone="warning" title={`${run.productsFlagged} product${run.productsFlagged === 1 ? "" : "s"} may be refused as not a flat lay`}>
            <p>None of their photos looks like a garment laid flat on a plain background, so the closest one was sent; their rows below say “May be refused”. If try-on refuses them, add a flat-lay photo or choose another image on the product page, then retry.</p>
          </Banner>
        )}
        <Card>
          <BlockStack gap="400">
            <InlineStack align="space-between" blockAlign="start" gap="200">
              <RunTitle run={run} counts={progress.counts} />
              <InlineStack gap="200" blockAlign="center">
                {run.scopeType === "collection" && run.scopeRef && (
                  <Link url={collectionPath(run.scopeRef)} removeUnderline>
                    Collection settings
                  </Link>
                )}
                {failed > 0 && (
                  <Button onClick={() => act("retry")} disabled={busy}>
                    {`Retry ${plural(failed, "failed product")}`}
                  </Button>
                )}
                {progress.imagesAttached > 0 && (
                  <Button tone="critical" onClick={() => showModal(UNDO_CONFIRM_ID)} disabled={busy}>
                    Undo run
                  </Button>
                )}
              </InlineStack>
            </InlineStack>
            <RunProgress counts={progress.counts} settled={progress.settled} total={progress.jobs} planning={run.status === "planning"} size="large" />
            <InlineGrid columns={{ xs: 2, md: 5 }} gap="300">
              {[
                ["Products", progress.jobs],
                ["Images made", `${progress.imagesGenerated} of ${progress.imagesExpected}`],
                ["Images on products", progress.imagesAttached],
                ["Images waiting for review", data.imagesPending],
                ["Quota used", `${data.quotaUsed} call${data.quotaUsed === 1 ? "" : "s"}`],
              ].map(([label, value]) => (
                <Box key={String(label)} padding="300" background="bg-surface-secondary" borderRadius="200">
                  <BlockStack gap="100">
                    <Text as="span" variant="bodySm" tone="subdued">
                      {label}
                    </Text>
                    <Text as="span" variant="headingLg">
                      {value}
                    </Text>
                  </BlockStack>
                </Box>
              ))}
            </InlineGrid>
          </BlockStack>
        </Card>

        {shownIds.length > 0 && (
          <RunReviewCard groups={data.review} shownIds={shownIds} imagesPending={data.imagesPending} busy={busy} decide={decide} onRejectShown={() => showModal(REJECT_CONFIRM_ID)} />
        )}

        <Card padding="0">
          <Tabs
            tabs={RUN_JOB_FILTERS.map((f) => {
              const n = tabCount(f, progress.counts, progress.jobs);
              return { id: `run-tab-${f}`, content: TAB_LABELS[f], panelID: "run-jobs", ...(n > 0 && f !== "all" ? { badge: String(n) } : {}) };
            })}
            selected={tabIndex < 0 ? 0 : tabIndex}
            onSelect={(i) => setParams({ filter: RUN_JOB_FILTERS[i] })}
          />
          {data.jobs.length === 0 ? (
            <Empty heading={run.status === "planning" ? "Adding products…" : "No products here"}>
              {run.status === "planning" ? "Products appear as soon as they are checked." : "Choose another tab."}
            </Empty>
          ) : (
            <RunJobsTable jobs={data.jobs} />
          )}
          {data.pageCount > 1 && (
            <Box padding="300">
              <InlineStack align="center">
                <Pagination
                  hasPrevious={data.page > 1}
                  hasNext={data.page < data.pageCount}
                  onPrevious={() => setParams({ ...Object.fromEntries(params), page: String(data.page - 1) })}
                  onNext={() => setParams({ ...Object.fromEntries(params), page: String(data.page + 1) })}
                  label={`Page ${data.page} of ${data.pageCount}`}
                />
              </InlineStack>
            </Box>
          )}
        </Card>

        {data.skipped.length > 0 && (
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Not in this run ({run.productsSkipped})
              </Text>
              <List type="bullet">
                {data.skipped.slice(0, 20).map((s) => (
                  <List.Item key={s.productId}>
                    <Link url={productPath(s.productId)}>{s.title}</Link> — {s.reason}
                  </List.Item>
                ))}
              </List>
            </BlockStack>
          </Card>
        )}
      </BlockStack>
    </Page>
  );
}

export { PageErrorBoundary as ErrorBoundary } from "../components/RouteError";
