/**
 * Reads a request body while counting its bytes, and stops at a cap. Used by every action that reads
 * a form (app/forms/form-data.ts readForm) and by the extension endpoints' JSON (app/extension-api/http.server.ts
 * readJson). Hand-written because neither `request.formData()` nor `request.text()` takes a limit: a
 * body sent without Content-Length (chunked) would be read whole into memory before any check.
 * Web streams only (no Node APIs), so the module stays importable from the forms' shared code.
 */

/** A body past a cap: `kind` says which (bytes or number of fields), `limit` its value. */
export class BodyTooLargeError extends Error {
  constructor(
    readonly kind: "bytes" | "fields",
    readonly limit: number,
    message: string,
  ) {
    super(message);
    this.name = "BodyTooLargeError";
  }
}

/** "64 KB", "160 MB": caps as a merchant reads them. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round(bytes / (1024 * 1024))} MB`;
  return `${Math.round(bytes / 1024)} KB`;
}

/**
 * The body's bytes, at most `maxBytes`. A declared Content-Length over the cap is refused before
 * reading; otherwise the stream is read chunk by chunk and cancelled as soon as the count passes the
 * cap, so a client cannot make the server buffer more than `maxBytes` (+ one chunk).
 */
export async function readBodyWithin(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) {
    throw new BodyTooLargeError("bytes", maxBytes, `The request is ${formatBytes(Number(declared))}; at most ${formatBytes(maxBytes)} is accepted.`);
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError("bytes", maxBytes, `The request is larger than ${formatBytes(maxBytes)}, the most accepted.`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
