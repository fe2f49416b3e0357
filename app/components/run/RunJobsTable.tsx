import { BlockStack, IndexTable, InlineStack, Link, Text, Thumbnail } from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import { JobStatusBadge } from "../JobStatusBadge";
import { failureHelp } from "../failure-help";
import { productPath } from "../paths";
import { When } from "../RunTitle";
import { displayJobState } from "../status";
import { merchantText } from "../../forms/merchant-text";

export interface RunJobRow {
  id: string;
  state: string;
  attempts: number;
  submittedAt?: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  productId: string;
  productTitle: string;
  garmentImageUrl: string | null;
  imagesExpected: number;
  imagesGenerated: number;
  imagesAttached: number;
  updatedAt: string;
  /** Sent although none of its photos looks like a flat lay: the try-on service may refuse it. */
  mayBeRefused?: boolean;
  /** Retried: checked again with the current settings and photos before it is sent. */
  replanRequested?: boolean;
}

/** Still on its way to the provider or back: a "may be refused" note is still news. */
const UNDECIDED = new Set(["queued", "submitting", "polling"]);

/** The run's products on the current tab and page: status in words, images, and advice for failures. */
export function RunJobsTable({ jobs }: { jobs: RunJobRow[] }) {
  return (
    <div className="fr-narrow-hide-3 fr-narrow-hide-5">
      <IndexTable
        resourceName={{ singular: "product", plural: "products" }}
        itemCount={jobs.length}
        selectable={false}
        headings={[{ title: "Product" }, { title: "Status" }, { title: "Images", alignment: "end" }, { title: "Message" }, { title: "Updated" }]}
      >
        {jobs.map((job, index) => {
          const shown = displayJobState(job);
          // The provider answers 707 only when its flat-lay check was on: then turning it off is advice that fits.
        const help = job.state === "failed" ? failureHelp(job.errorCode, { qualityCheckOn: shown === "failed" }) : null;
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
                <JobStatusBadge state={shown} />
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
                      <Text as="span" tone={shown === "failed" ? "critical" : "subdued"}>
                        {merchantText(job.errorMessage, help?.title ?? "Something went wrong with this product.")}
                      </Text>
                      {help && !help.fixInMessage && (
                        <Text as="span" variant="bodySm" tone="subdued">
                          {help.action}
                        </Text>
                      )}
                    </BlockStack>
                  ) : job.replanRequested && job.state === "queued" ? (
                    <Text as="span" tone="subdued">
                      Retried: checked again with your current settings and photos before it's sent.
                    </Text>
                  ) : job.mayBeRefused && UNDECIDED.has(job.state) ? (
                    <Text as="span" tone="caution">
                      May be refused: none of its photos looks like a garment laid flat, so the closest one was sent.
                    </Text>
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
    </div>
  );
}
