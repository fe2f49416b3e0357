/**
 * The colour-fidelity check in the pipeline (issue 15.3): when a job's results are stored, each result's
 * garment colour is compared with the flat lay's (app/images/colour-fidelity.ts). A result above the
 * threshold is stored `colourCheck: "differs"` — Review shows "colour may differ" with both swatches —
 * and is never approved automatically, even when the shop auto-approves.
 *
 * Cost, per job: one small download of the flat lay (a ≤256 px CDN rendition, never the original) and
 * the results themselves (bounded by the result download policy), analysed at ≤96 px. For a shop that
 * reviews its results, the check runs in the Files copier on the bytes it downloads to copy them
 * (file-copy-batch.server.ts); for one that auto-approves, when the results are stored. A check that
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
 * Stored on a result whose check comes with its copy into Files (the copier downloads the result
 * anyway: see {@link defersColourCheck}); replaced by ok / differs / unchecked when the copy is made.
 */
export const COLOUR_CHECK_PENDING = "pending";

type ColourJob = Pick<TryOnJob, "id" | "shop" | "garmentImageUrl">;

/** Whether this job's results are checked at all (the check is on and the flat lay is known). */
export function colourCheckApplies(deps: PipelineDeps, job: Pick<TryOnJob, "garmentImageUrl">): boolean {
  return Boolean(deps.colourCheck?.enabled && deps.downloadGarment && job.garmentImageUrl);
}

/**
 * Whether the check may wait for the Files copy instead of running when the results are stored.
 * Only when nothing is approved automatically: a shop that auto-approves needs the verdict before a
 * result may reach the product. Waiting keeps result downloads out of the poll step — polling a
 * finished task then costs one query, and each result is downloaded once (by the copier) instead of
 * twice; Review shows a result only once its copy is ready, by which time its verdict is stored.
 */
export function defersColourCheck(deps: PipelineDeps, job: Pick<TryOnJob, "garmentImageUrl">, autoApprove: boolean): boolean {
  return !autoApprove && colourCheckApplies(deps, job);
}

/** The flat lay's garment colours (one ≤256 px download), or null when they cannot be read. Never throws. */
export async function flatLayColoursOf(deps: PipelineDeps, job: ColourJob): Promise<DominantColour[] | null> {
  if (!colourCheckApplies(deps, job)) return null;
  try {
    return await flatLayGarmentColours((await deps.downloadGarment!(colourPreviewUrl(job.garmentImageUrl!))).bytes);
  } catch (error) {
    deps.log.warn("colour check: the flat lay could not be read", { jobId: job.id, shop: job.shop, error: (error as Error).message });
    return null;
  }
}

/** One downloaded result judged against the flat lay's colours. Never throws. */
export async function judgeResultBytes(deps: PipelineDeps, job: ColourJob, source: DominantColour[] | null, bytes: Uint8Array): Promise<ColourFields> {
  if (!source) return UNCHECKED;
  try {
    const verdict = compareGarmentColours(source, await resultGarmentColours(bytes), deps.colourCheck?.threshold);
    return verdict
      ? { colourCheck: verdict.differs ? "differs" : "ok", colourDeltaE: verdict.deltaE, sourceColour: verdict.source.hex, resultColour: verdict.result.hex }
      : UNCHECKED;
  } catch (error) {
    deps.log.warn("colour check: a result could not be read", { jobId: job.id, shop: job.shop, error: (error as Error).message });
    return UNCHECKED;
  }
}

/**
 * Judges a job's results, one entry per result URL (in order), downloading each. Empty objects when the
 * check is off. Never throws: a failure becomes `unchecked` (and a warning in the log).
 */
export async function judgeResultColours(deps: PipelineDeps, job: ColourJob, resultUrls: readonly string[]): Promise<ColourFields[]> {
  if (!colourCheckApplies(deps, job)) return resultUrls.map(() => ({}));
  const source = await flatLayColoursOf(deps, job);
  if (!source) return resultUrls.map(() => UNCHECKED);
  const out: ColourFields[] = [];
  for (const url of resultUrls) {
    let bytes: Uint8Array;
    try {
      bytes = (await deps.downloadResult(url)).bytes;
    } catch (error) {
      deps.log.warn("colour check: a result could not be read", { jobId: job.id, shop: job.shop, error: (error as Error).message });
      out.push(UNCHECKED);
      continue;
    }
    out.push(await judgeResultBytes(deps, job, source, bytes));
  }
  logDiffers(deps, job, out);
  return out;
}

export function logDiffers(deps: PipelineDeps, job: ColourJob, verdicts: readonly ColourFields[]): void {
  const differs = verdicts.filter((o) => o.colourCheck === "differs").length;
  if (differs) deps.log.info("colour check: results may differ in colour", { jobId: job.id, shop: job.shop, differs, of: verdicts.length });
}
