/**
 * The storage side of stagedUploadsCreate: where the app uploads a file's bytes before fileCreate or
 * productUpdate names the target's resourceUrl — a multipart POST form or a raw PUT, as Shopify's
 * S3/GCS targets accept — and where that resourceUrl is then read back.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { StagedTarget } from "../resolvers/index";
import type { Store } from "../store";
import { NOT_FOUND, readBody, send } from "./io";

export function stagedUploads({ store, staged, base }: { store: Store; staged: Map<string, StagedTarget>; base: () => string }) {
  /** POST /staged-uploads/upload: the multipart form of a POST target (the file field last). */
  async function stagedPost(req: IncomingMessage, res: ServerResponse) {
    // Parse the multipart form with the platform's own parser (undici), not by hand.
    const request = new Request(`${base()}/staged-uploads/upload`, {
      method: "POST",
      headers: req.headers as Record<string, string>,
      body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
      duplex: "half",
    } as RequestInit);
    let form: FormData;
    try {
      form = await request.formData();
    } catch (error) {
      return send(res, 400, `<Error><Code>InvalidArgument</Code><Message>${(error as Error).message}</Message></Error>`, "application/xml");
    }
    const key = String(form.get("key") ?? "");
    const token = /^tmp\/([^/]+)\//.exec(key)?.[1];
    const target = token ? staged.get(token) : undefined;
    const file = form.get("file");
    if (!target || !(file instanceof Blob)) {
      return send(res, 400, "<Error><Code>InvalidArgument</Code><Message>Unknown key or missing file field (it must be last).</Message></Error>", "application/xml");
    }
    target.blob = store.putBlob(Buffer.from(await file.arrayBuffer()), target.mimeType);
    store.metrics.uploads++;
    const status = Number(form.get("success_action_status")) || 204;
    send(res, status, status === 201 ? `<PostResponse><Key>${key}</Key></PostResponse>` : "", "application/xml");
  }

  /** PUT /staged-uploads/put/tmp/{token}/{name}: the raw body of a PUT target. */
  async function stagedPut(req: IncomingMessage, res: ServerResponse, token: string) {
    const target = staged.get(token);
    if (!target) return send(res, 404, "<Error><Code>NoSuchUpload</Code></Error>", "application/xml");
    target.blob = store.putBlob(await readBody(req), target.mimeType);
    store.metrics.uploads++;
    send(res, 200, "");
  }

  /** GET /staged-uploads/tmp/{token}/{name}: an uploaded file (the target's resourceUrl). */
  async function stagedGet(res: ServerResponse, token: string) {
    const blob = staged.get(token)?.blob;
    const bytes = blob ? await store.blobBytes(blob) : null;
    return bytes ? send(res, 200, bytes.bytes, bytes.mimeType) : send(res, 404, NOT_FOUND);
  }

  return { post: stagedPost, put: stagedPut, get: stagedGet };
}
