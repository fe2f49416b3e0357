/**
 * Machine-readable AI provenance in every result stored in the shop (issue 15.4): an XMP packet with
 * IPTC's digital source type "trainedAlgorithmicMedia" (the IPTC NewsCodes term for images created by
 * a trained model — what Google Images and Meta read as "made with AI"), a credit line naming the app
 * (photoshop:Credit, dc:creator) and a short description. It replaces any XMP the provider left.
 */
import sharp from "./sharp";
import { embedXmp } from "./xmp-embed";

/** The IPTC NewsCodes URI for synthetic media produced by a trained algorithm. */
export const TRAINED_ALGORITHMIC_MEDIA = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";
/** The credit line written into each result. */
export const PROVENANCE_CREDIT = "Fitting Room (AI virtual try-on)";

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The XMP packet: DigitalSourceType, credit, creator and description. */
export function provenanceXmp(o: { description: string; credit?: string }): string {
  const credit = escapeXml(o.credit ?? PROVENANCE_CREDIT);
  const description = escapeXml(o.description.slice(0, 500));
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    Iptc4xmpExt:DigitalSourceType="${TRAINED_ALGORITHMIC_MEDIA}"
    photoshop:Credit="${credit}">
   <dc:creator><rdf:Seq><rdf:li>${credit}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${description}</rdf:li></rdf:Alt></dc:description>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

const FORMATS = { "image/jpeg": "jpeg", "image/png": "png", "image/webp": "webp" } as const;

/**
 * Returns the image with the provenance XMP embedded. PNG and JPEG (what try-on results come as) keep
 * their bytes: the packet is spliced in (xmp-embed.ts), so the provider's pixels reach the shop
 * untouched. Other formats are re-encoded once at high quality by sharp (WebP stays WebP; anything else
 * becomes JPEG).
 */
export async function withProvenance(bytes: Uint8Array, mimeType: string, o: { description: string; credit?: string }): Promise<{ bytes: Uint8Array; mimeType: string }> {
  const xmp = provenanceXmp(o);
  const spliced = embedXmp(bytes, xmp);
  if (spliced) return { bytes: new Uint8Array(spliced.buffer, spliced.byteOffset, spliced.byteLength), mimeType: spliced[0] === 0x89 ? "image/png" : "image/jpeg" };
  const format = FORMATS[mimeType as keyof typeof FORMATS] ?? "jpeg";
  let image = sharp(bytes, { failOn: "error" }).withXmp(xmp);
  image = format === "jpeg" ? image.jpeg({ quality: 92 }) : format === "png" ? image.png() : image.webp({ quality: 92 });
  const out = await image.toBuffer();
  return { bytes: new Uint8Array(out), mimeType: format === "jpeg" ? "image/jpeg" : `image/${format}` };
}

/** Reads the provenance back (tests, support): the source type and credit, or nulls. */
export async function readProvenance(bytes: Uint8Array): Promise<{ digitalSourceType: string | null; credit: string | null; xmp: string | null }> {
  const meta = await sharp(bytes).metadata();
  const xmp = meta.xmp ? Buffer.from(meta.xmp).toString("utf8") : null;
  const attr = (name: string) => (xmp ? (new RegExp(`${name}="([^"]*)"`).exec(xmp)?.[1] ?? null) : null);
  return { digitalSourceType: attr("Iptc4xmpExt:DigitalSourceType"), credit: attr("photoshop:Credit"), xmp };
}
