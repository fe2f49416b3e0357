/**
 * Where approved try-on images go among a product's images (issue 15.5). A shop setting, overridden
 * per collection: "after" the product's existing images (default) or "first" (the first becomes the
 * featured image). Within ours, the merchant's lead pick (★ in Review) comes first, then the order in
 * which they were approved. Applied with `productReorderMedia` after each attach and after a lead pick;
 * nothing is sent when the order is already right.
 */
import { z } from "zod";
import type { PipelineDeps } from "./context.server";
import type { CatalogPort } from "./ports";

import { DEFAULT_PLACEMENT, PLACEMENTS, type Placement } from "../settings/photo-output";

export { DEFAULT_PLACEMENT, PLACEMENTS, type Placement };
export const placementSchema = z.enum(PLACEMENTS, { error: "Choose where approved images go: after the product's images or first." });

/** The placement for a product: the run's collection's setting, else the shop's, else "after". */
export async function placementFor(deps: PipelineDeps, shop: string, productId: string): Promise<Placement> {
  const job = await deps.db.tryOnJob.findFirst({ where: { shop, productId }, orderBy: { createdAt: "desc" }, select: { run: { select: { scopeType: true, scopeRef: true } } } });
  if (job?.run.scopeType === "collection" && job.run.scopeRef) {
    const c = await deps.db.collectionSettings.findUnique({ where: { shop_collectionId: { shop, collectionId: job.run.scopeRef } }, select: { placement: true } });
    const parsed = placementSchema.safeParse(c?.placement);
    if (parsed.success) return parsed.data;
  }
  const s = await deps.db.shopSettings.findUnique({ where: { shop }, select: { placement: true } });
  const parsed = placementSchema.safeParse(s?.placement);
  return parsed.success ? parsed.data : DEFAULT_PLACEMENT;
}

/** The target order of the product's media ids. Pure: `ours` already in lead-then-approval order. */
export function desiredOrder(current: string[], ours: string[], placement: Placement): string[] {
  const mine = new Set(ours);
  const present = ours.filter((id) => current.includes(id));
  const others = current.filter((id) => !mine.has(id));
  return placement === "first" ? [...present, ...others] : [...others, ...present];
}

/** Moves (only of our images) that turn `current` into `desired`; empty when nothing moves. */
export function movesFor(current: string[], desired: string[], ours: string[]): Array<{ id: string; newPosition: number }> {
  const mine = new Set(ours);
  if (current.length === desired.length && current.every((id, i) => id === desired[i])) return [];
  return desired.map((id, i) => ({ id, newPosition: i })).filter((m) => mine.has(m.id));
}

/** Puts the product's attached try-on images where the settings say. */
export async function applyPlacement(deps: PipelineDeps, shop: string, productId: string, catalog?: CatalogPort): Promise<{ moved: number }> {
  const images = await deps.db.tryOnImage.findMany({
    where: { shop, productId, attachState: "attached", mediaId: { not: null } },
    select: { mediaId: true, lead: true, approvedAt: true, createdAt: true, position: true },
  });
  if (!images.length) return { moved: 0 };
  const placement = await placementFor(deps, shop, productId);
  // "after" needs no move unless the merchant picked a lead: attaching appends in approval order, and
  // a merchant's own reordering in Shopify is left alone.
  if (placement === "after" && !images.some((i) => i.lead)) return { moved: 0 };
  const ours = images
    .sort((a, b) => Number(b.lead) - Number(a.lead) || (a.approvedAt?.getTime() ?? a.createdAt.getTime()) - (b.approvedAt?.getTime() ?? b.createdAt.getTime()) || a.position - b.position)
    .map((i) => i.mediaId!);
  const cat = catalog ?? (await deps.catalogFor(shop));
  const current = (await cat.listProductMedia(productId)).map((m) => m.id);
  const moves = movesFor(current, desiredOrder(current, ours, placement), ours);
  if (!moves.length) return { moved: 0 };
  await cat.files.reorderMedia(productId, moves);
  return { moved: moves.length };
}
