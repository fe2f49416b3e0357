/** Bounded image download (size and time) for the local try-on service: the causes of a 701. */
import sharp from "sharp";

export interface DownloadedImage {
  bytes: Buffer;
  width: number;
  height: number;
  format: string;
}

export class DownloadFailure extends Error {}

export interface DownloadLimits {
  /** Largest accepted body, in bytes. */
  maxBytes: number;
  /** Whole download deadline, in ms. */
  timeoutMs: number;
}

/** Fetches a URL and checks it is a decodable image; throws DownloadFailure with a reason. */
export async function downloadImage(url: string, limits: DownloadLimits): Promise<DownloadedImage> {
  let res: Response;
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    res = await fetch(url, { signal, redirect: "follow" });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause;
    if (signal.aborted) throw new DownloadFailure(`no answer within ${limits.timeoutMs} ms`);
    throw new DownloadFailure(cause?.code ? `network error ${cause.code}` : `network error: ${(e as Error).message}`);
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => {});
    throw new DownloadFailure(`HTTP ${res.status}`);
  }
  const declared = Number(res.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw new DownloadFailure(`image is ${declared} bytes; the limit is ${limits.maxBytes}`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength;
      if (total > limits.maxBytes) throw new DownloadFailure(`image is larger than ${limits.maxBytes} bytes`);
      chunks.push(Buffer.from(chunk));
    }
  } catch (e) {
    if (e instanceof DownloadFailure) throw e;
    throw new DownloadFailure(signal.aborted ? `no answer within ${limits.timeoutMs} ms` : `download broke: ${(e as Error).message}`);
  }
  const bytes = Buffer.concat(chunks);
  try {
    const meta = await sharp(bytes).metadata();
    const o = (meta as { autoOrient?: { width: number; height: number } }).autoOrient;
    const width = o?.width ?? meta.width;
    const height = o?.height ?? meta.height;
    if (!width || !height || !meta.format) throw new Error("no size");
    return { bytes, width, height, format: meta.format };
  } catch {
    throw new DownloadFailure(`not an image (content-type ${res.headers.get("content-type") ?? "unknown"})`);
  }
}
