/**
 * The colour-fidelity check in the pipeline (issue 15.3): when a job's results are stored, each result's
 * garment colour is compared with the flat lay's (app/images/colour-fidelity.ts). A result above the
 * threshold is stored `colourCheck: "differs"` — Review shows "colour may differ" with both swatches —
 * and is never approved automatically, even when the shop auto-approves.
 *
 * Cost, per job: one small download of the flat lay (a ≤256 px CDN rendition, never the original) and
 * the results themselves (bounded by the result download policy), analysed at ≤96 px. A check that
 * cannot run (download refused, undecodable image) never holds the results back: they are stored
 * `unchecked` and follow the shop's review setting.
 */
import type { Prisma, TryOnJob } from "@prisma/client";
import { compareGarmentColours, flatLayGarmentColours, resultGarmentColours, type DominantColour } from "../images/colour-fidelity";
import type { PipelineDeps } from "./context.server";

export { colourCheckConfig, type ColourCheckConfig } from "./colour-check-config";

/** Longest side of the flat-lay rendition the check downloads, px. */
export const COLOUR_PREVIEW_SIDE = 256;

/**
 * The flat lay's small rendition: Shopify's CDN (and the local Admin API's) resize on request with
 * `width`/`height` parameters, so the original is never downloaded to judge its colour.
 */
export function colourPreviewUrl(url: string): string {
  const u = new URL(url);
  u.searchParams.set("width", String(COLOUR_PREVIEW_SIDE));
  u.searchParams.set("height", String(COLOUR_PREVIEW_SIDE));
  return u.toString();
}

export type ColourFields = Pick<Prisma.TryOnImageCreateManyInput, "colourCheck" | "colourDeltaE" | "sourceColour" | "resultColour">;

const UNCHECKED: ColourFields = { colourCheck: "unchecked" };

/**
 * Judges a job's results, one entry per result URL (in order). Empty objects when the check is off.
 * Never throws: a failure becomes `unchecked` (and a warning in the log).
 */
export async function judgeResultColours(deps: PipelineDeps, job: Pick<TryOnJob, "id" | "shop" | "garmentImageUrl">, resultUrls: readonly string[]): Promise<ColourFields[]> {
  const config = deps.colourCheck;
  if (!config?.enabled || !deps.downloadGarment || !job.garmentImageUrl) return resultUrls.map(() => ({}));
  let source: DominantColour[] | null;
  try {
    source = await flatLayGarmentColours((await deps.downloadGarment(colourPreviewUrl(job.garmentImageUrl))).bytes);
  } catch (error) {
    deps.log.warn("colour check: the flat lay could not be read", { jobId: job.id, shop: job.shop, error: (error as Error).message });
    return resultUrls.map(() => UNCHECKED);
  }
  if (!source) return resultUrls.map(() => UNCHECKED);
  const out: ColourFields[] = [];
  for (const url of resultUrls) {
    try {
      const verdict = compareGarmentColours(source, await resultGarmentColours((await deps.downloadResult(url)).bytes), config.threshold);
      out.push(
        verdict
          ? { colourCheck: verdict.differs ? "differs" : "ok", colourDeltaE: verdict.deltaE, sourceColour: verdict.source.hex, resultColour: verdict.result.hex }
          : UNCHECKED,
      );
    } catch (error) {
      deps.log.warn("colour check: a result could not be read", { jobId: job.id, shop: job.shop, error: (error as Error).message });
      out.push(UNCHECKED);
    }
  }
  const differs = out.filter((o) => o.colourCheck === "differs").length;
  if (differs) deps.log.info("colour check: results may differ in colour", { jobId: job.id, shop: job.shop, differs, of: out.length });
  return out;
}
