import { Badge, BlockStack, Box, Button, Card, InlineGrid, InlineStack, Text } from "@shopify/polaris";

export interface GarmentVerdictView {
  mediaId: string;
  position: number;
  previewUrl?: string | null;
  width?: number | null;
  height?: number | null;
  ok: boolean;
  usable: boolean;
  look?: string | null;
  reasons: string[];
}

export interface GarmentView {
  chosenId: string | null;
  reason: string;
  overridden: boolean;
  /** The merchant's own choice ("" = Fitting Room chooses). */
  merchantChoice: string;
  verdicts: GarmentVerdictView[];
}

/** Images Fitting Room added itself are never offered as the garment photo. */
const isOwn = (v: { reasons: string[] }) => v.reasons.some((r) => /Fitting Room (added|attached)/i.test(r));

/** The product's photos with their verdicts; the chosen one is marked and any other can be chosen instead. */
export function GarmentImageCard({ garment, busy, onChoose }: { garment: GarmentView; busy: boolean; onChoose: (mediaId: string) => void }) {
  const candidates = garment.verdicts.filter((v) => !isOwn(v));
  const ownImages = garment.verdicts.length - candidates.length;
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h2" variant="headingMd">
              Garment image
            </Text>
            {garment.merchantChoice && (
              <Button variant="plain" onClick={() => onChoose("")} disabled={busy}>
                Let Fitting Room choose
              </Button>
            )}
          </InlineStack>
          <Text as="p" tone="subdued">
            {garment.reason}
          </Text>
        </BlockStack>
        {ownImages > 0 && (
          <Text as="p" variant="bodySm" tone="subdued">
            {ownImages === 1
              ? "Not listed: the try-on photo Fitting Room added. A try-on photo can't be used as the garment photo."
              : `Not listed: the ${ownImages} try-on photos Fitting Room added. Try-on photos can't be used as the garment photo.`}
          </Text>
        )}
        {candidates.length === 0 ? (
          <Text as="p" tone="subdued">
            This product has no images. Add a flat-lay photo of the garment in Shopify.
          </Text>
        ) : (
          <InlineGrid columns={{ xs: 2, sm: 3, md: 4 }} gap="300">
            {candidates.map((v) => {
              const chosen = v.mediaId === garment.chosenId;
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
                      <Button size="slim" onClick={() => onChoose(v.mediaId)} disabled={busy}>
                        Use this image
                      </Button>
                    )}
                    {chosen && garment.overridden && (
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
  );
}
