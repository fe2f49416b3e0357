/**
 * Contract tests: the real client against the local try-on service over real HTTP, with garment images
 * served by a local image server. One scenario per documented outcome (spec §5).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import {
  AuthError,
  ContentSafetyError,
  createTryOnClient,
  ImageDownloadError,
  InvalidInputError,
  NotFlatLayError,
  ProviderFailureError,
  QuotaExhaustedError,
  RateLimitedError,
  ResolutionError,
  retryPolicyFor,
  type TryOnClientOptions,
  type TryOnRequestInput,
} from "../../app/tryon";
import { start, type TryOnService, type TryOnServiceOptions } from "../../local/tryon-service/server";
import { GARMENT_COLOUR, MODEL_PHOTO_COLOURS, startGarmentServer, type GarmentServer } from "./garment-server";

const KEY = "500777";
const SECRET = "contract-secret-0123456789";
/** Fast, but real, backoff for tests: no wall-clock assertions anywhere. */
const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20 };
const POLL = { initialDelayMs: 20, maxDelayMs: 60, deadlineMs: 30_000 };

let images: GarmentServer;
const services: TryOnService[] = [];

async function service(o: TryOnServiceOptions = {}): Promise<TryOnService> {
  const s = await start({ appKey: KEY, appSecret: SECRET, taskMs: 120, submitQps: 0, queryQps: 0, ...o });
  services.push(s);
  return s;
}
const clientFor = (s: TryOnService, o: Partial<TryOnClientOptions> = {}) =>
  createTryOnClient({ appKey: KEY, appSecret: SECRET, baseUrl: s.url, retry: FAST_RETRY, timeoutMs: 15_000, ...o });

let svc: TryOnService;
let client: ReturnType<typeof createTryOnClient>;

beforeAll(async () => {
  images = await startGarmentServer();
  svc = await service();
  client = clientFor(svc);
});
afterAll(async () => {
  await Promise.all(services.map((s) => s.close()));
  await images.close();
});

const req = (imageUrl: string, extra: Partial<TryOnRequestInput> = {}): TryOnRequestInput => ({ clothesList: [{ imageUrl, type: "tops" }], ...extra });

async function download(url: string) {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("image/png");
  const bytes = Buffer.from(await res.arrayBuffer());
  const meta = await sharp(bytes).metadata();
  return { bytes, width: meta.width, height: meta.height };
}

/** Share of pixels within `tol` (max channel) of a colour. */
async function colourShare(png: Buffer, c: { r: number; g: number; b: number }, tol = 24): Promise<number> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let n = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    if (Math.abs(data[i] - c.r) <= tol && Math.abs(data[i + 1] - c.g) <= tol && Math.abs(data[i + 2] - c.b) <= tol) n++;
  }
  return n / (info.width * info.height);
}

async function failureOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a failure");
}

describe("happy path: submit → poll → images", () => {
  it("GIVEN a valid tops flat lay WHEN submitted and polled THEN generateCount images of 768×1024 show the garment on a model", async () => {
    const { taskId, requestId, expectedImages } = await client.submit(req(images.u("flat.png"), { generateCount: 3, model: { gender: "female" } }));
    expect(taskId).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestId).toBeTruthy();
    expect(expectedImages).toBe(3);

    const statuses: string[] = [];
    const result = await client.poll(taskId, { ...POLL, onUpdate: (r) => statuses.push(r.status) });
    expect(result.status).toBe("finished");
    expect(statuses.at(-1)).toBe("finished");
    expect(result.subTasks).toHaveLength(3);
    expect(result.images).toHaveLength(3);
    for (const img of result.images) {
      expect(img.clothes).toBe(images.u("flat.png"));
      const got = await download(img.imageUrl);
      expect([got.width, got.height]).toEqual([768, 1024]);
      // Recognisable composite: the garment's navy covers a visible part of the picture.
      expect(await colourShare(got.bytes, GARMENT_COLOUR)).toBeGreaterThan(0.03);
    }
  });

  it("GIVEN a dress on a named model with mixed views WHEN done THEN images are 576×768", async () => {
    const s = await service({ taskResultEncoding: "string" });
    const c = clientFor(s);
    const { taskId } = await c.submit({ clothesList: [{ imageUrl: images.u("dress.png"), type: "dresses" }], model: { name: "James" }, viewType: "mixed", generateCount: 2 });
    const result = await c.poll(taskId, POLL);
    expect(result.status).toBe("finished");
    expect(result.images).toHaveLength(2);
    for (const img of result.images) {
      const got = await download(img.imageUrl);
      expect([got.width, got.height]).toEqual([576, 768]);
      expect(await colourShare(got.bytes, { r: 0xb0, g: 0x3a, b: 0x2e })).toBeGreaterThan(0.02);
    }
  });

  it("GIVEN two model photos and generateCount 5 WHEN done THEN there is one image per photo, built on that photo", async () => {
    const { taskId, expectedImages } = await client.submit(req(images.u("flat.jpg"), { modelImage: [images.u("model-a.jpg"), images.u("model-b.jpg")], generateCount: 5 }));
    expect(expectedImages).toBe(2);
    const result = await client.poll(taskId, POLL);
    expect(result.images).toHaveLength(2);
    const [a, b] = await Promise.all(result.images.map((i) => download(i.imageUrl)));
    expect(await colourShare(a.bytes, MODEL_PHOTO_COLOURS["model-a.jpg"], 12)).toBeGreaterThan(0.3);
    expect(await colourShare(b.bytes, MODEL_PHOTO_COLOURS["model-b.jpg"], 12)).toBeGreaterThan(0.3);
    expect(await colourShare(a.bytes, GARMENT_COLOUR)).toBeGreaterThan(0.03);
  });

  it("GIVEN no type WHEN a tee is submitted THEN it is recognised as tops (768×1024)", async () => {
    const { taskId } = await client.submit({ clothesList: [{ imageUrl: images.u("flat.png") }], generateCount: 1 });
    const result = await client.poll(taskId, POLL);
    const got = await download(result.images[0].imageUrl);
    expect([got.width, got.height]).toEqual([768, 1024]);
  });

  it("GIVEN a task WHEN queried right after submit THEN it is not yet finished and has no images", async () => {
    const s = await service({ taskMs: 60_000 });
    const c = clientFor(s);
    const { taskId } = await c.submit(req(images.u("flat.png"), { generateCount: 1 }));
    const r = await c.query(taskId);
    expect(["submitted", "running"]).toContain(r.status);
    expect(r.images).toEqual([]);
    expect(s.metrics().tasks.submitted + s.metrics().tasks.running).toBe(1);
  });

  it("GIVEN the balance call THEN it reports the quota, which an accepted submit spends", async () => {
    const s = await service({ quota: 10 });
    const c = clientFor(s);
    expect((await c.balance()).balance).toBe(10);
    await c.submit(req(images.u("flat.png"), { generateCount: 1 }));
    expect((await c.balance("/ai/virtual/tryon")).balance).toBe(9);
  });
});

describe("business error codes", () => {
  it("700 GIVEN an unknown library model name THEN InvalidInputError naming model.name", async () => {
    const e = await failureOf(client.submit(req(images.u("flat.png"), { model: { name: "Zed" } })));
    expect(e).toBeInstanceOf(InvalidInputError);
    expect((e as InvalidInputError).providerMessage).toMatch(/model\.name: unknown model "Zed"/);
    expect(retryPolicyFor(e).retry).toBe(false);
  });

  it("700 GIVEN an unknown model library THEN InvalidInputError naming model.base", async () => {
    const e = await failureOf(client.submit(req(images.u("flat.png"), { model: { base: "SCENE_1" } })));
    expect(e).toBeInstanceOf(InvalidInputError);
    expect((e as InvalidInputError).providerMessage).toMatch(/model\.base/);
  });

  it.each([
    ["a 404", () => images.u("missing.png"), /HTTP 404/],
    ["bytes that are not an image", () => images.u("not-image.png"), /not an image/],
    ["a refused connection", () => "http://127.0.0.1:1/shirt.png", /ECONNREFUSED|network/],
    ["an unresolvable host", () => "http://garment-host.invalid/shirt.png", /ENOTFOUND|EAI_AGAIN|network/],
  ])("701 GIVEN %s THEN ImageDownloadError naming the URL", async (_n, url, detail) => {
    const e = await failureOf(client.submit(req(url())));
    expect(e).toBeInstanceOf(ImageDownloadError);
    expect((e as ImageDownloadError).providerMessage).toMatch(detail);
    expect((e as ImageDownloadError).merchantMessage).toContain(url());
    expect((e as ImageDownloadError).retryable).toBe(false);
  });

  it("701 GIVEN an image above the service's byte limit THEN ImageDownloadError", async () => {
    const s = await service({ maxImageBytes: 10_000 });
    const e = await failureOf(clientFor(s).submit(req(images.u("flat.png"))));
    expect(e).toBeInstanceOf(ImageDownloadError);
    expect((e as ImageDownloadError).providerMessage).toMatch(/10000/);
  });

  it("701 GIVEN an unreachable model photo THEN ImageDownloadError naming modelImage[1]", async () => {
    const e = await failureOf(client.submit(req(images.u("flat.png"), { modelImage: [images.u("model-a.jpg"), images.u("missing.png")] })));
    expect(e).toBeInstanceOf(ImageDownloadError);
    expect((e as ImageDownloadError).providerMessage).toMatch(/modelImage\[1\]/);
  });

  it("703 GIVEN a 420×380 garment THEN ResolutionError whose merchant message names the size", async () => {
    const e = await failureOf(client.submit(req(images.u("small.png"))));
    expect(e).toBeInstanceOf(ResolutionError);
    expect((e as ResolutionError).merchantMessage).toContain("The image is 420×380 px; try-on needs more than 500×500 px and at most 3000×3000 px");
    expect((e as ResolutionError).details).toMatchObject({ width: 420, height: 380, imageUrl: images.u("small.png") });
  });

  it("703 GIVEN a 3500×3500 garment THEN ResolutionError", async () => {
    const e = await failureOf(client.submit(req(images.u("huge.png"))));
    expect(e).toBeInstanceOf(ResolutionError);
    expect((e as ResolutionError).merchantMessage).toContain("3500×3500 px");
  });

  it.each([["busy.png", /background/], ["cut.png", /cut off/]] as const)(
    "707 GIVEN %s and inputQualityDetect=1 THEN NotFlatLayError with the reason",
    async (name, reason) => {
      const e = await failureOf(client.submit(req(images.u(name), { inputQualityDetect: 1 })));
      expect(e).toBeInstanceOf(NotFlatLayError);
      expect((e as NotFlatLayError).merchantMessage).toMatch(reason);
    },
  );

  it("707 never GIVEN the same busy image with inputQualityDetect=0 THEN it is accepted", async () => {
    const { taskId } = await client.submit(req(images.u("busy.png"), { inputQualityDetect: 0, generateCount: 1 }));
    expect(taskId).toBeTruthy();
  });

  it("707 GIVEN a good flat lay and inputQualityDetect=1 THEN it is accepted", async () => {
    const { taskId } = await client.submit(req(images.u("flat.png"), { inputQualityDetect: 1, generateCount: 1 }));
    expect((await client.poll(taskId, POLL)).status).toBe("finished");
  });

  it("500 GIVEN fault=500 THEN the client hot-retries (1 + 2 attempts) and throws ProviderFailureError", async () => {
    const s = await service();
    const e = await failureOf(clientFor(s, { retry: { ...FAST_RETRY, maxRetries: 2 } }).submit(req(images.u("flat.png", "fault=500"))));
    expect(e).toBeInstanceOf(ProviderFailureError);
    expect((e as ProviderFailureError).code).toBe(500);
    expect(retryPolicyFor(e)).toMatchObject({ retry: true, maxAttempts: 4 });
    expect(s.metrics().requests["/ai/virtual/tryon"]["500"]).toBe(3);
  });

  it("500 GIVEN fault=500x1 THEN the client's retry recovers and the task is created", async () => {
    const s = await service();
    const { taskId } = await clientFor(s).submit(req(images.u("flat.png", "fault=500x1"), { generateCount: 1 }));
    expect(taskId).toBeTruthy();
    expect(s.metrics().requests["/ai/virtual/tryon"]).toMatchObject({ "500": 1, "200": 1 });
  });

  it("501 GIVEN a submit rate of 1 per 5 s WHEN two submits follow at once THEN the second is RateLimitedError, not retried", async () => {
    const s = await service({ submitQps: 0.2 });
    const c = clientFor(s);
    await c.submit(req(images.u("flat.png"), { generateCount: 1 }));
    const e = await failureOf(c.submit(req(images.u("flat.png"), { generateCount: 1 })));
    expect(e).toBeInstanceOf(RateLimitedError);
    expect((e as RateLimitedError).retryAfterMs).toBeGreaterThan(0);
    expect(retryPolicyFor(e)).toMatchObject({ rateLimited: true });
    expect(s.metrics().requests["/ai/virtual/tryon"]).toEqual({ "200": 1, "501": 1 });
  });

  it("501 GIVEN a query rate limit WHEN polling THEN queries get 501 and poll slows down until finished", async () => {
    const s = await service({ queryQps: 1 });
    const c = clientFor(s);
    const { taskId } = await c.submit(req(images.u("flat.png"), { generateCount: 1 }));
    // Burst of one, refilled once per second: four queries at once cannot all pass.
    await expect(Promise.all([1, 2, 3, 4].map(() => c.query(taskId)))).rejects.toBeInstanceOf(RateLimitedError);
    const r = await c.poll(taskId, { initialDelayMs: 5, maxDelayMs: 2000, deadlineMs: 30_000 });
    expect(r.status).toBe("finished");
    expect(s.metrics().requests["/ai/virtual/tryon-results"]["501"]).toBeGreaterThanOrEqual(1);
  });

  it("501 GIVEN fault=501 THEN RateLimitedError at submit", async () => {
    expect(await failureOf(client.submit(req(images.u("flat.png", "fault=501"))))).toBeInstanceOf(RateLimitedError);
  });

  it("1001 GIVEN fault=1001 THEN ContentSafetyError at submit, retryable once", async () => {
    const e = await failureOf(client.submit(req(images.u("flat.png", "fault=1001"))));
    expect(e).toBeInstanceOf(ContentSafetyError);
    expect((e as ContentSafetyError).code).toBe(1001);
    expect(retryPolicyFor(e)).toMatchObject({ retry: true, maxAttempts: 2 });
  });

  it.each([
    [801, ProviderFailureError, "query=801", true],
    [1000, ContentSafetyError, "query=1000", false],
    [1002, ContentSafetyError, "query=1002", false],
  ] as const)("%i GIVEN a fault marker THEN submit succeeds and the sub-tasks fail at query time", async (code, cls, _label, retry) => {
    const { taskId } = await client.submit(req(`${images.url}/fault-${code}/flat.png`, { generateCount: 2 }));
    const r = await client.poll(taskId, POLL);
    expect(r.status).toBe("failed");
    expect(r.images).toEqual([]);
    expect(r.subTasks.map((s) => [s.status, s.errorCode])).toEqual([["failed", code], ["failed", code]]);
    expect(r.failure).toBeInstanceOf(cls);
    expect(r.failure?.code).toBe(code);
    expect(retryPolicyFor(r.failure).retry).toBe(retry);
  });

  it("random faults GIVEN faultRate 1 THEN every submit gets one of the documented fault codes", async () => {
    let seed = 7;
    const s = await service({ faultRate: 1, random: () => ((seed = (seed * 16807) % 2147483647) / 2147483647) });
    const c = clientFor(s, { retry: { ...FAST_RETRY, maxRetries: 0 } });
    const codes = new Set<number | string>();
    for (let i = 0; i < 12; i++) {
      try {
        const { taskId } = await c.submit(req(images.u("flat.png"), { generateCount: 1 }));
        const r = await c.poll(taskId, POLL);
        expect(r.status).toBe("failed");
        codes.add(r.failure!.code);
      } catch (e) {
        codes.add((e as { code: number }).code);
      }
    }
    for (const code of codes) expect([500, 801, 1000, 1001, 1002]).toContain(code);
    expect(codes.size).toBeGreaterThanOrEqual(3);
  });
});

describe("gateway errors", () => {
  it("GIVEN a wrong secret THEN AuthError IncompleteSignature (not retried)", async () => {
    const e = await failureOf(clientFor(svc, { appSecret: "wrong-secret" }).submit(req(images.u("flat.png"))));
    expect(e).toBeInstanceOf(AuthError);
    expect((e as AuthError).code).toBe("IncompleteSignature");
    expect((e as AuthError).retryable).toBe(false);
  });

  it("GIVEN a timestamp an hour old THEN AuthError InvalidTimestamp", async () => {
    const e = await failureOf(clientFor(svc, { now: () => Date.now() - 3_600_000 }).query("any"));
    expect(e).toBeInstanceOf(AuthError);
    expect((e as AuthError).code).toBe("InvalidTimestamp");
  });

  it("GIVEN an unknown app key THEN AuthError InvalidAppKey", async () => {
    const e = await failureOf(clientFor(svc, { appKey: "999999" }).balance());
    expect(e).toBeInstanceOf(AuthError);
    expect((e as AuthError).code).toBe("InvalidAppKey");
  });

  it("GIVEN no paid quota and no trial header THEN QuotaExhaustedError; with x-iop-trial it goes through", async () => {
    const s = await service({ quota: 0, trialQuota: 5 });
    const e = await failureOf(clientFor(s).submit(req(images.u("flat.png"))));
    expect(e).toBeInstanceOf(QuotaExhaustedError);
    expect((e as QuotaExhaustedError).code).toBe("NoResource");
    const { taskId } = await clientFor(s, { trial: true }).submit(req(images.u("flat.png"), { generateCount: 1 }));
    expect(taskId).toBeTruthy();
    expect((await clientFor(s, { trial: true }).balance()).balance).toBe(4);
  });
});
