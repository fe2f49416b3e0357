/**
 * New products get try-ons by themselves (issue 15.2). A collection with "Try on new products" on plans
 * a job for each product that joins it — created in it or added to it — with the collection's defaults,
 * under the shop's daily cap; the results wait for review, or are approved when the shop auto-approves.
 *
 * - Webhooks (`products/create`, `products/update`) look the product's collections up and start it.
 * - Smart collections change membership without a webhook of their own (Shopify recomputes them after
 *   the product update), so a periodic sweep (AUTO_TRYON_SWEEP_MINUTES, default 60) reads each such
 *   collection's members and starts the ones it has not seen.
 * - "New" means "joined after the setting was turned on": the first sweep after that records the
 *   members present then as the baseline, which is never tried on by this.
 * - Never twice: one AutoTryOn row per (shop, collection, product), claimed by a unique insert before
 *   anything runs, so a webhook, its redelivery and a sweep on another instance cannot double it; a
 *   product already tried on by itself through another collection is not tried again. Rows skipped
 *   for the daily cap ("capped") are tried again by later sweeps.
 */
import type { CollectionSettings } from "@prisma/client";
import type { PipelineDeps } from "./context.server";
import type { StartRun } from "./start-run.server";

export type AutoOutcome = "planned" | "skipped" | "capped" | "already" | "not_member";

const isUnique = (e: unknown) => (e as { code?: string })?.code === "P2002";

/** Default sweep interval, minutes. */
export const DEFAULT_SWEEP_MINUTES = 60;

export function createAutoTryOn(deps: PipelineDeps, startRun: StartRun) {
  const db = deps.db;

  const enabledCollections = (shop: string) =>
    db.collectionSettings.findMany({ where: { shop, tryOnNewProducts: true }, orderBy: { collectionId: "asc" } });

  /** Starts one product's try-on for one collection, once. */
  async function tryProduct(shop: string, collection: CollectionSettings, product: { id: string; title: string }, source: "webhook" | "sweep"): Promise<AutoOutcome> {
    const key = { shop, collectionId: collection.collectionId, productId: product.id };
    try {
      await db.autoTryOn.create({ data: { ...key, productTitle: product.title, status: "planned", source } });
    } catch (error) {
      if (!isUnique(error)) throw error;
      // Only a product skipped for the daily cap is tried again (claimed by a conditional update).
      const retry = await db.autoTryOn.updateMany({ where: { ...key, status: "capped" }, data: { status: "planned", source } });
      if (retry.count === 0) return "already";
    }
    const elsewhere = await db.autoTryOn.findFirst({ where: { shop, productId: product.id, status: "planned", runId: { not: null }, NOT: { collectionId: collection.collectionId } } });
    if (elsewhere) {
      await db.autoTryOn.updateMany({ where: key, data: { status: "skipped", reason: "Already tried on by itself as a new product of another collection." } });
      return "skipped";
    }
    try {
      const result = await startRun(shop, { type: "product", productId: product.id }, {}, { trigger: "auto", settingsCollectionId: collection.collectionId });
      const skip = result.estimate.skipped[0];
      if (result.estimate.productsToGenerate === 0 && skip && skip.kind !== "unusable") {
        // Nothing to generate (same image and settings done already, or the daily cap): no empty run.
        if (result.runId) await db.tryOnRun.deleteMany({ where: { shop, id: result.runId } });
        const status = skip.kind === "daily_cap" ? "capped" : "skipped";
        await db.autoTryOn.updateMany({ where: key, data: { status, reason: skip.reason, runId: null } });
        return status;
      }
      await db.autoTryOn.updateMany({ where: key, data: { status: "planned", runId: result.runId, reason: result.estimate.productsToGenerate === 0 ? (skip?.reason ?? null) : null } });
      deps.log.info("new product tried on by itself", { shop, productId: product.id, collectionId: collection.collectionId, runId: result.runId, source });
      return "planned";
    } catch (error) {
      // Let the next webhook delivery or sweep try again.
      await db.autoTryOn.deleteMany({ where: { ...key, status: "planned", runId: null } });
      throw error;
    }
  }

  /** products/create and products/update: the product's collections that try on new products start it. */
  async function onProductEvent(shop: string, productId: string, event: "create" | "update"): Promise<AutoOutcome> {
    const enabled = await enabledCollections(shop);
    if (!enabled.length) return "not_member";
    const catalog = await deps.catalogFor(shop);
    const member = new Set((await catalog.productCollectionIds([productId])).get(productId) ?? []);
    // An update before the collection's baseline is recorded may be about a product that was already
    // there: the sweep decides those. A created product is new whatever the baseline.
    const candidates = enabled.filter((c) => member.has(c.collectionId) && (event === "create" || c.newProductsBaselineAt !== null));
    if (!candidates.length) return "not_member";
    const product = await catalog.getProduct(productId);
    if (!product) return "not_member";
    let outcome: AutoOutcome = "already";
    for (const c of candidates) {
      outcome = await tryProduct(shop, c, product, "webhook");
      if (outcome !== "already") break;
    }
    return outcome;
  }

  /** Records the collection's current members as not new (once, right after the setting was turned on). */
  async function recordBaseline(shop: string, collection: CollectionSettings): Promise<number> {
    const catalog = await deps.catalogFor(shop);
    let n = 0;
    for await (const p of catalog.streamCollectionProducts(collection.collectionId)) {
      try {
        await db.autoTryOn.create({ data: { shop, collectionId: collection.collectionId, productId: p.id, productTitle: p.title, status: "baseline", source: "baseline" } });
        n++;
      } catch (error) {
        if (!isUnique(error)) throw error;
      }
    }
    await db.collectionSettings.updateMany({ where: { id: collection.id, tryOnNewProducts: true }, data: { newProductsBaselineAt: new Date(deps.clock.now()) } });
    return n;
  }

  /** One shop's sweep: baselines first, then members not seen yet (and capped ones again). */
  async function sweepShop(shop: string): Promise<{ planned: number; baseline: number }> {
    const out = { planned: 0, baseline: 0 };
    for (const c of await enabledCollections(shop)) {
      if (!c.newProductsBaselineAt) {
        out.baseline += await recordBaseline(shop, c);
        continue;
      }
      const catalog = await deps.catalogFor(shop);
      let page: Array<{ id: string; title: string }> = [];
      const flush = async () => {
        const rows = await db.autoTryOn.findMany({ where: { shop, collectionId: c.collectionId, productId: { in: page.map((p) => p.id) } }, select: { productId: true, status: true } });
        const seen = new Map(rows.map((r) => [r.productId, r.status]));
        for (const p of page) {
          const status = seen.get(p.id);
          if (status === undefined || status === "capped") {
            if ((await tryProduct(shop, c, p, "sweep")) === "planned") out.planned++;
          }
        }
        page = [];
      };
      for await (const p of catalog.streamCollectionProducts(c.collectionId)) {
        page.push({ id: p.id, title: p.title });
        if (page.length >= 50) await flush();
      }
      if (page.length) await flush();
    }
    return out;
  }

  /** Every shop with a collection that tries on new products; one shop's failure does not stop the rest. */
  async function sweepAll(): Promise<void> {
    const shops = await db.collectionSettings.findMany({ where: { tryOnNewProducts: true }, distinct: ["shop"], select: { shop: true } });
    for (const { shop } of shops) {
      try {
        const r = await sweepShop(shop);
        if (r.planned || r.baseline) deps.log.info("new-product sweep", { shop, ...r });
      } catch (error) {
        deps.log.warn("new-product sweep failed for a shop; the next sweep tries again", { shop, error: (error as Error).message });
      }
    }
  }

  /** Runs the sweep every `intervalMs` (first one right away), never two at once in this process. */
  function startSweeper(intervalMs: number): { stop(): void } {
    let running = false;
    const tick = () => {
      if (running) return;
      running = true;
      void sweepAll().finally(() => {
        running = false;
      });
    };
    const timer = setInterval(tick, intervalMs);
    timer.unref?.();
    const first = setTimeout(tick, 1_000);
    first.unref?.();
    return {
      stop() {
        clearInterval(timer);
        clearTimeout(first);
      },
    };
  }

  /** The dashboard card: what ran by itself, newest first. */
  async function recent(shop: string, take = 10) {
    return db.autoTryOn.findMany({ where: { shop, status: { in: ["planned", "skipped", "capped"] } }, orderBy: { updatedAt: "desc" }, take });
  }

  return { onProductEvent, sweepShop, sweepAll, startSweeper, recordBaseline, recent };
}
export type AutoTryOn = ReturnType<typeof createAutoTryOn>;

/** AUTO_TRYON_SWEEP_MINUTES (default 60; 0 turns the sweep off). */
export function sweepIntervalMs(env: Record<string, string | undefined> = process.env): number | null {
  const raw = env.AUTO_TRYON_SWEEP_MINUTES;
  const minutes = raw === undefined || raw === "" ? DEFAULT_SWEEP_MINUTES : Number(raw);
  if (!Number.isFinite(minutes) || minutes < 0 || minutes > 24 * 60) {
    throw new Error("AUTO_TRYON_SWEEP_MINUTES must be a number of minutes from 0 (off) to 1440");
  }
  return minutes === 0 ? null : minutes * 60_000;
}
