import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, ButtonGroup, Card, InlineStack, KeyboardKey, Link, Page, Select, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { authenticate } from "../shopify.server";
import { parseForm, readForm } from "../forms/form-data";
import { reviewFormSchema } from "../forms/review";
import { reviewImages, reviewPage } from "../read-models/review.server";
import { parseQuery, reviewQuerySchema } from "../forms/list-queries";
import { productPath, runPath } from "../components/paths";
import { showModal, showToast } from "../components/app-bridge";
import { Empty } from "../components/Empty";
import { ConfirmModal, plural } from "../components/ConfirmModal";
import { ColourSwatches } from "../components/ColourSwatches";
import { useLiveRevalidation } from "../components/useLiveRevalidation";

const REJECT_CONFIRM_ID = "review-reject-confirm";
const REVIEW_LABELS = { leadImageIds: "Lead photo" };

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const q = parseQuery(reviewQuerySchema, request);
  return json(await reviewPage(session.shop, { runId: q.run ?? null }));
};

type ActionData = { ok: true; intent: "approve" | "reject"; images: number; jobsToAttach: number } | { ok: false; message: string; fieldErrors?: Record<string, string> };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = parseForm(reviewFormSchema, await readForm(request), REVIEW_LABELS);
  if (!parsed.ok) return json<ActionData>({ ok: false, message: parsed.formError, fieldErrors: parsed.fieldErrors }, { status: 400 });
  const result = await reviewImages(session.shop, parsed.data.intent, parsed.data.imageIds, parsed.data.leadImageIds);
  return json<ActionData>({ ok: true, intent: parsed.data.intent, ...result });
};

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return Boolean(el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable));
}

export default function Review() {
  const data = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const fetcher = useFetcher<typeof action>();
  const flat = useMemo(() => data.groups.flatMap((g) => g.images.map((img) => ({ ...img, jobId: g.jobId }))), [data.groups]);
  // A result shows once its copy in the shop's Files is ready (seconds): refresh until every tile has it.
  useLiveRevalidation(flat.some((i) => !i.url), 1500);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [focus, setFocus] = useState(0);
  const tiles = useRef<Map<string, HTMLDivElement>>(new Map());
  const busy = fetcher.state !== "idle";
  /** Images a "Reject …" button asked about; rejected only once the modal is confirmed. */
  const [rejecting, setRejecting] = useState<string[]>([]);
  /** The photo picked to lead each product's images (job id → image id), sent with its approval (issue 15.5). */
  const [leads, setLeads] = useState<Record<string, string>>({});
  const arrived = useRef(false);

  // Focus lands on the first result on arrival, so J/K/X/A/R work without a click first (issue 17.4).
  useEffect(() => {
    if (arrived.current || !flat.length) return;
    arrived.current = true;
    window.focus();
    tiles.current.get(flat[0].id)?.focus({ preventScroll: true });
  }, [flat]);

  // Forget selections of images that left the page (decided elsewhere or just now).
  useEffect(() => {
    const ids = new Set(flat.map((i) => i.id));
    setSelected((s) => new Set([...s].filter((id) => ids.has(id))));
    setFocus((f) => Math.min(f, Math.max(0, flat.length - 1)));
  }, [flat]);

  useEffect(() => {
    const d = fetcher.data as ActionData | undefined;
    if (!d || fetcher.state !== "idle") return;
    if (d.ok) {
      showToast(
        d.intent === "approve"
          ? `Approved ${d.images} image${d.images === 1 ? "" : "s"}; adding them to the products`
          : `Rejected ${d.images} image${d.images === 1 ? "" : "s"}`,
      );
    } else showToast(d.message, { isError: true });
  }, [fetcher.data, fetcher.state]);

  const decide = useCallback(
    (intent: "approve" | "reject", ids: string[]) => {
      if (!ids.length || busy) return;
      const fd = new FormData();
      fd.set("intent", intent);
      ids.forEach((id) => fd.append("imageIds", id));
      if (intent === "approve") Object.values(leads).filter((id) => ids.includes(id)).forEach((id) => fd.append("leadImageIds", id));
      fetcher.submit(fd, { method: "post" });
      setSelected(new Set());
    },
    [busy, fetcher, leads],
  );

  /**
   * Rejecting several results loses paid images for good: it asks first (issue 17.2). One image at a
   * time (✕, or R on the focused image) is rejected at once, so keyboard review stays quick.
   */
  const confirmReject = useCallback(
    (ids: string[]) => {
      if (!ids.length || busy) return;
      if (ids.length === 1) return decide("reject", ids);
      setRejecting(ids);
      showModal(REJECT_CONFIRM_ID);
    },
    [busy, decide],
  );

  const toggle = useCallback((id: string) => setSelected((s) => {
    const next = new Set(s);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  }), []);

  const moveFocus = useCallback(
    (delta: number) => {
      if (!flat.length) return;
      const next = Math.max(0, Math.min(flat.length - 1, focus + delta));
      setFocus(next);
      tiles.current.get(flat[next].id)?.focus();
    },
    [flat, focus],
  );

  // Keyboard: J/K or arrows move, X or Space selects, A approves, R rejects (selected, else the focused image).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.metaKey || e.ctrlKey || e.altKey) return;
      const current = flat[focus];
      const targets = selected.size ? [...selected] : current ? [current.id] : [];
      switch (e.key) {
        case "j":
        case "ArrowRight":
        case "ArrowDown":
          moveFocus(1);
          break;
        case "k":
        case "ArrowLeft":
        case "ArrowUp":
          moveFocus(-1);
          break;
        case "x":
        case " ":
          if (current) toggle(current.id);
          break;
        case "a":
          decide("approve", targets);
          break;
        case "r":
          confirmReject(targets);
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [flat, focus, selected, decide, moveFocus, toggle, confirmReject]);

  /** Exactly the results on the page: bulk actions never cover images the merchant has not seen. */
  const allIds = flat.map((i) => i.id);
  const bulk = selected.size ? [...selected] : allIds;
  const bulkLabel = selected.size ? `${selected.size} selected` : `${allIds.length} shown`;
  const rejectingProducts = new Set(flat.filter((f) => rejecting.includes(f.id)).map((f) => f.jobId)).size;

  return (
    <Page fullWidth>
      <TitleBar title="Review">
        {allIds.length > 0 && (
          <button variant="primary" onClick={() => decide("approve", bulk)} disabled={busy}>
            {`Approve ${bulkLabel}`}
          </button>
        )}
        {allIds.length > 0 && (
          <button onClick={() => confirmReject(bulk)} disabled={busy}>
            {`Reject ${bulkLabel}`}
          </button>
        )}
      </TitleBar>
      <ConfirmModal
        id={REJECT_CONFIRM_ID}
        title={`Reject ${plural(rejecting.length, "image")}?`}
        confirmLabel={`Reject ${plural(rejecting.length, "image")}`}
        onConfirm={() => decide("reject", rejecting)}
        busy={busy}
      >
        <Text as="p">
          {`${plural(rejecting.length, "result")} from ${plural(rejectingProducts, "product")} will be discarded and never added to your products.`}
        </Text>
        <Text as="p" tone="subdued">
          The try-on quota they used is not refunded; to get these photos again you would generate (and pay for) them again.
        </Text>
      </ConfirmModal>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center" gap="300">
          <BlockStack gap="100">
            <Text as="p">
              {data.total === 0
                ? "Nothing waits for review."
                : `${data.total} image${data.total === 1 ? "" : "s"} from ${data.groups.length} product${data.groups.length === 1 ? "" : "s"} wait for your decision${data.shown < data.total ? `; ${data.shown} are shown here, the rest appear once you decide on these` : ""}.`}{" "}
              {data.run && (
                <>
                  From run <Link url={runPath(data.run.id)}>{data.run.scopeTitle ?? data.run.scopeType}</Link> ·{" "}
                  <Link url="/app/review">show all runs</Link>
                </>
              )}
            </Text>
            <Text as="p" tone="subdued" variant="bodySm">
              Approved images are added to the product's media in Shopify; rejected ones are never used. “Approve {bulkLabel}” covers only the images on this page.
            </Text>
          </BlockStack>
          {allIds.length > 0 && (
            <InlineStack gap="150" blockAlign="center" wrap={false}>
              <Text as="span" variant="bodySm" tone="subdued">
                Keyboard:
              </Text>
              <KeyboardKey>J</KeyboardKey>
              <KeyboardKey>K</KeyboardKey>
              <Text as="span" variant="bodySm" tone="subdued">
                move ·
              </Text>
              <KeyboardKey>X</KeyboardKey>
              <Text as="span" variant="bodySm" tone="subdued">
                select ·
              </Text>
              <KeyboardKey>A</KeyboardKey>
              <Text as="span" variant="bodySm" tone="subdued">
                approve ·
              </Text>
              <KeyboardKey>R</KeyboardKey>
              <Text as="span" variant="bodySm" tone="subdued">
                reject
              </Text>
            </InlineStack>
          )}
        </InlineStack>

        {data.groups.length === 0 ? (
          <Card>
            <Empty heading="All caught up" action={<Button onClick={() => navigate("/app/runs")}>See runs</Button>}>
              New try-on photos wait here before they go on your products.
            </Empty>
          </Card>
        ) : (
          <BlockStack gap="400">
          {data.groups.map((g) => (
            <Card key={g.jobId}>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <InlineStack gap="200" blockAlign="center">
                    <Link url={productPath(g.productId)} removeUnderline>
                      <Text as="h2" variant="headingMd">
                        {g.productTitle}
                      </Text>
                    </Link>
                    {g.colour && (
                      <span data-testid="review-colour">
                        <Badge tone="info">{`Colour: ${g.colour}`}</Badge>
                      </span>
                    )}
                    {g.model && <Badge>{g.model}</Badge>}
                  </InlineStack>
                  <ButtonGroup>
                    <Button onClick={() => confirmReject(g.images.map((i) => i.id))} disabled={busy}>
                      {`Reject ${g.images.length}`}
                    </Button>
                    <Button variant="primary" onClick={() => decide("approve", g.images.map((i) => i.id))} disabled={busy}>
                      {`Approve ${g.images.length}`}
                    </Button>
                  </ButtonGroup>
                </InlineStack>
                <InlineStack gap="400" blockAlign="end" wrap>
                  <Box minWidth="220px">
                    <Select
                      label="Lead photo"
                      options={[{ label: "In the order approved", value: "" }, ...g.images.map((img) => ({ label: `Result ${img.position}`, value: img.id }))]}
                      value={leads[g.jobId] ?? ""}
                      onChange={(id) => setLeads((l) => ({ ...l, [g.jobId]: id }))}
                      helpText="Goes before this product's other try-on photos when approved."
                    />
                  </Box>
                  <Box maxWidth="640px">
                    <BlockStack gap="050">
                      <Text as="span" variant="bodySm" fontWeight="semibold">
                        Alt text shoppers will read
                      </Text>
                      <Text as="p" variant="bodySm" tone="subdued">
                        <span data-testid="review-alt-text">{g.altText}</span>
                      </Text>
                    </BlockStack>
                  </Box>
                </InlineStack>
                {/* Every result visible: a wrapping grid, never a sideways scroller (issue 17.1). */}
                <div className="fr-review-grid" data-testid="review-grid">
                  <figure style={{ margin: 0, minWidth: 0 }}>
                    <img
                      src={g.garmentImageUrl}
                      alt={`Garment: ${g.productTitle}${g.colour ? ` in ${g.colour}` : ""}`}
                      style={{ display: "block", width: "100%", aspectRatio: "3 / 4", objectFit: "contain", borderRadius: 12, background: "var(--p-color-bg-surface-secondary)", border: "1px dashed var(--p-color-border)", boxSizing: "border-box" }}
                    />
                    <figcaption>
                      <Text as="span" variant="bodySm" tone="subdued">
                        Garment (source)
                      </Text>
                    </figcaption>
                  </figure>
                  {g.images.map((img) => {
                    const index = flat.findIndex((f) => f.id === img.id);
                    const isSelected = selected.has(img.id);
                    const isFocused = index === focus;
                    return (
                      <div key={img.id} style={{ minWidth: 0 }}>
                        <div
                          ref={(el) => {
                            if (el) tiles.current.set(img.id, el);
                            else tiles.current.delete(img.id);
                          }}
                          role="checkbox"
                          aria-checked={isSelected}
                          aria-label={`Result ${img.position} for ${g.productTitle}`}
                          tabIndex={isFocused ? 0 : -1}
                          data-testid="review-tile"
                          onFocus={() => setFocus(index)}
                          onClick={() => {
                            setFocus(index);
                            toggle(img.id);
                          }}
                          onKeyDown={(e) => {
                            if (e.key === "Enter") {
                              e.preventDefault();
                              toggle(img.id);
                            }
                          }}
                          style={{
                            position: "relative",
                            cursor: "pointer",
                            borderRadius: 14,
                            padding: 3,
                            outline: "none",
                            boxShadow: isSelected ? "0 0 0 3px var(--p-color-border-emphasis)" : isFocused ? "0 0 0 2px var(--p-color-border-focus)" : "none",
                            transition: "box-shadow .1s",
                          }}
                        >
                          {img.url ? (
                            <img src={img.url} alt="" style={{ display: "block", width: "100%", aspectRatio: "3 / 4", objectFit: "cover", borderRadius: 11, background: "var(--p-color-bg-surface-secondary)" }} />
                          ) : (
                            <SavingCopy />
                          )}
                          <span
                            aria-hidden="true"
                            style={{
                              position: "absolute",
                              top: 11,
                              left: 11,
                              width: 20,
                              height: 20,
                              borderRadius: 6,
                              background: isSelected ? "var(--p-color-bg-fill-brand)" : "rgba(255,255,255,.9)",
                              border: "1px solid var(--p-color-border)",
                              color: "#fff",
                              display: "grid",
                              placeItems: "center",
                              fontSize: 13,
                            }}
                          >
                            {isSelected ? "✓" : ""}
                          </span>
                          {leads[g.jobId] === img.id && (
                            <span style={{ position: "absolute", top: 9, right: 9 }}>
                              <Badge tone="info">Lead photo</Badge>
                            </span>
                          )}
                        </div>
                        <Box paddingBlockStart="100" paddingInline="100">
                          <InlineStack align="space-between" blockAlign="center" wrap={false}>
                            <Text as="span" variant="bodySm" tone="subdued">
                              #{img.position}
                              {img.width && img.height ? ` · ${img.width}×${img.height}` : ""}
                            </Text>
                            <InlineStack gap="100" wrap={false}>
                              <Button size="micro" accessibilityLabel={`Reject result ${img.position}`} onClick={() => confirmReject([img.id])} disabled={busy}>
                                ✕
                              </Button>
                              <Button size="micro" variant="primary" accessibilityLabel={`Approve result ${img.position}`} onClick={() => decide("approve", [img.id])} disabled={busy}>
                                ✓
                              </Button>
                            </InlineStack>
                          </InlineStack>
                          <ColourSwatches check={img} />
                        </Box>
                      </div>
                    );
                  })}
                </div>
              </BlockStack>
            </Card>
          ))}
          </BlockStack>
        )}
      </BlockStack>
    </Page>
  );
}

/** A result whose copy in the shop's Files is still being made: a placeholder the size of the photo. */
function SavingCopy() {
  return (
    <div style={{ display: "flex", alignItems: "center", justifyContent: "center", width: "100%", aspectRatio: "3 / 4", borderRadius: 11, background: "var(--p-color-bg-surface-secondary)", padding: 12, textAlign: "center" }}>
      <Text as="span" variant="bodySm" tone="subdued">
        Saving a copy to your Files…
      </Text>
    </div>
  );
}

export { PageErrorBoundary as ErrorBoundary } from "../components/RouteError";
