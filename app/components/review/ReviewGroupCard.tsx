import { Badge, BlockStack, Box, Button, ButtonGroup, Card, InlineStack, Link, Select, Text } from "@shopify/polaris";
import { productPath } from "../paths";
import { ReviewTile, type ReviewImageView } from "./ReviewTile";

export interface ReviewGroupView {
  jobId: string;
  productId: string;
  productTitle: string;
  /** The colour this group tried on; null = the whole product. */
  colour: string | null;
  model: string;
  altText: string;
  garmentImageUrl: string;
  images: ReviewImageView[];
}

/** One product's (or colour's) results beside its garment photo, with its alt text and lead-photo choice. */
export function ReviewGroupCard({
  g,
  selected,
  focus,
  indexOf,
  lead,
  busy,
  registerTile,
  setFocus,
  toggle,
  confirmReject,
  decide,
  onLeadChange,
}: {
  g: ReviewGroupView;
  selected: Set<string>;
  /** The page-wide index of the focused tile. */
  focus: number;
  /** The page-wide index of an image (keyboard order). */
  indexOf: (imageId: string) => number;
  /** The image picked to lead, if any. */
  lead: string | undefined;
  busy: boolean;
  registerTile: (imageId: string, el: HTMLDivElement | null) => void;
  setFocus: (index: number) => void;
  toggle: (imageId: string) => void;
  confirmReject: (imageIds: string[]) => void;
  decide: (intent: "approve" | "reject", imageIds: string[]) => void;
  onLeadChange: (imageId: string) => void;
}) {
  return (
    <Card>
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
              value={lead ?? ""}
              onChange={onLeadChange}
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
          {g.images.map((img) => (
              <ReviewTile
                key={img.id}
                img={img}
                productTitle={g.productTitle}
                isSelected={selected.has(img.id)}
                isFocused={indexOf(img.id) === focus}
                lead={lead === img.id}
                busy={busy}
                registerTile={(el) => registerTile(img.id, el)}
                onFocus={() => setFocus(indexOf(img.id))}
                onToggle={() => toggle(img.id)}
                onReject={() => confirmReject([img.id])}
                onApprove={() => decide("approve", [img.id])}
              />
          ))}
        </div>
      </BlockStack>
    </Card>
  );
}
