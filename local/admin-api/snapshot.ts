/**
 * The store as one JSON file: the snapshot format (also accepted as a seed file) and the writer
 * behind `persistPath`. Apart from the store so that its records and rules need not know about
 * files, timers or base64.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { GarmentImageSpec } from "./images";
import type { BlobRecord, CollectionRecord, MediaRecord, ProductRecord, ShopRecord } from "./records";

/** The persisted form of a store (also accepted as a seed file). */
export interface StoreSnapshot {
  format: "fitting-room-local-admin-api/1";
  shop: ShopRecord;
  products: ProductRecord[];
  collections: CollectionRecord[];
  media: MediaRecord[];
  /** Image bytes, base64, by content hash — or, for seed photos, the spec that draws them. */
  blobs: Record<string, { mimeType: string; base64?: string; render?: GarmentImageSpec }>;
  nextId: number;
}

export function isSnapshot(value: unknown): value is StoreSnapshot {
  return typeof value === "object" && value !== null && (value as { format?: unknown }).format === "fitting-room-local-admin-api/1";
}

/** Seed photos are saved as the spec that draws them (a 5000×5000 photo would be ~MBs of base64). */
export function encodeBlobs(blobs: Map<string, BlobRecord>): StoreSnapshot["blobs"] {
  const encoded: StoreSnapshot["blobs"] = {};
  for (const [key, blob] of blobs) {
    encoded[key] = blob.render ? { mimeType: blob.mimeType, render: blob.render } : { mimeType: blob.mimeType, base64: (blob.bytes ?? Buffer.alloc(0)).toString("base64") };
  }
  return encoded;
}

export function decodeBlob(blob: StoreSnapshot["blobs"][string]): BlobRecord {
  return blob.render ? { mimeType: blob.mimeType, render: blob.render } : { mimeType: blob.mimeType, bytes: Buffer.from(blob.base64 ?? "", "base64") };
}

/** A snapshot file's contents if it exists (null otherwise). */
export function readSnapshotFile(path: string): StoreSnapshot | null {
  if (!existsSync(path)) return null;
  return JSON.parse(readFileSync(path, "utf8")) as StoreSnapshot;
}

/**
 * Writes the snapshot to `path` shortly after a change (a burst of mutations shares one write) and on
 * flush, by atomic rename so a crash never leaves half a file; writes are queued, never interleaved.
 */
export class SnapshotWriter {
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    public path: string,
    private readonly snapshot: () => StoreSnapshot,
  ) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, 100);
    this.timer.unref();
  }

  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const path = this.path;
    this.writing = this.writing.then(async () => {
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(this.snapshot()));
      await rename(tmp, path);
    });
    await this.writing;
  }
}
