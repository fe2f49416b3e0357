/**
 * After the copy: the status pass (a copy is usable once Shopify has processed it, so Review switches to
 * its CDN URL only then) and the discard pass (copies of rejected images must not linger in Files).
 * discardCopies is also what reject and undo call directly (review.server.ts).
 */
import type { PipelineDeps } from "./context.server";
import type { CopyPass } from "./file-copy-config";
import type { CatalogPort } from "./ports";

/** Stores the CDN URL of copies Shopify finished processing; records the ones it failed. */
export async function checkCopiesReady(pass: CopyPass): Promise<number> {
  const { deps, config, stats, shopFilter, onCopied } = pass;
  const db = deps.db;
  const before = new Date(deps.clock.now() - config.readyPollMs);
  const rows = await db.tryOnImage.findMany({
    where: { ...shopFilter, copyState: "copied", fileUrl: null, fileId: { not: null }, attachState: { not: "removed" }, copyStartedAt: { lt: before } },
    orderBy: { createdAt: "asc" },
    take: config.batchSize,
    select: { id: true, shop: true, fileId: true },
  });
  const byShop = new Map<string, typeof rows>();
  for (const r of rows) byShop.set(r.shop, [...(byShop.get(r.shop) ?? []), r]);
  let touched = 0;
  for (const [shop, list] of byShop) {
    let infos;
    try {
      infos = await (await deps.catalogFor(shop)).files.fileInfo(list.map((r) => r.fileId!));
    } catch (error) {
      deps.log.warn("checking saved copies failed", { shop, error: (error as Error).message });
      continue;
    }
    const now = new Date(deps.clock.now());
    for (let i = 0; i < list.length; i++) {
      const info = infos[i];
      touched++;
      if (info.status === "READY" && info.url) {
        await db.tryOnImage.updateMany({ where: { id: list[i].id, copyState: "copied" }, data: { fileUrl: info.url } });
      } else if (info.status === "FAILED") {
        stats.failed++;
        await db.tryOnImage.updateMany({ where: { id: list[i].id, copyState: "copied" }, data: { copyState: "failed", errorMessage: "Shopify could not process the saved copy of this image. Generate this product again." } });
      } else if (info.status === null) {
        await db.tryOnImage.updateMany({ where: { id: list[i].id, copyState: "copied", attachState: { not: "attached" } }, data: { copyState: "deleted" } });
      } else {
        await db.tryOnImage.updateMany({ where: { id: list[i].id, copyState: "copied" }, data: { copyStartedAt: now } });
      }
    }
  }
  if (touched) onCopied?.();
  return touched;
}

/** Deletes the copies of images rejected (never attached) — reject and undo run leave no file. */
export async function discardRejected(pass: CopyPass): Promise<number> {
  const { deps, config, stats, shopFilter } = pass;
  const db = deps.db;
  const rows = await db.tryOnImage.findMany({
    where: { ...shopFilter, review: "rejected", copyState: "copied", fileId: { not: null }, attachState: { in: ["stored", "failed", "removed"] } },
    take: config.batchSize,
    select: { id: true, shop: true, fileId: true },
  });
  const byShop = new Map<string, typeof rows>();
  for (const r of rows) byShop.set(r.shop, [...(byShop.get(r.shop) ?? []), r]);
  for (const [shop, list] of byShop) {
    try {
      await discardCopies(deps, shop, list);
      stats.discarded += list.length;
    } catch (error) {
      deps.log.warn("deleting rejected copies failed; retrying later", { shop, error: (error as Error).message });
    }
  }
  return rows.length;
}

/** Deletes the Files copies of images that will never be (or are no longer) on a product. */
export async function discardCopies(deps: PipelineDeps, shop: string, images: Array<{ id: string; fileId: string | null }>, catalog?: CatalogPort): Promise<number> {
  const withFile = images.filter((i) => i.fileId);
  if (!withFile.length) return 0;
  const cat = catalog ?? (await deps.catalogFor(shop));
  const gone = new Set(await cat.files.deleteFiles(withFile.map((i) => i.fileId!)));
  const done = withFile.filter((i) => gone.has(i.fileId!));
  if (done.length) await deps.db.tryOnImage.updateMany({ where: { shop, id: { in: done.map((i) => i.id) }, copyState: "copied" }, data: { copyState: "deleted", fileUrl: null } });
  return done.length;
}
