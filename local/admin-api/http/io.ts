/**
 * Writing answers and reading bodies, for every route of the stand-in's HTTP server. A body has a
 * size limit because tests post whole images and a runaway client must not exhaust memory.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

export const NOT_FOUND = JSON.stringify({ errors: "Not Found" });

export function send(res: ServerResponse, status: number, body: string | Buffer, type = "application/json; charset=utf-8") {
  res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

export async function readBody(req: IncomingMessage, limit = 50 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error(`Request body larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
