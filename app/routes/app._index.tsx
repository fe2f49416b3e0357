import { useEffect } from "react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Box,
  Button,
  Card,
  Divider,
  Icon,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  ProgressBar,
  SkeletonBodyText,
  Text,
} from "@shopify/polaris";
import { CheckCircleIcon } from "@shopify/polaris-icons";
import { TitleBar } from "@shopify/app-bridge-react";
import { authenticate } from "../shopify.server";
import { getDashboard } from "../read-models/dashboard.server";
import { presentRuns } from "../read-models/run-view.server";
import { autoTryOnRecent } from "../read-models/auto-tryon.server";
import { AutoTryOnCard } from "../components/AutoTryOnCard";
import type { loader as quotaLoader } from "./app.quota";
import { RunProgress } from "../components/RunProgress";
import { RunTitle, When } from "../components/RunTitle";
import { failureHelp } from "../components/failure-help";
import { merchantText } from "../forms/merchant-text";
import { useLiveRevalidation } from "../components/useLiveRevalidation";
import { productPath } from "../components/paths";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [dashboard, autoTryOn] = await Promise.all([getDashboard(session.shop), autoTryOnRecent(session.shop)]);
  // Runs named by what they covered, never-sent products counted as skipped (issue 17.5, 17.10).
  return json({ ...dashboard, activeRuns: await presentRuns(session.shop, dashboard.activeRuns), autoTryOn });
};

function Stat({ label, value, tone, action }: { label: string; value: React.ReactNode; tone?: "subdued"; action?: React.ReactNode }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingSm" tone={tone}>
          {label}
        </Text>
        <Text as="p" variant="heading2xl">
          {value}
        </Text>
        {action}
      </BlockStack>
    </Card>
  );
}

function ChecklistStep({ done, title, description, action, index }: { done: boolean; title: string; description: string; action: React.ReactNode; index: number }) {
  return (
    <InlineStack gap="300" blockAlign="start" wrap={false}>
      <Box minWidth="24px">
        {done ? (
          <Icon source={CheckCircleIcon} tone="success" accessibilityLabel="Done" />
        ) : (
          <div
            aria-hidden="true"
            style={{ width: 20, height: 20, borderRadius: 10, border: "2px dashed var(--p-color-border-secondary)", display: "grid", placeItems: "center", fontSize: 11, fontWeight: 650, color: "var(--p-color-text-secondary)" }}
          >
            {index}
          </div>
        )}
      </Box>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone={done ? "subdued" : undefined}>
          {title}
        </Text>
        {!done && (
          <>
            <Text as="p" tone="subdued">
              {description}
            </Text>
            <Box>{action}</Box>
          </>
        )}
      </BlockStack>
    </InlineStack>
  );
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  const { summary, activeRuns, awaitingReview, failures, skippedBeforeSending, triedOneProduct } = data;
  const navigate = useNavigate();
  // The quota is a call to the provider (cached 10 min): fetched after the page shows, never blocking it.
  const quotaFetcher = useFetcher<typeof quotaLoader>();
  const { load: loadQuota } = quotaFetcher;
  useEffect(() => {
    if (summary.providerConnected) loadQuota("/app/quota");
  }, [summary.providerConnected, loadQuota]);
  const quota = quotaFetcher.data?.quota;
  useLiveRevalidation(data.runsAreActive);

  const defaultsSet = summary.hasShopDefaults || summary.collectionsConfigured > 0;
  const steps = [summary.providerConnected, defaultsSet, triedOneProduct];
  const doneCount = steps.filter(Boolean).length;

  return (
    <Page>
      <TitleBar title="Dashboard">
        <button variant="primary" onClick={() => navigate("/app/collections")}>
          Try on a collection
        </button>
      </TitleBar>
      <BlockStack gap="500">
        {doneCount < 3 && (
          <Card>
            <BlockStack gap="400">
              <BlockStack gap="200">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    Get started with Fitting Room
                  </Text>
                  <Text as="span" tone="subdued" id="checklist-progress">
                    {doneCount} of 3 done
                  </Text>
                </InlineStack>
                {/* Whole percentages: a screen reader announces the value ("67%", not "66.66666666666666%"). */}
                <ProgressBar progress={Math.round((doneCount / 3) * 100)} size="small" tone="success" ariaLabelledBy="checklist-progress" />
              </BlockStack>
              <BlockStack gap="400">
                <ChecklistStep
                  index={1}
                  done={summary.providerConnected}
                  title="Connect the try-on provider"
                  description="Add your Aidge Virtual Try-on app key and secret, then test the connection."
                  action={<Button url="/app/settings">Open settings</Button>}
                />
                <ChecklistStep
                  index={2}
                  done={defaultsSet}
                  title="Set your defaults"
                  description="Choose the model, the view and how many images each product gets — for the whole shop or per collection."
                  action={<Button url="/app/collections">Set collection defaults</Button>}
                />
                <ChecklistStep
                  index={3}
                  done={triedOneProduct}
                  title="Try on your first products"
                  description="Generate try-on photos for a product, a selection or a whole collection, and review them before they go on the product pages."
                  action={<Button url="/app/products">Choose a product</Button>}
                />
              </BlockStack>
            </BlockStack>
          </Card>
        )}

        <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
          <Stat label="Active runs" value={summary.activeRuns} />
          <Stat
            label="Awaiting review"
            value={summary.imagesAwaitingReview}
            action={summary.imagesAwaitingReview > 0 ? <Link url="/app/review">Review now</Link> : undefined}
          />
          <Stat label="Images on products" value={summary.imagesAttached} />
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingSm">
                Try-on calls left
              </Text>
              {!summary.providerConnected ? (
                <BlockStack gap="100">
                  <Text as="p" variant="heading2xl" tone="subdued">
                    —
                  </Text>
                  <Link url="/app/settings">Connect the provider</Link>
                </BlockStack>
              ) : !quota ? (
                <SkeletonBodyText lines={2} />
              ) : quota.ok ? (
                <BlockStack gap="100">
                  <Text as="p" variant="heading2xl">
                    {quota.balance.toLocaleString("en")}
                  </Text>
                  <Text as="p" variant="bodySm" tone="subdued">
                    Aidge quota: one call per product tried on · checked <When iso={quota.checkedAt} />
                  </Text>
                </BlockStack>
              ) : (
                <BlockStack gap="100">
                  <Badge tone="critical">Not available</Badge>
                  <Text as="p" variant="bodySm" tone="critical">
                    {merchantText(quota.message)}
                  </Text>
                </BlockStack>
              )}
            </BlockStack>
          </Card>
        </InlineGrid>

        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="400">
                  <InlineStack align="space-between">
                    <Text as="h2" variant="headingMd">
                      {data.runsAreActive || activeRuns.length === 0 ? "Active runs" : "Latest runs"}
                    </Text>
                    <Link url="/app/runs">All runs</Link>
                  </InlineStack>
                  {activeRuns.length === 0 ? (
                    <Text as="p" tone="subdued">
                      Nothing has run yet. Start a run from a collection, or select products.
                    </Text>
                  ) : (
                    <BlockStack gap="400">
                      {activeRuns.map((run, i) => (
                        <BlockStack key={run.id} gap="200">
                          {i > 0 && <Divider />}
                          <InlineStack align="space-between" blockAlign="center">
                            <RunTitle run={run} counts={run.counts} />
                            <Button url={`/app/runs/${run.id}`} size="slim">
                              View run
                            </Button>
                          </InlineStack>
                          <RunProgress counts={run.counts} settled={run.settled} total={Math.max(run.jobs, run.productsTotal)} planning={run.status === "planning"} />
                        </BlockStack>
                      ))}
                    </BlockStack>
                  )}
                </BlockStack>
              </Card>

              <Card>
                <BlockStack gap="400">
                  <Text as="h2" variant="headingMd">
                    Recent failures
                  </Text>
                  {failures.length === 0 ? (
                    <Text as="p" tone="subdued">
                      No failures in the last 7 days.
                    </Text>
                  ) : (
                    <BlockStack gap="400">
                      {failures.map((group, i) => {
                        const help = failureHelp(group.code);
                        return (
                          <BlockStack key={group.code} gap="200">
                            {i > 0 && <Divider />}
                            <InlineStack gap="200" blockAlign="center">
                              <Text as="h3" variant="headingSm">
                                {help.title}
                              </Text>
                              <Badge tone="critical">{`${group.count} product${group.count === 1 ? "" : "s"}`}</Badge>
                            </InlineStack>
                            {group.message && (
                              <Text as="p" tone="subdued">
                                “{merchantText(group.message, help.title)}”
                              </Text>
                            )}
                            <Text as="p">
                              <Text as="span" fontWeight="semibold">
                                What to do:{" "}
                              </Text>
                              {help.action}
                            </Text>
                            <InlineStack gap="300">
                              {group.products.map((p) => (
                                <Link key={p.productId} url={productPath(p.productId)}>
                                  {p.title}
                                </Link>
                              ))}
                              <Link url={`/app/runs/${group.products[0]?.runId}`}>Open the run</Link>
                            </InlineStack>
                          </BlockStack>
                        );
                      })}
                    </BlockStack>
                  )}
                  {skippedBeforeSending.length > 0 && (
                    <BlockStack gap="200">
                      <Divider />
                      <Text as="h3" variant="headingSm">
                        Skipped before sending
                      </Text>
                      <Text as="p" tone="subdued">
                        These products were not sent to try-on, so nothing was charged. They are not failures.
                      </Text>
                      {skippedBeforeSending.map((group) => (
                        <InlineStack key={group.code} gap="300" blockAlign="center">
                          <Text as="span">{`${failureHelp(group.code).title}: ${group.count} product${group.count === 1 ? "" : "s"}`}</Text>
                          {group.products.map((p) => (
                            <Link key={p.productId} url={productPath(p.productId)}>
                              {p.title}
                            </Link>
                          ))}
                        </InlineStack>
                      ))}
                    </BlockStack>
                  )}
                </BlockStack>
              </Card>
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <Card>
              <BlockStack gap="400">
                <Text as="h2" variant="headingMd">
                  Awaiting your review
                </Text>
                {awaitingReview.length === 0 ? (
                  <BlockStack gap="100">
                    <Text as="p" fontWeight="semibold">
                      All caught up
                    </Text>
                    <Text as="p" tone="subdued">
                      New try-on photos wait here before they go on your products.
                    </Text>
                  </BlockStack>
                ) : (
                  <BlockStack gap="300">
                    <InlineGrid columns={4} gap="200">
                      {awaitingReview.map((img) => (
                        <img
                          key={img.id}
                          src={img.url ?? undefined}
                          alt={`Try-on result for ${img.productTitle}`}
                          style={{ width: "100%", aspectRatio: "3 / 4", objectFit: "cover", borderRadius: 8, background: "var(--p-color-bg-surface-secondary)" }}
                        />
                      ))}
                    </InlineGrid>
                    <Button url="/app/review" variant="primary" fullWidth>
                      {`Review ${summary.imagesAwaitingReview} image${summary.imagesAwaitingReview === 1 ? "" : "s"}`}
                    </Button>
                  </BlockStack>
                )}
              </BlockStack>
            </Card>
            <AutoTryOnCard items={data.autoTryOn} />
          </Layout.Section>
        </Layout>
      </BlockStack>
    </Page>
  );
}

export { PageErrorBoundary as ErrorBoundary } from "../components/RouteError";
