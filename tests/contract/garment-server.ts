/**
 * A tiny HTTP server of synthetic garment and model photos (sharp-generated), for contract tests and
 * anyone needing reachable image URLs offline. Paths are matched by their last segment, so fault markers
 * can sit in the path (`/fault-801/flat.png`) or the query string (`/flat.png?fault=801`).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { syntheticGarment } from "../../app/images/synthetic";

export interface GarmentServer {
  url: string;
  /** Absolute URL of a fixture: `u("flat.png", "fault=500")`. */
  u(name: FixtureName, query?: string): string;
  /** How many times each fixture was fetched. */
  hits: Record<string, number>;
  close(): Promise<void>;
}

export type FixtureName =
  | "flat.png" // valid flat lay, 800×1000, navy tee on a plain background
  | "flat.jpg" // same as JPEG
  | "dress.png" // valid flat lay dress, 900×1200, red
  | "small.png" // 420×380: too small (703)
  | "huge.png" // 3500×3500: too large (703)
  | "busy.png" // 800×1000 tee on a noisy background (707 when inputQualityDetect=1)
  | "cut.png" // 800×1000 tee cut off by the frame (707 when inputQualityDetect=1)
  | "not-image.png" // HTML bytes served as image/png (701)
  | "missing.png" // 404 (701)
  | "model-a.jpg" // model photo, 600×900, blue-grey
  | "model-b.jpg"; // model photo, 600×900, olive

export const GARMENT_COLOUR = { r: 0x1f, g: 0x3a, b: 0x6e };
export const MODEL_PHOTO_COLOURS = { "model-a.jpg": { r: 0x8f, g: 0xa3, b: 0xb8 }, "model-b.jpg": { r: 0x80, g: 0x86, b: 0x4a } };

async function buildFixtures(): Promise<Map<string, { type: string; body: Buffer }>> {
  const png = "image/png";
  const photo = (c: { r: number; g: number; b: number }) => sharp({ create: { width: 600, height: 900, channels: 3, background: c } }).jpeg().toBuffer();
  const entries: Array<[string, string, Promise<Buffer>]> = [
    ["flat.png", png, syntheticGarment({ width: 800, height: 1000 })],
    ["flat.jpg", "image/jpeg", syntheticGarment({ width: 800, height: 1000, format: "jpeg" })],
    ["dress.png", png, syntheticGarment({ width: 900, height: 1200, kind: "dresses", colour: "#b03a2e" })],
    ["small.png", png, syntheticGarment({ width: 420, height: 380 })],
    ["huge.png", png, syntheticGarment({ width: 3500, height: 3500 })],
    ["busy.png", png, syntheticGarment({ width: 800, height: 1000, background: "noisy" })],
    ["cut.png", png, syntheticGarment({ width: 800, height: 1000, scale: 1.4 })],
    ["not-image.png", png, Promise.resolve(Buffer.from("<!doctype html><title>Not an image</title>"))],
    ["model-a.jpg", "image/jpeg", photo(MODEL_PHOTO_COLOURS["model-a.jpg"])],
    ["model-b.jpg", "image/jpeg", photo(MODEL_PHOTO_COLOURS["model-b.jpg"])],
  ];
  const out = new Map<string, { type: string; body: Buffer }>();
  for (const [name, type, body] of entries) out.set(name, { type, body: await body });
  return out;
}

let cached: Promise<Map<string, { type: string; body: Buffer }>> | undefined;

export async function startGarmentServer(): Promise<GarmentServer> {
  const fixtures = await (cached ??= buildFixtures());
  const hits: Record<string, number> = {};
  const server = createServer((req, res) => {
    const name = new URL(req.url ?? "/", "http://x").pathname.split("/").pop() ?? "";
    hits[name] = (hits[name] ?? 0) + 1;
    const f = fixtures.get(name);
    if (!f) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": f.type, "Content-Length": String(f.body.length) }).end(f.body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    hits,
    u: (name, query) => `${url}/${name}${query ? `?${query}` : ""}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
