/**
 * `npm run bench:colour -- [--products N] [--count N]`: the colour-fidelity check's true and false
 * positive rates on the demo seed (issue 15.3).
 *
 * Every demo product with a usable flat lay (chosen by the app's own garment choice over the local
 * Admin API) is sent to the local try-on service twice per model and view: once as it is (faithful
 * results) and once with `fault-recolor` in the garment's file name (the service returns the garment
 * recoloured). Each result is judged by app/images/colour-fidelity.ts against the flat lay's preview,
 * as the pipeline does. Faithful results are also judged under three lighting changes a real studio
 * photo has (exposure −10 % / +10 %, a warm white balance), which is what the threshold must tolerate.
 *
 * Prints the rates and ΔE distributions and writes bench/colour-results.json.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { chooseGarmentImage, createCatalog, createTokenTransport, createRedirectingFetch } from "../app/catalog";
import { colourPreviewUrl } from "../app/pipeline/colour-check.server";
import { compareGarmentColours, DEFAULT_DELTA_E_THRESHOLD, flatLayGarmentColours, resultGarmentColours } from "../app/images/colour-fidelity";
import { createTryOnClient } from "../app/tryon/client";
import type { TryOnRequestInput } from "../app/tryon/schema";
import { start as startAdmin } from "../local/admin-api";
import { start as startTryOn } from "../local/tryon-service/server";

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive whole number`);
  return v;
};
const maxProducts = arg("products", 1000);
const count = arg("count", 2);
const threshold = Number(process.env.COLOUR_CHECK_DELTA_E ?? DEFAULT_DELTA_E_THRESHOLD);

const SHOP = "fitting-room-demo.myshopify.com";
const VARIANTS: Array<{ viewType: "fullbody" | "halfbody"; gender: "female" | "male" }> = [
  { viewType: "fullbody", gender: "female" },
  { viewType: "halfbody", gender: "female" },
  { viewType: "fullbody", gender: "male" },
  { viewType: "halfbody", gender: "male" },
];
const LIGHTING: Record<string, (img: Buffer) => Promise<Buffer>> = {
  "exposure -10%": (img) => sharp(img).modulate({ brightness: 0.9 }).png().toBuffer(),
  "exposure +10%": (img) => sharp(img).modulate({ brightness: 1.1 }).png().toBuffer(),
  "warm white balance": (img) => sharp(img).linear([1.06, 1.0, 0.9], [0, 0, 0]).png().toBuffer(),
};

/** The same garment URL with `fault-recolor` in its file name (the local service's marker). */
const recolourUrl = (url: string) => url.replace(/\/([^/?]+)(\?|$)/, "/fault-recolor-$1$2");

async function fetchBytes(url: string): Promise<Buffer> {
  const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

const quantiles = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN);
  return { min: s[0], p50: q(0.5), p95: q(0.95), max: s[s.length - 1] };
};

async function main() {
  const admin = await startAdmin({ seed: "demo", restoreRate: 10_000, bucketSize: 20_000, quiet: true } as Parameters<typeof startAdmin>[0]);
  const tryon = await startTryOn({ taskMs: 20, submitQps: 0, queryQps: 0, quiet: true } as Parameters<typeof startTryOn>[0]);
  try {
    const transport = createTokenTransport({ shop: SHOP, accessToken: admin.accessToken, fetch: createRedirectingFetch(admin.url) });
    const catalog = createCatalog({ shop: SHOP, transport });
    const client = createTryOnClient({ appKey: tryon.appKey, appSecret: tryon.appSecret, baseUrl: tryon.url });

    const garments: Array<{ title: string; url: string }> = [];
    for (const id of [...admin.store.products.keys()].sort((a, b) => a - b)) {
      if (id < 1001 || garments.length >= maxProducts) continue;
      const product = await catalog.getProduct(`gid://shopify/Product/${id}`);
      if (!product) continue;
      const choice = await chooseGarmentImage(product);
      if (choice.chosen?.url) garments.push({ title: product.title, url: choice.chosen.url });
    }

    const rows: Array<{ title: string; recoloured: boolean; lighting: string | null; deltaE: number; flagged: boolean }> = [];
    let unjudged = 0;
    const run = async (garmentUrl: string, v: (typeof VARIANTS)[number]): Promise<Buffer[]> => {
      const request: TryOnRequestInput = { clothesList: [{ imageUrl: garmentUrl }], model: { base: "General", gender: v.gender, body: "slim" }, viewType: v.viewType, generateCount: count };
      const { taskId } = await client.submit(request);
      for (let i = 0; i < 200; i++) {
        const r = await client.query(taskId);
        if (r.status === "finished") return Promise.all(r.images.map((img) => fetchBytes(img.imageUrl)));
        if (r.status === "failed") throw new Error(`try-on failed for ${garmentUrl}: ${r.failure?.message ?? "unknown"}`);
        await new Promise((res) => setTimeout(res, 25));
      }
      throw new Error(`try-on did not finish for ${garmentUrl}`);
    };

    for (const g of garments) {
      const source = await flatLayGarmentColours(await fetchBytes(colourPreviewUrl(g.url)));
      if (!source) {
        unjudged++;
        continue;
      }
      const judge = async (img: Buffer, recoloured: boolean, lighting: string | null) => {
        const verdict = compareGarmentColours(source, await resultGarmentColours(img), threshold);
        if (!verdict) return void unjudged++;
        rows.push({ title: g.title, recoloured, lighting, deltaE: verdict.deltaE, flagged: verdict.differs });
      };
      for (const v of VARIANTS) {
        for (const img of await run(g.url, v)) {
          await judge(img, false, null);
          for (const [name, fn] of Object.entries(LIGHTING)) await judge(await fn(img), false, name);
        }
        for (const img of await run(recolourUrl(g.url), v)) await judge(img, true, null);
      }
    }

    const faithful = rows.filter((r) => !r.recoloured && !r.lighting);
    const recoloured = rows.filter((r) => r.recoloured);
    const lit = rows.filter((r) => r.lighting);
    const tp = recoloured.filter((r) => r.flagged).length;
    const fp = faithful.filter((r) => r.flagged).length;
    const fpLit = lit.filter((r) => r.flagged).length;
    const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : "n/a");
    const result = {
      command: `npm run bench:colour${args.length ? ` -- ${args.join(" ")}` : ""}`,
      threshold,
      garments: garments.length,
      imagesPerTask: count,
      truePositiveRate: { flagged: tp, recoloured: recoloured.length, rate: pct(tp, recoloured.length) },
      falsePositiveRate: { flagged: fp, faithful: faithful.length, rate: pct(fp, faithful.length) },
      falsePositiveRateUnderLighting: { flagged: fpLit, faithful: lit.length, rate: pct(fpLit, lit.length) },
      deltaE: { faithful: quantiles(faithful.map((r) => r.deltaE)), faithfulUnderLighting: quantiles(lit.map((r) => r.deltaE)), recoloured: quantiles(recoloured.map((r) => r.deltaE)) },
      // The same measurements judged at other thresholds (what choosing the default rests on).
      byThreshold: [6, 9, 12, 15].map((t) => ({
        threshold: t,
        truePositiveRate: pct(recoloured.filter((r) => r.deltaE > t).length, recoloured.length),
        falsePositiveRate: pct(faithful.filter((r) => r.deltaE > t).length, faithful.length),
        falsePositiveRateUnderLighting: pct(lit.filter((r) => r.deltaE > t).length, lit.length),
      })),
      missed: recoloured.filter((r) => !r.flagged).map((r) => `${r.title} (ΔE ${r.deltaE})`),
      falseAlarms: [...faithful, ...lit].filter((r) => r.flagged).map((r) => `${r.title}${r.lighting ? ` [${r.lighting}]` : ""} (ΔE ${r.deltaE})`),
      unjudged,
    };
    console.log(JSON.stringify(result, null, 2));
    const out = path.join(path.dirname(fileURLToPath(import.meta.url)), "colour-results.json");
    await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`written ${path.relative(process.cwd(), out)}`);
  } finally {
    await Promise.allSettled([admin.close(), tryon.close()]);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
