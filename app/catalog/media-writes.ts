/** Putting images on products and variants (staged upload, then the product), and taking them off. */
import type {
  CatalogFileDeleteMutation,
  CatalogFileDeleteMutationVariables,
  CatalogFileDetachMutation,
  CatalogFileDetachMutationVariables,
  CatalogMediaStatusQuery,
  CatalogMediaStatusQueryVariables,
  CatalogProductAttachMediaMutation,
  CatalogProductAttachMediaMutationVariables,
  CatalogStagedUploadsCreateMutation,
  CatalogStagedUploadsCreateMutationVariables,
  CatalogVariantAppendMediaMutation,
  CatalogVariantAppendMediaMutationVariables,
  CatalogVariantDetachMediaMutation,
  CatalogVariantDetachMediaMutationVariables,
} from "../types/admin.generated";
import type { CatalogContext } from "./catalog-context";
import { CatalogError, CatalogNotFoundError, CatalogUploadError } from "./errors";
import {
  FILE_DELETE_MUTATION,
  FILE_DETACH_MUTATION,
  MEDIA_STATUS_QUERY,
  PRODUCT_ATTACH_MEDIA_MUTATION,
  STAGED_UPLOADS_CREATE_MUTATION,
  VARIANT_APPEND_MEDIA_MUTATION,
  VARIANT_DETACH_MEDIA_MUTATION,
} from "./operations/media-writes";
import type { AttachedMedia, MediaStatus, MediaStatusInfo } from "./types";

export interface AttachImageInput {
  productId: string;
  bytes: Uint8Array;
  /** e.g. "linen-shirt-tryon-1.jpg" */
  filename: string;
  /** e.g. "image/jpeg" */
  mimeType: string;
  /** Alt text; include the "AI try-on" marker so the image is recognised as ours. Make it unique per image. */
  alt: string;
}

export function mediaWrites(ctx: CatalogContext) {
  const { request, userErrors, fetchImpl, sleep } = ctx;

  /**
   * Uploads image bytes (staged upload) and adds them to the product's media with alt text.
   * Returns the new media id (store it: it is how the image is found and removed later).
   */
  async function attachImage(input: AttachImageInput): Promise<AttachedMedia> {
    const staged = await request<CatalogStagedUploadsCreateMutation, CatalogStagedUploadsCreateMutationVariables>(
      "Preparing an image upload",
      STAGED_UPLOADS_CREATE_MUTATION,
      {
        input: [
          {
            resource: "IMAGE",
            filename: input.filename,
            mimeType: input.mimeType,
            httpMethod: "POST",
            fileSize: String(input.bytes.byteLength),
          },
        ],
      },
    );
    userErrors("Preparing an image upload", staged.stagedUploadsCreate?.userErrors);
    const target = staged.stagedUploadsCreate?.stagedTargets?.[0];
    if (!target?.url || !target.resourceUrl) throw new CatalogError("Shopify returned no upload target for the image.");
    await uploadToTarget(target.url, target.parameters, input);

    const attached = await request<CatalogProductAttachMediaMutation, CatalogProductAttachMediaMutationVariables>(
      "Adding the image to the product",
      PRODUCT_ATTACH_MEDIA_MUTATION,
      {
        product: { id: input.productId },
        media: [{ originalSource: target.resourceUrl, alt: input.alt, mediaContentType: "IMAGE" }],
      },
    );
    userErrors("Adding the image to the product", attached.productUpdate?.userErrors);
    const product = attached.productUpdate?.product;
    if (!product) throw new CatalogNotFoundError("product", input.productId);
    // Media come newest first; the alt text (unique per image) identifies ours.
    const created = product.media.nodes.find((m) => m.alt === input.alt);
    if (!created) {
      throw new CatalogError(`The image was added to ${input.productId} but could not be found again by its alt text; list the product's media to reconcile.`);
    }
    return { mediaId: created.id, status: created.status as MediaStatus, alt: input.alt, resourceUrl: target.resourceUrl };
  }

  async function uploadToTarget(url: string, parameters: ReadonlyArray<{ name: string; value: string }>, input: AttachImageInput): Promise<void> {
    let attempt = 0;
    for (;;) {
      attempt++;
      const form = new FormData();
      for (const p of parameters) form.append(p.name, p.value);
      // The file must be the last field of the form.
      form.append("file", new Blob([new Uint8Array(input.bytes)], { type: input.mimeType }), input.filename);
      let status = 0;
      let detail = "";
      try {
        const response = await fetchImpl(url, { method: "POST", body: form, signal: AbortSignal.timeout(120_000) });
        if (response.ok) {
          await response.arrayBuffer().catch(() => undefined);
          return;
        }
        status = response.status;
        detail = (await response.text().catch(() => "")).slice(0, 200);
      } catch (error) {
        detail = (error as Error).message;
      }
      const retryable = status === 0 || status === 429 || status >= 500;
      if (!retryable || attempt >= 3) {
        throw new CatalogUploadError(`Uploading the image failed${status ? ` (HTTP ${status})` : ""}: ${detail}`, status);
      }
      await sleep(500 * 2 ** (attempt - 1));
    }
  }

  /**
   * Shows media on variants (`productVariantAppendMedia`). Shopify allows one medium per variant and
   * refuses (PRODUCT_VARIANT_ALREADY_HAS_MEDIA) when one is shown: detach it first.
   */
  async function appendVariantMedia(productId: string, pairs: Array<{ variantId: string; mediaId: string }>): Promise<void> {
    if (!pairs.length) return;
    const data = await request<CatalogVariantAppendMediaMutation, CatalogVariantAppendMediaMutationVariables>(
      "Showing a try-on on variants",
      VARIANT_APPEND_MEDIA_MUTATION,
      { productId, variantMedia: pairs.map((p) => ({ variantId: p.variantId, mediaIds: [p.mediaId] })) },
    );
    userErrors("Showing a try-on on variants", data.productVariantAppendMedia?.userErrors);
  }

  /** Stops variants showing media (the media stay on the product). */
  async function detachVariantMedia(productId: string, pairs: Array<{ variantId: string; mediaId: string }>): Promise<void> {
    if (!pairs.length) return;
    const data = await request<CatalogVariantDetachMediaMutation, CatalogVariantDetachMediaMutationVariables>(
      "Removing a try-on from variants",
      VARIANT_DETACH_MEDIA_MUTATION,
      { productId, variantMedia: pairs.map((p) => ({ variantId: p.variantId, mediaIds: [p.mediaId] })) },
    );
    userErrors("Removing a try-on from variants", data.productVariantDetachMedia?.userErrors);
  }

  /** Deletes media (files) by id; Shopify removes them from their products too. Returns the deleted ids. */
  async function deleteMedia(mediaIds: string[]): Promise<string[]> {
    if (mediaIds.length === 0) return [];
    const data = await request<CatalogFileDeleteMutation, CatalogFileDeleteMutationVariables>("Removing images", FILE_DELETE_MUTATION, {
      fileIds: mediaIds,
    });
    userErrors("Removing images", data.fileDelete?.userErrors);
    return [...(data.fileDelete?.deletedFileIds ?? [])];
  }

  /** Takes media off one product but keeps the files in the shop's Files. */
  async function detachMedia(productId: string, mediaIds: string[]): Promise<void> {
    if (mediaIds.length === 0) return;
    const data = await request<CatalogFileDetachMutation, CatalogFileDetachMutationVariables>("Detaching images", FILE_DETACH_MUTATION, {
      files: mediaIds.map((id) => ({ id, referencesToRemove: [productId] })),
    });
    userErrors("Detaching images", data.fileUpdate?.userErrors);
  }

  /** Processing status of media (READY once Shopify has processed an upload). Unknown ids come back with exists: false. */
  async function mediaStatus(mediaIds: string[]): Promise<MediaStatusInfo[]> {
    if (mediaIds.length === 0) return [];
    const data = await request<CatalogMediaStatusQuery, CatalogMediaStatusQueryVariables>("Checking images", MEDIA_STATUS_QUERY, { ids: mediaIds });
    return mediaIds.map((id, i) => {
      const node = data.nodes[i];
      if (!node || !("status" in node)) {
        return { id, exists: false, alt: null, status: null, url: null, width: null, height: null, errors: [] };
      }
      return {
        id,
        exists: true,
        alt: node.alt ?? null,
        status: node.status as MediaStatus,
        url: node.image?.url ?? null,
        width: node.image?.width ?? null,
        height: node.image?.height ?? null,
        errors: node.mediaErrors.map((e) => ({ code: e.code, message: e.message })),
      };
    });
  }

  /**
   * Polls until every medium is READY or FAILED (or gone), sleeping with backoff; returns the last
   * statuses. Media still processing at the deadline (default 120 s) come back as they are.
   */
  async function waitForMedia(mediaIds: string[], opts: { timeoutMs?: number; pollMs?: number } = {}): Promise<MediaStatusInfo[]> {
    const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
    let wait = opts.pollMs ?? 500;
    for (;;) {
      const statuses = await mediaStatus(mediaIds);
      const settled = statuses.every((s) => !s.exists || s.status === "READY" || s.status === "FAILED");
      if (settled || Date.now() > deadline) return statuses;
      await sleep(wait);
      wait = Math.min(wait * 1.5, 5000);
    }
  }

  return { attachImage, appendVariantMedia, detachVariantMedia, deleteMedia, detachMedia, mediaStatus, waitForMedia };
}
