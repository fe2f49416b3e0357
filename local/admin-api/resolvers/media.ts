/** Media created from an originalSource (productCreate, productUpdate, fileCreate). */
import { filenameOf } from "../files";
import type { MediaRecord } from "../store";
import type { ResolverEnv } from "./context";

export interface MediaInput {
  originalSource: string;
  alt?: string | null;
  mediaContentType: string;
}

export const ALT_LIMIT = 512;

/**
 * A new medium from an originalSource, as Shopify creates one: UPLOADED at once, its source fetched
 * in the background (files.ts). Validation of the input happens before.
 */
export function createMedia(env: ResolverEnv, input: MediaInput & { filename?: string | null }): MediaRecord {
  const media = env.store.addMedia({
    blob: null,
    filename: input.filename || filenameOf(input.originalSource),
    mimeType: "image/jpeg",
    alt: input.alt ?? null,
    readyAt: 0,
    stage: "UPLOADED",
    source: input.originalSource,
  });
  env.store.metrics.filesCreated++;
  env.processor.schedule(media);
  return media;
}
