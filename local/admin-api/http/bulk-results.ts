/**
 * GET /bulk-results/{id}.jsonl: a finished bulk operation's JSONL, streamed in chunks with
 * backpressure as a storage download is, so a slow reader (a run planning a large collection as
 * it streams) sees the same timing and connection behaviour it would against Shopify's storage.
 */
import type { ServerResponse } from "node:http";
import type { BulkOperationRecord } from "../resolvers/index";
import type { Store } from "../store";
import { NOT_FOUND, send } from "./io";

export function bulkResults({ store, bulkOperations, chunkBytes }: { store: Store; bulkOperations: Map<number, BulkOperationRecord>; chunkBytes: number }) {
  return function bulkResult(res: ServerResponse, id: number) {
    const op = bulkOperations.get(id);
    if (!op?.result) return send(res, 404, NOT_FOUND);
    const result = op.result;
    // Connection: close — a reader that parses slowly (a run planning a large collection) may still be
    // reading when Node's 5 s keep-alive timer, started once the last byte is handed to the socket,
    // destroys the connection ("terminated" / "other side closed"). Closing instead ends it gracefully.
    res.writeHead(200, { "Content-Type": "application/jsonl", "Content-Length": result.length, Connection: "close" });
    // Stream in chunks with backpressure, like a file download from storage.
    let offset = 0;
    const pump = () => {
      while (offset < result.length) {
        const chunk = result.subarray(offset, offset + chunkBytes);
        offset += chunk.length;
        op.bytesServed += chunk.length;
        store.metrics.bulkBytesServed += chunk.length;
        if (!res.write(chunk)) {
          res.once("drain", pump);
          return;
        }
      }
      res.end();
    };
    res.on("close", () => res.removeAllListeners("drain"));
    pump();
  };
}
