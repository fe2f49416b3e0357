/**
 * The flat-lay look of product images, judged once and shared: one verdict per image (media id + image
 * URL — a replaced image has a new URL) in the GarmentVerdict table, read by plans, estimates, the
 * product list and the product page alike, so they never disagree (issue 17.8) and no image is judged
 * twice.
 *
 * Judging downloads Shopify's ≤256 px rendition (`image { url(transform: { maxWidth: 256 }) }`), never
 * the original, and runs where a bounded amount of work is expected: the runner's background planner
 * (a collection), or one product's page. Estimates and lists only read what is cached.
 */
import { createHash } from "node:crypto";
import type { Prisma, PrismaClient } from "@prisma/client";
import { assessFlatLay as defaultAssess, type FlatLayVerdict } from "../images/flat-lay";
import type { FlatLayLook } from "./garment-image";
import type { CatalogMedia } from "./types";

/** Largest rendition accepted (a ≤256 px JPEG is a few KB). */
const MAX_RENDITION_BYTES = 2 * 1024 * 1024;
const TIMEOUT_MS = 15_000;

export interface GarmentLooksOptions {
  /** fetch for the ≤256 px renditions; default global fetch. */
  fetch?: typeof fetch;
  /** The flat-lay heuristic; default app/images/flat-lay.ts. */
  assess?: (bytes: Uint8Array) => Promise<FlatLayVerdict>;
  /** Renditions judged at once per call; default 8. */
  concurrency?: number;
}

/** Cache key of one image's look. */
export function lookKey(shop: string, media: Pick<CatalogMedia, "id" | "url">): string {
  return createHash("sha256").update(`${shop}\n${media.id}\n${media.url ?? ""}`).digest("hex");
}

export interface GarmentLooks {
  /** Cached looks of these media (no network). Keyed by {@link lookKey}. */
  cached(shop: string, media: readonly CatalogMedia[]): Promise<Map<string, FlatLayLook>>;
  /**
   * Looks of these media, judging the ones not cached from their ≤256 px rendition (concurrently) and
   * storing them. An image whose rendition cannot be read stays unjudged (absent from the map).
   */
  judge(shop: string, media: readonly CatalogMedia[], o?: { concurrency?: number }): Promise<Map<string, FlatLayLook>>;
  /** A `lookOf` for chooseGarmentImage over a map returned by cached/judge. */
  lookOf(shop: string, looks: Map<string, FlatLayLook>): (media: CatalogMedia) => FlatLayLook | undefined;
  /** Renditions downloaded and judged by this instance (for tests and the bench). */
  readonly judgedCount: number;
}

export function createGarmentLooks(db: PrismaClient, o: GarmentLooksOptions = {}): GarmentLooks {
  const fetchImpl = o.fetch ?? globalThis.fetch;
  const assess = o.assess ?? ((bytes: Uint8Array) => defaultAssess(bytes));
  const concurrency = o.concurrency ?? 8;
  let judgedCount = 0;
  /** Judgements in flight in this process, so two planners asking at once share one download. */
  const inFlight = new Map<string, Promise<Judged>>();

  async function cached(shop: string, media: readonly CatalogMedia[]): Promise<Map<string, FlatLayLook>> {
    const out = new Map<string, FlatLayLook>();
    const keys = [...new Set(media.filter((m) => m.url).map((m) => lookKey(shop, m)))];
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await db.garmentVerdict.findMany({ where: { id: { in: keys.slice(i, i + 500) }, shop } });
      for (const r of rows) {
        out.set(r.id, { ok: r.ok, reasons: JSON.parse(r.reasonsJson) as string[], backgroundUniformity: r.backgroundUniformity, edgeTouch: r.edgeTouch });
      }
    }
    return out;
  }

  type Judged = { look: FlatLayLook; row: Prisma.GarmentVerdictCreateInput } | null;

  async function judgeOne(shop: string, m: CatalogMedia, key: string): Promise<Judged> {
    if (!m.judgeUrl || !m.url) return null;
    try {
      const response = await fetchImpl(m.judgeUrl, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (!response.ok) return null;
      const length = Number(response.headers.get("content-length"));
      if (length > MAX_RENDITION_BYTES) return null;
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (bytes.byteLength > MAX_RENDITION_BYTES) return null;
      const v = await assess(bytes);
      judgedCount++;
      const look: FlatLayLook = { ok: v.ok, reasons: v.reasons, backgroundUniformity: v.backgroundUniformity, edgeTouch: v.edgeTouch };
      const row = { id: key, shop, mediaId: m.id, imageUrl: m.url.slice(0, 2000), ok: look.ok, reasonsJson: JSON.stringify(look.reasons), backgroundUniformity: look.backgroundUniformity, edgeTouch: look.edgeTouch };
      return { look, row };
    } catch {
      return null; // unreadable rendition: stays unjudged (ranked after flat lays, never blocks)
    }
  }

  async function judge(shop: string, media: readonly CatalogMedia[], o2: { concurrency?: number } = {}): Promise<Map<string, FlatLayLook>> {
    const out = await cached(shop, media);
    const todo = new Map<string, CatalogMedia>();
    for (const m of media) {
      const key = lookKey(shop, m);
      if (m.url && m.judgeUrl && !out.has(key)) todo.set(key, m);
    }
    const entries = [...todo];
    const judgedRows: Prisma.GarmentVerdictCreateInput[] = [];
    let next = 0;
    const worker = async () => {
      while (next < entries.length) {
        const [key, m] = entries[next++];
        let p = inFlight.get(key);
        if (!p) {
          p = judgeOne(shop, m, key).finally(() => inFlight.delete(key));
          inFlight.set(key, p);
        }
        const judged = await p;
        if (!judged) continue;
        out.set(key, judged.look);
        if (!judgedRows.some((r) => r.id === judged.row.id)) judgedRows.push(judged.row);
      }
    };
    await Promise.all(Array.from({ length: Math.min(o2.concurrency ?? concurrency, entries.length) }, worker));
    // One INSERT for the whole call: a Prisma query costs about a millisecond of CPU, and an upsert is
    // two statements, so row-by-row writes were a fifth of planning. Another planner may have judged
    // one of these images meanwhile (the insert then fails on its id as a whole): then upserts that keep
    // the existing rows, in one transaction. If that fails too, this plan still uses the verdicts; the
    // next one judges those images again.
    if (judgedRows.length) {
      await db.garmentVerdict
        .createMany({ data: judgedRows })
        .catch(() => db.$transaction(judgedRows.map((row) => db.garmentVerdict.upsert({ where: { id: row.id }, create: row, update: {} }))))
        .catch(() => undefined);
    }
    return out;
  }

  return {
    cached,
    judge,
    lookOf: (shop, looks) => (media) => looks.get(lookKey(shop, media)),
    get judgedCount() {
      return judgedCount;
    },
  };
}
