/**
 * Result images (GET /results/{taskId}/{n}.png): rendered on first download, not when a task finishes,
 * so a workload that never downloads results never pays for rendering them. Renders and garment
 * cut-outs are cached while recently used; links are unsigned and expire like object-storage links.
 */
import type { ServerResponse } from "node:http";
import { DownloadFailure } from "./download";
import { cutOutGarment, guessClothingType, recolorCutout, renderTryOn, type Cutout } from "./render";
import { Lru, type StoredTask, type TaskStore } from "./tasks";

export class ResultImages {
  /** Result images rendered (each at most once while cached). */
  rendered = 0;
  /** Result images answered 200. */
  served = 0;
  private readonly renders = new Lru<Promise<Buffer>>(48);
  private readonly cutouts = new Lru<Promise<{ cutout: Cutout; type: NonNullable<StoredTask["type"]> }>>(32);

  constructor(
    private readonly store: TaskStore,
    /** Downloads an image within the size and time limits (throws DownloadFailure). */
    private readonly fetchImage: (url: string) => Promise<{ bytes: Buffer }>,
  ) {}

  /** Answers result `n` (1-based) of a task; returns the status label the metrics count. */
  async serve(taskId: string, n: number, res: ServerResponse): Promise<string> {
    const i = n - 1;
    const task = this.store.forResult(taskId, i);
    if (!task) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("no such result (unknown, expired or not finished)");
      return "404";
    }
    const key = `${taskId}/${i}`;
    let p = this.renders.get(key);
    if (!p) {
      const subject = task.subjects[i];
      p = this.cutoutOf(task).then(async ({ cutout, type }) => {
        const photo = subject.kind === "photo" ? await this.bytesOf(subject.url, subject.bytes) : undefined;
        this.rendered++;
        return renderTryOn({
          type,
          garment: cutout,
          subject: subject.kind === "library" ? subject : { kind: "photo", photo: photo!, label: subject.label },
          viewType: task.request.viewType,
          index: i,
          count: task.subTasks.length,
        });
      });
      p.catch(() => this.renders.delete(key));
      this.renders.set(key, p);
    }
    let png: Buffer;
    try {
      png = await p;
    } catch (error) {
      // Only when the byte budget had dropped an input and it can no longer be fetched: the link is dead.
      if (!(error instanceof DownloadFailure)) throw error;
      res.writeHead(404, { "Content-Type": "text/plain" }).end("no such result (its inputs are gone)");
      return "404";
    }
    this.served++;
    res.writeHead(200, { "Content-Type": "image/png", "Content-Length": String(png.length), "Cache-Control": "public, max-age=3600" }).end(png);
    return "200";
  }

  /** Image bytes kept at submit, or fetched again when the byte budget dropped them. */
  private async bytesOf(url: string, kept: Buffer | undefined): Promise<Buffer> {
    return kept ?? (await this.fetchImage(url)).bytes;
  }

  /** The task's garment cut out of its background (and recoloured under fault=recolor), made once per task while cached. */
  private cutoutOf(task: StoredTask) {
    let p = this.cutouts.get(task.id);
    if (!p) {
      p = this.bytesOf(task.garmentUrl, task.garmentBytes)
        .then(cutOutGarment)
        .then(async (c) => ({
          cutout: task.recolor ? await recolorCutout(c) : c,
          type: task.type ?? guessClothingType(c),
        }));
      p.catch(() => this.cutouts.delete(task.id));
      this.cutouts.set(task.id, p);
    }
    return p;
  }
}
