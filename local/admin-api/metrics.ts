/**
 * The stand-in's counters (GET /__local/metrics, /__local/cdn): what tests and benchmarks measure —
 * points spent, throttling, CDN originals vs renditions, token grants, Files, webhooks. Kept apart
 * from the shop's data because they describe traffic, not the shop, and are reset per phase.
 */

export interface StoreMetrics {
  /** HTTP requests to the GraphQL endpoint (authorised or not). */
  graphqlRequests: number;
  /** Requests refused with 401. */
  unauthorized: number;
  /** Sum of requestedQueryCost of executed requests. */
  pointsRequested: number;
  /** Sum of actualQueryCost (what the bucket was charged). */
  pointsSpent: number;
  /**
   * actualQueryCost per operation, keyed by the operation's name, else its root fields (e.g.
   * "mutation fileCreate"): which work spent the points (benchmarks report the Files copy's share).
   */
  pointsByOperation: Record<string, number>;
  /** Requests answered THROTTLED. */
  throttled: number;
  /** Requests refused for MAX_COST_EXCEEDED. */
  maxCostExceeded: number;
  /** Requests answered with GraphQL errors (validation, execution, unimplemented fields). */
  errored: number;
  bulkOperations: number;
  /** Bytes of bulk JSONL results served. */
  bulkBytesServed: number;
  uploads: number;
  /** Every request to the CDN route (GET and HEAD, found or not). */
  imageRequests: number;
  /** CDN GETs answered with an original's full bytes (no transform). */
  cdnOriginalDownloads: number;
  /** CDN GETs answered with a transformed rendition (url(transform:)). */
  cdnRenditionDownloads: number;
  cdnOriginalBytes: number;
  cdnRenditionBytes: number;
  /** Access-token grants (token exchange, client credentials). */
  tokenGrants: number;
  /** Refresh-token grants that issued a new pair. */
  refreshGrants: number;
  /** Refresh-token grants refused (unknown, used or expired refresh token, wrong client). */
  refreshRefused: number;
  /** GraphQL requests refused because their (otherwise known) access token had expired. */
  expiredTokenRefusals: number;
  /** Files created by fileCreate (and media by productUpdate), and those whose processing failed. */
  filesCreated: number;
  filesFailed: number;
  /** Files deleted by fileDelete. */
  filesDeleted: number;
  /** Product references added / removed by fileUpdate. */
  fileReferencesAdded: number;
  fileReferencesRemoved: number;
  /** Webhooks answered 2xx, and webhooks given up after every attempt got no answer or a non-2xx. */
  webhooksDelivered: number;
  webhooksFailed: number;
}

/** CDN downloads of one path (/cdn/files/{key}/{name}): full-size originals vs transformed renditions. */
export interface CdnPathStats {
  originals: number;
  renditions: number;
}

export const emptyMetrics = (): StoreMetrics => ({
  graphqlRequests: 0,
  unauthorized: 0,
  pointsRequested: 0,
  pointsSpent: 0,
  pointsByOperation: {},
  throttled: 0,
  maxCostExceeded: 0,
  errored: 0,
  bulkOperations: 0,
  bulkBytesServed: 0,
  uploads: 0,
  imageRequests: 0,
  cdnOriginalDownloads: 0,
  cdnRenditionDownloads: 0,
  cdnOriginalBytes: 0,
  cdnRenditionBytes: 0,
  tokenGrants: 0,
  refreshGrants: 0,
  refreshRefused: 0,
  expiredTokenRefusals: 0,
  filesCreated: 0,
  filesFailed: 0,
  filesDeleted: 0,
  fileReferencesAdded: 0,
  fileReferencesRemoved: 0,
  webhooksDelivered: 0,
  webhooksFailed: 0,
});

/** Counts one CDN download of `path` in the totals and in the per-path table. */
export function countCdnDownload(metrics: StoreMetrics, byPath: Map<string, CdnPathStats>, path: string, rendition: boolean, bytes: number): void {
  const stats = byPath.get(path) ?? { originals: 0, renditions: 0 };
  if (rendition) {
    stats.renditions++;
    metrics.cdnRenditionDownloads++;
    metrics.cdnRenditionBytes += bytes;
  } else {
    stats.originals++;
    metrics.cdnOriginalDownloads++;
    metrics.cdnOriginalBytes += bytes;
  }
  byPath.set(path, stats);
}

/** What GET /__local/cdn answers: totals and per-path counts of originals and renditions served. */
export function cdnStats(store: { metrics: StoreMetrics; cdnByPath: Map<string, CdnPathStats> }) {
  const m = store.metrics;
  return {
    originalDownloads: m.cdnOriginalDownloads,
    renditionDownloads: m.cdnRenditionDownloads,
    originalBytes: m.cdnOriginalBytes,
    renditionBytes: m.cdnRenditionBytes,
    byPath: Object.fromEntries(store.cdnByPath),
  };
}
