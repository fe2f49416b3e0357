import { describe, expect, it } from "vitest";
import { BodyTooLargeError, readBodyWithin } from "./body-limit";
import { collectionFormSchema } from "./collection";
import { FORM_LIMITS, formDataToObject, parseForm, readForm, UPLOAD_FORM_LIMITS } from "./form-data";
import { productFormSchema } from "./product";
import { reviewFormSchema } from "./review";
import { runStartFormSchema } from "./run-start";

const URL_ = "https://fitting-room.test/app/products/1";
const formRequest = (body: string) =>
  new Request(URL_, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body });

/** A body with no Content-Length: the stream yields `chunk` until cancelled, counting what it handed out. */
function endlessRequest(chunk: Uint8Array, type = "application/x-www-form-urlencoded") {
  const stats = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      stats.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
    cancel() {
      stats.cancelled = true;
    },
  });
  const request = new Request(URL_, { method: "POST", headers: { "Content-Type": type }, body, duplex: "half" } as RequestInit);
  return { request, stats };
}

async function refusal(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
  throw new Error("expected the form to be refused with a Response");
}

describe("reading page forms within limits (issue 14.7)", () => {
  it("GIVEN repeated names WHEN converted THEN each name holds its values in order, and __proto__ is a plain key", () => {
    const fd = new FormData();
    for (const v of ["a", "b", "c"]) fd.append("imageIds", v);
    fd.append("intent", "approve");
    fd.append("__proto__", "x");
    const object = formDataToObject(fd);
    expect(object.imageIds).toEqual(["a", "b", "c"]);
    expect(object.intent).toBe("approve");
    expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(object, "__proto__")?.value).toBe("x");
  });

  it("GIVEN 40,000 repeats of imageIds=a (440 KB) WHEN read THEN 413 with a sentence on what to send instead", async () => {
    const response = await refusal(readForm(formRequest("imageIds=a&".repeat(40_000))));
    expect(response.status).toBe(413);
    const text = await response.text();
    expect(text).toMatch(/larger than 64 KB.*Select fewer products or images/);
    expect(text).not.toMatch(/Error|stack|zod/i);
  });

  it("GIVEN more fields than a form may have, within the byte cap WHEN read THEN 413 naming the field limit", async () => {
    const body = "i=a&".repeat(FORM_LIMITS.maxFields + 1);
    expect(body.length).toBeLessThan(FORM_LIMITS.maxBytes);
    const response = await refusal(readForm(formRequest(body)));
    expect(response.status).toBe(413);
    expect(await response.text()).toMatch(new RegExp(`more than ${FORM_LIMITS.maxFields} fields`));
  });

  it("GIVEN a form without Content-Length that never ends WHEN read THEN reading stops just past the cap and answers 413", async () => {
    const { request, stats } = endlessRequest(new TextEncoder().encode("imageIds=a&".repeat(1000)));
    const response = await refusal(readForm(request));
    expect(response.status).toBe(413);
    expect(stats.cancelled).toBe(true);
    // One chunk of read-ahead at most beyond the cap (plus the stream's own queue of one chunk).
    expect(stats.pulled).toBeLessThanOrEqual(FORM_LIMITS.maxBytes + 3 * 11_000);
  });

  it("GIVEN a declared Content-Length over the cap WHEN read THEN it is refused from the header, naming the declared size", async () => {
    const { request } = endlessRequest(new Uint8Array(1024));
    const headers = new Headers(request.headers);
    headers.set("Content-Length", String(10 * 1024 * 1024));
    const read = readBodyWithin(new Request(request, { headers }), 64 * 1024);
    await expect(read).rejects.toBeInstanceOf(BodyTooLargeError);
    await expect(read).rejects.toThrow("The request is 10 MB; at most 64 KB is accepted.");
  });

  it("GIVEN a legitimate form of 250 product ids WHEN read and parsed THEN it passes", async () => {
    const ids = Array.from({ length: 250 }, (_, i) => `productIds=${encodeURIComponent(`gid://shopify/Product/${1_000_000_000_000 + i}`)}`);
    const fd = await readForm(formRequest(["intent=start", ...ids].join("&")));
    const parsed = parseForm(runStartFormSchema, fd);
    expect(parsed.ok && parsed.data.productIds.length).toBe(250);
  });

  it("GIVEN a model-photo upload WHEN the page allows uploads THEN multipart gets the upload cap and url-encoded forms keep the page cap", async () => {
    const photo = new File([new Uint8Array(200 * 1024)], "model.jpg", { type: "image/jpeg" });
    const multipart = new FormData();
    multipart.set("intent", "uploadPhoto");
    multipart.append("photo", photo);
    const upload = new Request(URL_, { method: "POST", body: multipart });
    const fd = await readForm(upload, { uploads: UPLOAD_FORM_LIMITS });
    expect((fd.get("photo") as File).size).toBe(200 * 1024);

    // Without the upload allowance the same 200 KB multipart body is over the page cap.
    const again = new FormData();
    again.append("photo", photo);
    expect((await refusal(readForm(new Request(URL_, { method: "POST", body: again })))).status).toBe(413);
    // A url-encoded body to the upload page keeps the 64 KB cap.
    expect((await refusal(readForm(formRequest(`x=${"a".repeat(70 * 1024)}`), { uploads: UPLOAD_FORM_LIMITS }))).status).toBe(413);
  });

  it("GIVEN nine photos in one upload WHEN read THEN 413: at most 8 photos", async () => {
    const multipart = new FormData();
    multipart.set("intent", "uploadPhoto");
    for (let i = 0; i < 9; i++) multipart.append("photo", new File([new Uint8Array(10)], `p${i}.jpg`, { type: "image/jpeg" }));
    const response = await refusal(readForm(new Request(URL_, { method: "POST", body: multipart }), { uploads: UPLOAD_FORM_LIMITS }));
    expect(response.status).toBe(413);
    expect(await response.text()).toMatch(/photos: at most 8/);
  });
});

describe("every list and free-text field of the page forms is bounded (issue 14.7)", () => {
  it("GIVEN 501 image ids on the product page WHEN parsed THEN 400 naming Images and the limit", () => {
    const fd = new FormData();
    fd.set("intent", "approve");
    for (let i = 0; i < 501; i++) fd.append("imageIds", `img${i}`);
    const parsed = parseForm(productFormSchema, fd);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.fieldErrors.imageIds).toBe("choose at most 500 images at once");
  });

  it("GIVEN 501 image ids on the review page WHEN parsed THEN 400 naming imageIds", () => {
    const parsed = parseForm(reviewFormSchema, { intent: "approve", imageIds: Array.from({ length: 501 }, (_, i) => `img${i}`) });
    expect(!parsed.ok && parsed.fieldErrors.imageIds).toBe("decide on at most 500 images at once");
  });

  it("GIVEN 251 products selected WHEN parsed THEN 400 naming productIds and the way out", () => {
    const ids = Array.from({ length: 251 }, (_, i) => `gid://shopify/Product/${i + 1}`);
    const parsed = parseForm(runStartFormSchema, { intent: "start", productIds: ids });
    expect(!parsed.ok && parsed.fieldErrors.productIds).toMatch(/at most 250 products; try on a whole collection/);
  });

  it("GIVEN a 10,000-character image id WHEN parsed THEN 400, not stored", () => {
    const parsed = parseForm(productFormSchema, { intent: "reject", imageIds: ["x".repeat(10_000)] });
    expect(!parsed.ok && Object.keys(parsed.fieldErrors)[0]).toMatch(/^imageIds/);
  });

  it("GIVEN a collection title over 255 characters WHEN the collection's defaults are saved THEN 400 naming Collection title", () => {
    const parsed = parseForm(collectionFormSchema, { intent: "save", collectionTitle: "t".repeat(256) });
    expect(!parsed.ok && parsed.fieldErrors.collectionTitle).toBe("must be at most 255 characters");
    const ok = parseForm(collectionFormSchema, { intent: "save", collectionTitle: " Summer " });
    expect(ok.ok && ok.data.intent === "save" && ok.data.collectionTitle).toBe("Summer");
  });

  it("GIVEN an over-long garment image id WHEN parsed THEN 400 naming garmentMediaId", () => {
    const parsed = parseForm(productFormSchema, { intent: "chooseGarment", garmentMediaId: `gid://shopify/MediaImage/${"1".repeat(200)}` });
    expect(!parsed.ok && Object.keys(parsed.fieldErrors)).toEqual(["garmentMediaId"]);
  });
});
