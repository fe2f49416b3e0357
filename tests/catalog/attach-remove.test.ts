/**
 * Attaching a result image (staged upload → productUpdate(media:) with alt text) and removing it
 * again, against the local Admin API over real HTTP.
 */
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CatalogUserError } from "../../app/catalog/errors";
import { FITTING_ROOM_ALT_MARKER } from "../../app/catalog/garment-image";
import type { LocalAdminApi } from "../../local/admin-api/server";
import { renderGarmentImage } from "../../local/admin-api/images";
import { catalogFor, productGid, startAdmin } from "./helpers";

let api: LocalAdminApi;
beforeAll(async () => {
  api = await startAdmin({ seed: "demo" });
});
afterAll(() => api?.close());

const resultImage = () => renderGarmentImage({ kind: "tops", colour: "#e65100", width: 768, height: 1024 });

describe("attaching and removing try-on images", () => {
  it("GIVEN a product WHEN a result image is attached and then removed THEN the product shows it with its alt text, then no longer", async () => {
    const catalog = catalogFor(api);
    const productId = productGid(1013);
    const before = await catalog.listProductMedia(productId);
    const alt = `${FITTING_ROOM_ALT_MARKER}: Classic Crew T-Shirt – Navy on model Anna (run t1, image 1)`;

    const attached = await catalog.attachImage({ productId, bytes: await resultImage(), filename: "classic-tee-tryon-1.jpg", mimeType: "image/jpeg", alt });
    expect(attached.mediaId).toMatch(/^gid:\/\/shopify\/MediaImage\/\d+$/);
    expect(["UPLOADED", "PROCESSING", "READY"]).toContain(attached.status);

    const [ready] = await catalog.waitForMedia([attached.mediaId], { pollMs: 20 });
    expect(ready.status).toBe("READY");
    expect([ready.width, ready.height]).toEqual([768, 1024]);
    const served = await fetch(ready.url!);
    expect(served.status).toBe(200);
    expect((await sharp(Buffer.from(await served.arrayBuffer())).metadata()).width).toBe(768);

    const during = await catalog.listProductMedia(productId);
    expect(during.map((m) => m.id)).toEqual([...before.map((m) => m.id), attached.mediaId]);
    expect(during.at(-1)?.alt).toBe(alt);

    expect(await catalog.deleteMedia([attached.mediaId])).toEqual([attached.mediaId]);
    const after = await catalog.listProductMedia(productId);
    expect(after.map((m) => m.id)).toEqual(before.map((m) => m.id));
    const [gone] = await catalog.mediaStatus([attached.mediaId]);
    expect(gone.exists).toBe(false);
  });

  it("GIVEN two images attached to one product WHEN attached THEN each call returns its own media id", async () => {
    const catalog = catalogFor(api);
    const productId = productGid(1016);
    const bytes = await resultImage();
    const a = await catalog.attachImage({ productId, bytes, filename: "a.jpg", mimeType: "image/jpeg", alt: `${FITTING_ROOM_ALT_MARKER}: Oxford Shirt (image 1)` });
    const b = await catalog.attachImage({ productId, bytes, filename: "b.jpg", mimeType: "image/jpeg", alt: `${FITTING_ROOM_ALT_MARKER}: Oxford Shirt (image 2)` });
    expect(a.mediaId).not.toBe(b.mediaId);
    const media = await catalog.listProductMedia(productId);
    expect(media.filter((m) => m.alt?.startsWith(FITTING_ROOM_ALT_MARKER)).map((m) => m.id)).toEqual([a.mediaId, b.mediaId]);
    await catalog.deleteMedia([a.mediaId, b.mediaId]);
  });

  it("GIVEN an attached image WHEN it is detached from the product THEN the product no longer shows it but the file still exists", async () => {
    const catalog = catalogFor(api);
    const productId = productGid(1019);
    const attached = await catalog.attachImage({ productId, bytes: await resultImage(), filename: "c.jpg", mimeType: "image/jpeg", alt: `${FITTING_ROOM_ALT_MARKER}: detach test` });
    // Shopify refuses fileUpdate on a file that is not READY yet (NON_READY_STATE).
    await catalog.waitForMedia([attached.mediaId], { pollMs: 20 });
    await catalog.detachMedia(productId, [attached.mediaId]);
    expect((await catalog.listProductMedia(productId)).map((m) => m.id)).not.toContain(attached.mediaId);
    const [status] = await catalog.mediaStatus([attached.mediaId]);
    expect(status.exists).toBe(true);
    await catalog.deleteMedia([attached.mediaId]);
  });

  it("GIVEN a media id that does not exist WHEN it is deleted THEN Shopify's user error is raised", async () => {
    const catalog = catalogFor(api);
    await expect(catalog.deleteMedia(["gid://shopify/MediaImage/999999"])).rejects.toBeInstanceOf(CatalogUserError);
  });

  it("GIVEN bytes that are not an image WHEN attached THEN the medium ends FAILED with Shopify's media error", async () => {
    const catalog = catalogFor(api);
    const attached = await catalog.attachImage({ productId: productGid(1020), bytes: new TextEncoder().encode("not an image"), filename: "x.jpg", mimeType: "image/jpeg", alt: `${FITTING_ROOM_ALT_MARKER}: broken` });
    const [status] = await catalog.waitForMedia([attached.mediaId], { pollMs: 20 });
    expect(status.status).toBe("FAILED");
    expect(status.errors[0]?.code).toBe("UNSUPPORTED_IMAGE_FILE_TYPE");
    await catalog.deleteMedia([attached.mediaId]);
  });
});
