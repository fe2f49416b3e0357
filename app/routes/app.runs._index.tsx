import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { Badge, BlockStack, Box, Card, IndexTable, Link, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { authenticate } from "../shopify.server";
import { runsPage } from "../read-models/runs.server";
import { parseQuery, runsQuerySchema } from "../forms/list-queries";
import { runPath } from "../components/paths";
import { runStatusLabel } from "../components/status";
import { When } from "../components/RunTitle";
import { Empty } from "../components/Empty";
import { RunProgress } from "../components/RunProgress";
import { useLiveRevalidation } from "../components/useLiveRevalidation";

const SCOPE: Record<string, string> = { collection: "Collection", product: "Product", selection: "Selected products" };

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const q = parseQuery(runsQuerySchema, request);
  return json(await runsPage(session.shop, q.cursor ?? null));
};

export default function Runs() {
  const data = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  useLiveRevalidation(data.anyActive);
  return (
    <Page>
      <TitleBar title="Runs" />
      <BlockStack gap="400">
        <Text as="p" tone="subdued">
          Every try-on you started — a product, a selection or a whole collection — and how far it got.
        </Text>
        <Card padding="0">
          {data.runs.length === 0 ? (
            <Empty heading="No runs yet" action={<Link url="/app/collections">Try on a collection</Link>}>
              Runs appear here as soon as you start one.
            </Empty>
          ) : (
            <div className="fr-narrow-hide-3 fr-narrow-hide-4">
              <IndexTable
                resourceName={{ singular: "run", plural: "runs" }}
                itemCount={data.runs.length}
                selectable={false}
                headings={[{ title: "Run" }, { title: "Status" }, { title: "Progress" }, { title: "Images", alignment: "end" }, { title: "Started" }]}
                pagination={
                  data.nextCursor || params.get("cursor")
                    ? {
                  hasNext: Boolean(data.nextCursor),
                  hasPrevious: Boolean(params.get("cursor")),
                  onNext: () => setParams({ cursor: data.nextCursor ?? "" }),
                  onPrevious: () => setParams({}),
                      }
                    : undefined
                }
              >
                {data.runs.map((r, index) => {
                  const status = runStatusLabel(r.status, r.progress.counts);
                  return (
                    <IndexTable.Row id={r.id} key={r.id} position={index} onClick={() => navigate(runPath(r.id))}>
                      <IndexTable.Cell>
                        <BlockStack gap="050">
                          <Link url={runPath(r.id)} removeUnderline monochrome dataPrimaryLink>
                            <Text as="span" fontWeight="semibold">
                              {r.scopeTitle ?? SCOPE[r.scopeType] ?? r.scopeType}
                            </Text>
                          </Link>
                          <Text as="span" variant="bodySm" tone="subdued">
                            {SCOPE[r.scopeType] ?? r.scopeType}
                          </Text>
                        </BlockStack>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Badge tone={status.tone} progress={status.progress}>
                          {status.label}
                        </Badge>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Box minWidth="240px">
                          <RunProgress counts={r.progress.counts} settled={r.progress.settled} total={r.progress.jobs} size="small" planning={r.status === "planning"} />
                        </Box>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {r.progress.imagesAttached} on products · {r.progress.imagesGenerated} made
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <When iso={r.createdAt} />
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  );
                })}
              </IndexTable>
            </div>
          )}
        </Card>
      </BlockStack>
    </Page>
  );
}

export { PageErrorBoundary as ErrorBoundary } from "../components/RouteError";
