import { useEffect } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigate, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Box, Card, IndexTable, InlineGrid, InlineStack, Link, List, Page, Pagination, Tabs, Text, Thumbnail } from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import { TitleBar } from "@shopify/app-bridge-react";
import { authenticate } from "../shopify.server";
import { parseForm, readForm } from "../forms/form-data";
import { runActionSchema } from "../forms/run";
import { runPage } from "../models/ui-runs.server";
import { RUN_JOB_FILTERS, parseQuery, runQuerySchema, type RunJobFilter } from "../forms/list-queries";
import { pipeline } from "../models/ui-pipeline.server";
import { collectionPath, productPath } from "../components/paths";
import { RunProgress } from "../components/RunProgress";
import { RunTitle, When } from "../components/RunTitle";
import { JobStatusBadge } from "../components/JobStatusBadge";
import { failureHelp } from "../components/failure-help";
import { showToast } from "../components/app-bridge";
import { useLiveRevalidation } from "../components/useLiveRevalidation";
import { Empty } from "../components/Empty";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const q = parseQuery(runQuerySchema, request);
  const data = await runPage(session.shop, params.id ?? "", q);
  if (!data) throw new Response("This run doesn't exist (or belongs to another shop).", { status: 404 });
  return json({ ...data, filter: q.filter });
};

type ActionData = { ok: true; message: string } | { ok: false; message: string };

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = parseForm(runActionSchema, await readForm(request));
  if (!parsed.ok) return json<ActionData>({ ok: false, message: parsed.formError }, { status: 400 });
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
          message: r.requeued ? `Retrying ${r.requeued} product${r.requeued === 1 ? "" : "s"}${r.stillFailing ? `; ${r.stillFailing} still can't be tried on` : ""}` : `Nothing to retry${r.stillFailing ? `: ${r.stillFailing} still can't be tried on — see their messages` : ""}`,
        });
      }
      case "undo": {
        const u = await p.undoRun(session.shop, runId);
        const failed = u.failed.length ? `; ${u.failed.length} could not be removed: ${u.failed[0].message}` : "";
        return json<ActionData>({ ok: u.failed.length === 0, message: `Removed ${u.removed} image${u.removed === 1 ? "" : "s"} from products${u.alreadyGone ? ` (${u.alreadyGone} were already gone)` : ""}${failed}` });
      }
    }
  } catch (error) {
    return json<ActionData>({ ok: false, message: `That didn't work: ${(error as Error).message}` }, { status: 500 });
  }
};

const TAB_STATES: Record<RunJobFilter, string[]> = {
  all: [],
  active: ["queued", "submitting", "polling", "succeeded", "attaching"],
  review: ["awaiting_review"],
  attached: ["attached"],
  failed: ["failed"],
  other: ["cancelled", "removed"],
};
function tabCount(f: RunJobFilter, counts: Record<string, number>, all: number): number {
  return f === "all" ? all : TAB_STATES[f].reduce((sum, s) => sum + (counts[s] ?? 0), 0);
}

const TAB_LABELS: Record<RunJobFilter, string> = { all: "All", active: "In progress", review: "Needs review", attached: "On product", failed: "Failed", other: "Cancelled or removed" };

export default function RunPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const submit = useSubmit();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { run, progress } = data;
  const active = run.status === "planning" || run.status === "running";
  useLiveRevalidation(active, 1500);
  useEffect(() => {
    if (actionData) showToast(actionData.message, { isError: !actionData.ok });
  }, [actionData]);

  const busy = navigation.state !== "idle" && navigation.formMethod === "POST";
  const act = (intent: "cancel" | "retry" | "undo") => submit({ intent }, { method: "post" });
  const failed = progress.counts.failed ?? 0;
  const tabIndex = RUN_JOB_FILTERS.indexOf(data.filter);
  const title = run.scopeTitle ?? (run.scopeType === "selection" ? "Selected products" : "Product");

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
        {failed > 0 && (
          <button onClick={() => act("retry")} disabled={busy}>
            Retry failed
          </button>
        )}
        {progress.imagesAttached > 0 && (
          <button tone="critical" onClick={() => act("undo")} disabled={busy}>
            Undo run
          </button>
        )}
      </TitleBar>
      <BlockStack gap="400">
        {run.planError && (
          <Banner tone="warning" title="Not every product was added to this run">
            <p>{run.planError}</p>
          </Banner>
        )}
        <Card>
          <BlockStack gap="400">
            <InlineStack align="space-between" blockAlign="start">
              <RunTitle run={run} counts={progress.counts} />
              {run.scopeType === "collection" && run.scopeRef && (
                <Link url={collectionPath(run.scopeRef)} removeUnderline>
                  Collection settings
                </Link>
              )}
            </InlineStack>
            <RunProgress counts={progress.counts} settled={progress.settled} total={progress.jobs} planning={run.status === "planning"} size="large" />
            <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
              {[
                ["Products", progress.jobs],
                ["Images made", `${progress.imagesGenerated} of ${progress.imagesExpected}`],
                ["On products", progress.imagesAttached],
                ["Waiting for review", data.imagesPending],
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
            <IndexTable
              resourceName={{ singular: "product", plural: "products" }}
              itemCount={data.jobs.length}
              selectable={false}
              headings={[{ title: "Product" }, { title: "Status" }, { title: "Images", alignment: "end" }, { title: "Message" }, { title: "Updated" }]}
            >
              {data.jobs.map((job, index) => {
                const help = job.state === "failed" ? failureHelp(job.errorCode) : null;
                return (
                  <IndexTable.Row id={job.id} key={job.id} position={index}>
                    <IndexTable.Cell>
                      <InlineStack gap="300" blockAlign="center" wrap={false}>
                        <Thumbnail source={job.garmentImageUrl || ImageIcon} alt="" size="small" />
                        <Link url={productPath(job.productId)} removeUnderline monochrome>
                          <Text as="span" fontWeight="semibold">
                            {job.productTitle}
                          </Text>
                        </Link>
                      </InlineStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <JobStatusBadge state={job.state} />
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {job.imagesExpected === 0 ? "—" : job.state === "attached" || job.imagesAttached > 0 ? `${job.imagesAttached} on product` : `${job.imagesGenerated} of ${job.imagesExpected}`}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <div style={{ maxWidth: 420, whiteSpace: "normal" }}>
                        {job.errorMessage ? (
                          <BlockStack gap="050">
                            <Text as="span" tone={job.state === "failed" ? "critical" : "subdued"}>
                              {job.errorMessage}
                            </Text>
                            {help && (
                              <Text as="span" variant="bodySm" tone="subdued">
                                {help.action}
                              </Text>
                            )}
                          </BlockStack>
                        ) : (
                          <Text as="span" tone="subdued">
                            {job.attempts > 1 ? `Attempt ${job.attempts}` : "—"}
                          </Text>
                        )}
                      </div>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <When iso={job.updatedAt} />
                    </IndexTable.Cell>
                  </IndexTable.Row>
                );
              })}
            </IndexTable>
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
