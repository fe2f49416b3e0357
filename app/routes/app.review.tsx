import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Link, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { authenticate } from "../shopify.server";
import { parseForm, readForm } from "../forms/form-data";
import { reviewFormSchema } from "../forms/review";
import { reviewImages, reviewPage } from "../read-models/review.server";
import { parseQuery, reviewQuerySchema } from "../forms/list-queries";
import { runPath } from "../components/paths";
import { showModal, showToast } from "../components/app-bridge";
import { Empty } from "../components/Empty";
import { ConfirmModal, plural } from "../components/ConfirmModal";
import { ReviewGroupCard } from "../components/review/ReviewGroupCard";
import { KeyboardHelp } from "../components/review/KeyboardHelp";
import { reviewDecisionMessage } from "../components/review/review-text";
import { useLiveRevalidation } from "../components/useLiveRevalidation";

const REJECT_CONFIRM_ID = "review-reject-confirm";
const REVIEW_LABELS = { leadImageIds: "Lead photo" };

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const q = parseQuery(reviewQuerySchema, request);
  return json(await reviewPage(session.shop, { runId: q.run ?? null }));
};

type ActionData = { ok: true; intent: "approve" | "reject"; images: number; jobsToAttach: number; products: number } | { ok: false; message: string; fieldErrors?: Record<string, string> };

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
      showToast(reviewDecisionMessage(d.intent, d.images, d.products));
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
  const indexOf = (imageId: string) => flat.findIndex((f) => f.id === imageId);
  const registerTile = (imageId: string, el: HTMLDivElement | null) => {
    if (el) tiles.current.set(imageId, el);
    else tiles.current.delete(imageId);
  };

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
                : data.shown < data.total
                  ? // Only the shown images' products are known here: the count names those, not all.
                    `${data.total} images wait for your decision; ${data.shown} from ${plural(data.groups.length, "product")} are shown here, the rest appear once you decide on these.`
                  : `${data.total} image${data.total === 1 ? "" : "s"} from ${plural(data.groups.length, "product")} ${data.total === 1 ? "waits" : "wait"} for your decision.`}{" "}
              {data.run && (
                <>
                  From run <Link url={runPath(data.run.id)}>{data.run.scopeTitle ?? data.run.scopeType}</Link> ·{" "}
                  <Link url="/app/review">show all runs</Link>
                </>
              )}
            </Text>
            {allIds.length > 0 && (
              <Text as="p" tone="subdued" variant="bodySm">
                Approved images are added to the product's media in Shopify; rejected ones are never used. “Approve {bulkLabel}” covers only the images on this page.
              </Text>
            )}
          </BlockStack>
          {allIds.length > 0 && <KeyboardHelp />}
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
            <ReviewGroupCard
              key={g.jobId}
              g={g}
              selected={selected}
              focus={focus}
              indexOf={indexOf}
              lead={leads[g.jobId]}
              busy={busy}
              registerTile={registerTile}
              setFocus={setFocus}
              toggle={toggle}
              confirmReject={confirmReject}
              decide={decide}
              onLeadChange={(id) => setLeads((l) => ({ ...l, [g.jobId]: id }))}
            />
          ))}
          </BlockStack>
        )}
      </BlockStack>
    </Page>
  );
}

export { PageErrorBoundary as ErrorBoundary } from "../components/RouteError";
