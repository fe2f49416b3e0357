/**
 * Contract tests of the stand-in's newer rules, through the app's real client over HTTP: result links
 * expire (--result-ttl-ms), results are rendered when first downloaded (not when the task finishes),
 * 1002 can come back at submit, `fault=recolor` returns the garment in another colour, and result lists
 * never exceed the documented 8.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { aidgeSign, ContentSafetyError, createTryOnClient, retryPolicyFor } from "../../app/tryon";
import { start, type TryOnService, type TryOnServiceOptions } from "../../local/tryon-service/server";
import { GARMENT_COLOUR, startGarmentServer, type GarmentServer } from "./garment-server";

const KEY = "500888";
const SECRET = "expiry-secret-0123456789";
const POLL = { initialDelayMs: 20, maxDelayMs: 60, deadlineMs: 30_000 };

let images: GarmentServer;
const services: TryOnService[] = [];
async function service(o: TryOnServiceOptions = {}) {
  const s = await start({ appKey: KEY, appSecret: SECRET, taskMs: 100, submitQps: 0, queryQps: 0, ...o });
  services.push(s);
  return s;
}
const clientFor = (s: TryOnService, now?: () => number) =>
  createTryOnClient({ appKey: KEY, appSecret: SECRET, baseUrl: s.url, retry: { baseDelayMs: 5, maxDelayMs: 20 }, ...(now ? { now } : {}) });

beforeAll(async () => {
  images = await startGarmentServer();
});
afterAll(async () => {
  await Promise.all(services.map((s) => s.close()));
  await images.close();
});

async function failureOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a failure");
}

describe("result links expire like object-storage links (--result-ttl-ms)", () => {
  it("GIVEN resultTtlMs 1000 THEN a result answers 200 until 1000 ms after its sub-task finished, then 404, while the task is still queryable", async () => {
    let clock = Date.now();
    const now = () => clock;
    const s = await service({ taskMs: 100, resultTtlMs: 1000, now });
    const c = clientFor(s, now);
    const { taskId } = await c.submit({ clothesList: [{ imageUrl: images.u("flat.png"), type: "tops" }], generateCount: 1 });
    clock += 100; // the only sub-task ends at taskMs
    const done = await c.query(taskId);
    expect(done.status).toBe("finished");
    const url = done.images[0].imageUrl;
    expect((await fetch(url)).status).toBe(200);
    clock += 999;
    expect((await fetch(url)).status).toBe(200);
    clock += 1;
    expect((await fetch(url)).status).toBe(404);
    // The task itself is still known to queries (their retention is separate); only the link expired.
    expect((await c.query(taskId)).status).toBe("finished");
  });

  it("GIVEN the default THEN a result is still served a day minus a millisecond after it finished", async () => {
    let clock = Date.now();
    const now = () => clock;
    const s = await service({ taskMs: 100, now });
    const c = clientFor(s, now);
    const { taskId } = await c.submit({ clothesList: [{ imageUrl: images.u("flat.png"), type: "tops" }], generateCount: 1 });
    clock += 100;
    const url = (await c.query(taskId)).images[0].imageUrl;
    clock += 86_400_000 - 1;
    expect((await fetch(url)).status).toBe(200);
    clock += 1;
    expect((await fetch(url)).status).toBe(404);
  });
});

describe("rendering happens on first download", () => {
  it("GIVEN a finished task of 3 images THEN nothing is rendered until a result is fetched, and a second fetch is served from cache", async () => {
    const s = await service();
    const c = clientFor(s);
    const { taskId } = await c.submit({ clothesList: [{ imageUrl: images.u("flat.png"), type: "tops" }], generateCount: 3 });
    const done = await c.poll(taskId, POLL);
    expect(done.images).toHaveLength(3);
    expect(s.metrics()).toMatchObject({ resultImagesRendered: 0, resultImagesServed: 0 });
    const [a, b] = await Promise.all([fetch(done.images[0].imageUrl), fetch(done.images[0].imageUrl)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(Buffer.from(await a.arrayBuffer()).equals(Buffer.from(await b.arrayBuffer()))).toBe(true);
    expect(s.metrics()).toMatchObject({ resultImagesRendered: 1, resultImagesServed: 2 });
  });
});

describe("1002 at submit", () => {
  it("GIVEN fault=1002-submit THEN the submit answers 1002 (ContentSafetyError, not retried) and no task or quota is spent", async () => {
    const s = await service({ quota: 5 });
    const c = clientFor(s);
    const e = await failureOf(c.submit({ clothesList: [{ imageUrl: images.u("flat.png", "fault=1002-submit") }], generateCount: 1 }));
    expect(e).toBeInstanceOf(ContentSafetyError);
    expect((e as ContentSafetyError).code).toBe(1002);
    expect(retryPolicyFor(e).retry).toBe(false);
    expect(s.metrics()).toMatchObject({ submits: 0, tasksStored: 0, quota: { paid: 5 } });
    expect(s.metrics().requests["/ai/virtual/tryon"]).toEqual({ "1002": 1 });
  });

  it("GIVEN plain fault=1002 THEN it still surfaces at query time", async () => {
    const s = await service();
    const c = clientFor(s);
    const { taskId } = await c.submit({ clothesList: [{ imageUrl: images.u("flat.png", "fault=1002") }], generateCount: 1 });
    const r = await c.poll(taskId, POLL);
    expect(r.failure?.code).toBe(1002);
  });
});

/** Mean colour of the pixels that are the garment's navy in `mask`, read from `image`. */
async function garmentRegionColour(mask: Buffer, image: Buffer): Promise<{ colour: [number, number, number]; pixels: number }> {
  const m = await sharp(mask).removeAlpha().raw().toBuffer();
  const p = await sharp(image).removeAlpha().raw().toBuffer();
  const sum = [0, 0, 0];
  let n = 0;
  for (let i = 0; i < m.length; i += 3) {
    if (Math.abs(m[i] - GARMENT_COLOUR.r) > 16 || Math.abs(m[i + 1] - GARMENT_COLOUR.g) > 16 || Math.abs(m[i + 2] - GARMENT_COLOUR.b) > 16) continue;
    for (let k = 0; k < 3; k++) sum[k] += p[i + k];
    n++;
  }
  return { colour: sum.map((v) => v / Math.max(1, n)) as [number, number, number], pixels: n };
}

function hueOf([r, g, b]: [number, number, number]): number {
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return 0;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

describe("fault=recolor", () => {
  it("GIVEN fault=recolor THEN the task succeeds, and where the garment sits its hue is turned by at least 90°", async () => {
    const s = await service();
    const c = clientFor(s);
    const run = async (imageUrl: string) => {
      const { taskId } = await c.submit({ clothesList: [{ imageUrl, type: "tops" }], model: { gender: "female", body: "slim" }, generateCount: 1 });
      const r = await c.poll(taskId, POLL);
      expect(r.status).toBe("finished");
      return Buffer.from(await (await fetch(r.images[0].imageUrl)).arrayBuffer());
    };
    const faithful = await run(images.u("flat.png"));
    const recoloured = await run(images.u("flat.png", "fault=recolor"));
    const region = await garmentRegionColour(faithful, recoloured);
    expect(region.pixels).toBeGreaterThan(10_000); // the garment is a visible part of the photo
    const turn = Math.abs(hueOf(region.colour) - hueOf([GARMENT_COLOUR.r, GARMENT_COLOUR.g, GARMENT_COLOUR.b]));
    expect(Math.min(turn, 360 - turn)).toBeGreaterThanOrEqual(90);
    // The faithful result is untouched by the marker of the other task.
    expect((await garmentRegionColour(faithful, faithful)).colour[2]).toBeGreaterThan(90);
  });
});

describe("result lists are capped at the documented 8", () => {
  it("GIVEN generateCount 8 THEN 8 results; 9 is refused with 700 naming generateCount", async () => {
    const s = await service();
    const c = clientFor(s);
    const { taskId, expectedImages } = await c.submit({ clothesList: [{ imageUrl: images.u("flat.png"), type: "tops" }], generateCount: 8 });
    expect(expectedImages).toBe(8);
    expect((await c.poll(taskId, POLL)).images).toHaveLength(8);
    const raw = JSON.stringify({ requestParams: JSON.stringify([{ clothesList: [{ imageUrl: images.u("flat.png") }], generateCount: 9 }]) });
    const ts = String(Date.now());
    const res = await fetch(`${s.url}/rest/ai/virtual/tryon?partner_id=aidge&sign_method=sha256&sign_ver=v2&app_key=${KEY}&timestamp=${ts}&sign=${aidgeSign(SECRET, ts)}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: raw,
    });
    const json = (await res.json()) as { resCode: number; resMessage: string };
    expect(json.resCode).toBe(700);
    expect(json.resMessage).toMatch(/generateCount: must be at most 8/);
  });
});
