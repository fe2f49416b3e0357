import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { Badge, BlockStack, Card, IndexTable, InlineStack, Link, Page, Text, TextField } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { useEffect, useState } from "react";
import { authenticate } from "../shopify.server";
import { collectionsPage } from "../read-models/catalog.server";
import { collectionsQuerySchema, parseQuery } from "../forms/list-queries";
import { collectionPath, runPath } from "../components/paths";
import { pickResources } from "../components/app-bridge";
import { runStatusLabel } from "../components/status";
import { When } from "../components/RunTitle";
import { Empty } from "../components/Empty";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const query = parseQuery(collectionsQuerySchema, request);
  return json({ ...(await collectionsPage(session.shop, admin.graphql, { search: query.q, after: query.after })), search: query.q ?? "" });
};

export default function Collections() {
  const data = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(data.search);
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

  const choose = async () => {
    const [picked] = await pickResources("collection", { action: "select" });
    if (picked) navigate(collectionPath(picked.id));
  };

  return (
    <Page fullWidth={false}>
      <TitleBar title="Collections">
        <button onClick={choose}>Choose a collection</button>
      </TitleBar>
      <BlockStack gap="400">
        <Text as="p" tone="subdued">
          Set try-on defaults per collection — the model, the view, how many images — and try on a whole collection at once.
        </Text>
        <Card padding="0">
          <div style={{ padding: "var(--p-space-300)" }}>
            <TextField label="Search collections" labelHidden placeholder="Search collections" value={search} onChange={setSearch} autoComplete="off" clearButton onClearButtonClick={() => setSearch("")} />
          </div>
          {data.collections.length === 0 ? (
            <Empty heading="No collections found">{data.search ? "Try another search." : "Create a collection in Shopify to try on its products together."}</Empty>
          ) : (
            <div className="fr-narrow-hide-2">
              <IndexTable
                resourceName={{ singular: "collection", plural: "collections" }}
                itemCount={data.collections.length}
                selectable={false}
                headings={[{ title: "Collection" }, { title: "Products", alignment: "end" }, { title: "Try-on defaults" }, { title: "Last run" }]}
                pagination={
                  data.hasNextPage || params.get("after")
                    ? {
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
                    : undefined
                }
              >
                {data.collections.map((c, index) => {
                  const status = c.lastRun ? runStatusLabel(c.lastRun.status, c.lastRun.counts) : null;
                  return (
                    <IndexTable.Row id={c.id} key={c.id} position={index} onClick={() => navigate(collectionPath(c.id))}>
                      <IndexTable.Cell>
                        <Link url={collectionPath(c.id)} removeUnderline monochrome dataPrimaryLink>
                          <Text as="span" fontWeight="semibold">
                            {c.title}
                          </Text>
                        </Link>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {c.productsCount ?? "—"}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        {c.configured ? (
                          <Text as="span">{c.settingsSummary}</Text>
                        ) : (
                          <Text as="span" tone="subdued">
                            Shop defaults
                          </Text>
                        )}
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        {c.lastRun && status ? (
                          <InlineStack gap="200" blockAlign="center" wrap={false}>
                            <Badge tone={status.tone} progress={status.progress}>
                              {status.label}
                            </Badge>
                            <Link url={runPath(c.lastRun.id)} removeUnderline>
                              <When iso={c.lastRun.createdAt} />
                            </Link>
                          </InlineStack>
                        ) : (
                          <Text as="span" tone="subdued">
                            Never
                          </Text>
                        )}
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
