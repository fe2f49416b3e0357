/**
 * The baseline: the same try-on work done the way Aidge's official samples do it — one task at a time,
 * submit, then query every second until the task is done (spec §1.8, §4.4: "finished only, 1 s
 * sleep"). Written with the app's own try-on client (app/tryon), so the difference to the pipeline is
 * the scheduling, not the HTTP code. The samples spin forever on a failed task; here a failed task
 * ends the wait too (otherwise the baseline would never finish on a bad product).
 */
import { createTryOnClient } from "../../app/tryon/client";
import { isTerminalStatus } from "../../app/tryon/responses";
import type { TryOnRequestInput } from "../../app/tryon/schema";
import { buildSeedRequest } from "../../app/settings/request";
import { seedDefaults } from "../../app/settings/fields";
import type { LocalAdminApi } from "../../local/admin-api/server";
import type { TryOnHandle } from "../lib/services";
import { sleep } from "../lib/stats";

/** The samples' fixed pause between calls, ms. */
export const SAMPLE_POLL_MS = 1000;

export interface BaselineResult {
  tasks: number;
  finished: number;
  failed: number;
  wallMs: number;
  queries: number;
  submits: number;
  /** Per task: submit → terminal answer, ms. */
  perTaskMs: number[];
}

/**
 * The seed request the app sends with shop defaults only, for the first `n` products of the local Admin
 * API's collection (used when the pipeline's own requests are not available).
 */
export function defaultRequestsFromStore(api: LocalAdminApi, collectionId: number, n: number): TryOnRequestInput[] {
  const collection = api.store.collections.get(collectionId);
  if (!collection) throw new Error(`collection ${collectionId} is not in the local Admin API's store`);
  const out: TryOnRequestInput[] = [];
  for (const productId of collection.productIds.slice(0, n)) {
    const product = api.store.products.get(productId)!;
    const media = api.store.media.get(product.mediaIds[0])!;
    const url = `${api.url}/cdn/files/${media.blob}/${encodeURIComponent(media.filename)}`;
    out.push(buildSeedRequest(seedDefaults(), url));
  }
  return out;
}

/** Runs the requests one after another, polling each task every second, like the official samples. */
export async function runBaseline(tryon: TryOnHandle, requests: readonly TryOnRequestInput[]): Promise<BaselineResult> {
  const client = createTryOnClient({ appKey: tryon.service.appKey, appSecret: tryon.service.appSecret, baseUrl: tryon.service.url });
  const result: BaselineResult = { tasks: requests.length, finished: 0, failed: 0, wallMs: 0, queries: 0, submits: 0, perTaskMs: [] };
  const t0 = Date.now();
  for (const request of requests) {
    const started = Date.now();
    let taskId: string;
    try {
      ({ taskId } = await client.submit(request));
      result.submits++;
    } catch {
      result.failed++;
      continue;
    }
    for (;;) {
      await sleep(SAMPLE_POLL_MS);
      result.queries++;
      const answer = await client.query(taskId).catch(() => null);
      if (answer && isTerminalStatus(answer.status)) {
        if (answer.status === "finished") result.finished++;
        else result.failed++;
        break;
      }
    }
    result.perTaskMs.push(Date.now() - started);
  }
  result.wallMs = Date.now() - t0;
  return result;
}
