import { describe, expect, it } from "vitest";
import { ApiHttpError, MAX_BODY_BYTES, readJson } from "./http.server";
import { estimateRequestSchema, MAX_OVERRIDES } from "./contract";

/** A JSON body without Content-Length that never ends, counting the bytes it handed out. */
function endlessJson() {
  const stats = { pulled: 0, cancelled: false };
  const chunk = new TextEncoder().encode(`"${"x".repeat(8190)}",`);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"scope":{"type":"selection","productIds":['));
    },
    pull(controller) {
      stats.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel() {
      stats.cancelled = true;
    },
  });
  const request = new Request("https://fitting-room.test/api/estimate", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body,
    duplex: "half",
  } as RequestInit);
  return { request, stats };
}

async function caught(promise: Promise<unknown>): Promise<ApiHttpError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiHttpError) return error;
    throw error;
  }
  throw new Error("expected an ApiHttpError");
}

describe("extension endpoints read JSON within a cap (issue 14.7)", () => {
  it("GIVEN a JSON body without Content-Length that never ends WHEN read THEN 413 once the cap is passed, and the stream is cancelled", async () => {
    const { request, stats } = endlessJson();
    const error = await caught(readJson(request, estimateRequestSchema));
    expect(error.status).toBe(413);
    expect(error.message).toMatch(/larger than 64 KB.*Select fewer products/);
    expect(error.fields).toEqual({ body: "must be at most 64 KB" });
    expect(stats.cancelled).toBe(true);
    expect(stats.pulled).toBeLessThanOrEqual(MAX_BODY_BYTES + 3 * 8192);
  });

  it("GIVEN an overrides object with more keys than there are settings WHEN read THEN 400 naming overrides", async () => {
    const overrides = Object.fromEntries(Array.from({ length: MAX_OVERRIDES + 1 }, (_, i) => [`k${i}`, 1]));
    const request = new Request("https://fitting-room.test/api/estimate", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ scope: { type: "product", productId: "gid://shopify/Product/1" }, overrides }),
    });
    const error = await caught(readJson(request, estimateRequestSchema));
    expect(error.status).toBe(400);
    expect(error.fields).toEqual({ overrides: `must hold at most ${MAX_OVERRIDES} settings` });
  });
});
