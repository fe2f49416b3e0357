import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { embedXmp } from "./xmp-embed";
import { provenanceXmp, readProvenance, TRAINED_ALGORITHMIC_MEDIA, withProvenance } from "./provenance";

const picture = () =>
  sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="120" height="160"><rect width="120" height="160" fill="#e8e4dc"/><circle cx="60" cy="70" r="40" fill="#1f3a6e"/></svg>`));
const pixels = async (bytes: Uint8Array) => (await sharp(bytes).raw().toBuffer()).toString("base64");
const xmp = provenanceXmp({ description: "Model wearing the navy shirt" });

describe("embedXmp (provenance without re-encoding)", () => {
  it("GIVEN a PNG result WHEN the XMP is spliced in THEN readers find it and every pixel is unchanged", async () => {
    const png = await picture().png().toBuffer();
    const out = embedXmp(png, xmp)!;
    expect(out).not.toBeNull();
    expect((await sharp(out).metadata()).format).toBe("png");
    expect((await readProvenance(out)).digitalSourceType).toBe(TRAINED_ALGORITHMIC_MEDIA);
    expect(await pixels(out)).toBe(await pixels(png));
  });

  it("GIVEN a JPEG with Exif WHEN the XMP is spliced in THEN the compressed image data is byte-for-byte the same and Exif stays", async () => {
    const jpeg = await picture().jpeg({ quality: 80 }).withExif({ IFD0: { Copyright: "Provider" } }).toBuffer();
    const out = embedXmp(jpeg, xmp)!;
    const scan = (b: Buffer) => b.subarray(b.indexOf(Buffer.from([0xff, 0xda])));
    expect(scan(out).equals(scan(jpeg))).toBe(true);
    const meta = await sharp(out).metadata();
    expect(meta.exif).toBeDefined();
    expect((await readProvenance(out)).credit).toMatch(/Fitting Room/);
  });

  it("GIVEN an image that already carries XMP WHEN ours is spliced in THEN only ours is left", async () => {
    for (const encoded of [await picture().png().withXmp(provenanceXmp({ description: "old", credit: "Provider AI" })).toBuffer(), await picture().jpeg().withXmp(provenanceXmp({ description: "old", credit: "Provider AI" })).toBuffer()]) {
      const out = embedXmp(encoded, xmp)!;
      const read = await readProvenance(out);
      expect(read.credit).toMatch(/Fitting Room/);
      expect(read.xmp).not.toContain("Provider AI");
      expect(out.toString("latin1")).not.toContain("Provider AI");
    }
  });

  it("GIVEN WebP, a truncated PNG or not an image WHEN asked THEN it declines (the caller re-encodes)", async () => {
    const png = await picture().png().toBuffer();
    expect(embedXmp(await picture().webp().toBuffer(), xmp)).toBeNull();
    expect(embedXmp(png.subarray(0, png.length - 20), xmp)).toBeNull();
    expect(embedXmp(Buffer.from("not an image at all"), xmp)).toBeNull();
  });

  it("GIVEN a WebP result WHEN provenance is added THEN sharp re-encodes it as WebP with the XMP", async () => {
    const marked = await withProvenance(await picture().webp().toBuffer(), "image/webp", { description: "Model wearing the navy shirt" });
    expect(marked.mimeType).toBe("image/webp");
    expect((await readProvenance(marked.bytes)).digitalSourceType).toBe(TRAINED_ALGORITHMIC_MEDIA);
  });
});
