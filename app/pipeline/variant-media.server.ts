/**
 * A colour job's result on that colour's variants (issue 15.1, ADR 0012).
 *
 * - After attaching, the colour's variants show the **first approved result of that colour** (lowest
 *   position among the job's attached images). Later approvals go to the product only, so the
 *   storefront image does not jump while the merchant works through Review.
 * - Shopify lets a variant show one medium: the one it shows (normally the colour's flat lay, which
 *   stays in the product's media) is detached first, and recorded on the image
 *   (`TryOnImage.variantMediaJson`, before any change) so undo can put it back.
 * - Undo detaches our result and re-appends the previous medium, only on variants that still show our
 *   result and only when that medium is still on the product: a variant the merchant pointed at
 *   something else is left alone.
 */
import type { TryOnImage, TryOnJob } from "@prisma/client";
import * as z from "zod";
import type { PipelineDeps } from "./context.server";
import { readJobSettings } from "./job-settings";
import type { CatalogPort } from "./ports";

const recordSchema = z.array(z.object({ variantId: z.string(), previousMediaId: z.string().nullable() }));
export type VariantMediaRecord = z.infer<typeof recordSchema>;

/** The stored record of an image, or [] when it is on no variant (or the JSON is unreadable). */
export function variantMediaOf(image: Pick<TryOnImage, "variantMediaJson">): VariantMediaRecord {
  if (!image.variantMediaJson) return [];
  try {
    const parsed = recordSchema.safeParse(JSON.parse(image.variantMediaJson));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** The option the job's colour belongs to (stored in its settings summary when planned). */
function colourOptionName(job: Pick<TryOnJob, "settingsJson">): string | null {
  return readJobSettings(job.settingsJson).colour?.option ?? null;
}

/**
 * Puts the job's first attached result on its colour's variants (idempotent: run again after a crash,
 * it finishes what the record says). No-op for jobs without a colour.
 */
export async function showOnColourVariants(deps: PipelineDeps, job: TryOnJob, catalog: CatalogPort): Promise<void> {
  if (!job.colour) return;
  const images = await deps.db.tryOnImage.findMany({ where: { shop: job.shop, jobId: job.id, attachState: "attached" }, orderBy: { position: "asc" } });
  const shown = images.find((i) => i.variantMediaJson !== null);
  const image = shown ?? images.find((i) => i.mediaId);
  if (!image?.mediaId) return;
  const ours = image.mediaId;

  const option = colourOptionName(job);
  const variants = (await catalog.productVariants(job.productId)).filter((v) => v.selectedOptions.some((o) => o.value === job.colour && (option === null || o.name === option)));
  if (!variants.length) return;

  let record = variantMediaOf(image);
  if (!shown) {
    record = variants.map((v) => ({ variantId: v.id, previousMediaId: v.mediaId === ours ? null : v.mediaId }));
    // Written before Shopify changes, so a crash in between still knows what to restore.
    const { count } = await deps.db.tryOnImage.updateMany({ where: { id: image.id, variantMediaJson: null }, data: { variantMediaJson: JSON.stringify(record) } });
    if (!count) return; // Another worker recorded it first and does the rest.
  }
  const byId = new Map(variants.map((v) => [v.id, v]));
  const toDetach: Array<{ variantId: string; mediaId: string }> = [];
  const toAppend: Array<{ variantId: string; mediaId: string }> = [];
  for (const r of record) {
    const v = byId.get(r.variantId);
    if (!v || v.mediaId === ours) continue;
    // Still showing what it showed before, or nothing (a crash between detach and append): ours to
    // finish. Anything else is the merchant's choice since, never overwritten (ADR 0012).
    if (v.mediaId !== r.previousMediaId && v.mediaId !== null) continue;
    if (v.mediaId) toDetach.push({ variantId: v.id, mediaId: v.mediaId });
    toAppend.push({ variantId: v.id, mediaId: ours });
  }
  await catalog.detachVariantMedia(job.productId, toDetach);
  await catalog.appendVariantMedia(job.productId, toAppend);
}

/**
 * Before images are removed (undo, remove): takes each off the variants it was put on and shows the
 * medium those variants showed before, where the variant still shows our image and that medium is
 * still the product's. Returns the variants restored.
 */
export async function restoreColourVariants(images: TryOnImage[], catalog: CatalogPort): Promise<number> {
  let restored = 0;
  const byProduct = new Map<string, TryOnImage[]>();
  for (const i of images) {
    if (!i.mediaId || !variantMediaOf(i).length) continue;
    byProduct.set(i.productId, [...(byProduct.get(i.productId) ?? []), i]);
  }
  for (const [productId, list] of byProduct) {
    const [variants, media] = await Promise.all([catalog.productVariants(productId), catalog.listProductMedia(productId)]);
    const current = new Map(variants.map((v) => [v.id, v.mediaId]));
    const removing = new Set(list.map((i) => i.mediaId!));
    const present = new Set(media.map((m) => m.id).filter((id) => !removing.has(id)));
    const toDetach: Array<{ variantId: string; mediaId: string }> = [];
    const toAppend: Array<{ variantId: string; mediaId: string }> = [];
    for (const image of list) {
      for (const r of variantMediaOf(image)) {
        if (current.get(r.variantId) !== image.mediaId) continue; // the merchant changed it: leave it
        toDetach.push({ variantId: r.variantId, mediaId: image.mediaId! });
        if (r.previousMediaId && present.has(r.previousMediaId)) toAppend.push({ variantId: r.variantId, mediaId: r.previousMediaId });
      }
    }
    await catalog.detachVariantMedia(productId, toDetach);
    await catalog.appendVariantMedia(productId, toAppend);
    restored += toAppend.length;
  }
  return restored;
}
