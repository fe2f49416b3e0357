/**
 * Writes an XMP packet into a PNG or JPEG without touching its pixels. Hand-written because the
 * libraries at hand re-encode: sharp's `withXmp` decodes and encodes the whole image (about 12 ms of
 * CPU per 768×1024 result, and a JPEG loses quality each time), and no maintained npm package edits
 * PNG chunks and JPEG segments together. Both containers keep metadata in self-describing blocks, so
 * adding one is a splice:
 * - PNG: an `iTXt` chunk with the keyword `XML:com.adobe.xmp` (XMP spec part 3, §1.1.5), placed right
 *   after `IHDR`; any XMP text chunk already there (iTXt, zTXt or tEXt) is dropped.
 * - JPEG: an APP1 segment starting `http://ns.adobe.com/xap/1.0/\0` (XMP spec part 3, §1.1.3), placed
 *   after the JFIF/Exif segments at the start; any XMP segment already there is dropped.
 * Anything else — or a file that does not parse — returns null, and the caller re-encodes with sharp.
 */
import { crc32 } from "node:zlib";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_XMP_KEYWORD = "XML:com.adobe.xmp";
const JPEG_XMP_HEADER = Buffer.from("http://ns.adobe.com/xap/1.0/\0", "latin1");
/** Largest payload of one JPEG segment (its 2-byte length counts itself). */
const JPEG_SEGMENT_MAX = 65_533;

/** The image with `xmp` embedded, or null when it is neither a well-formed PNG nor JPEG. */
export function embedXmp(bytes: Uint8Array, xmp: string): Buffer | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length > 8 && buf.subarray(0, 8).equals(PNG_SIGNATURE)) return embedInPng(buf, xmp);
  if (buf.length > 4 && buf[0] === 0xff && buf[1] === 0xd8) return embedInJpeg(buf, xmp);
  return null;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

function embedInPng(buf: Buffer, xmp: string): Buffer | null {
  // iTXt: keyword, NUL, compression flag 0, method 0, empty language tag + NUL, empty translated keyword + NUL, UTF-8 text.
  const itxt = pngChunk("iTXt", Buffer.concat([Buffer.from(`${PNG_XMP_KEYWORD}\0\0\0\0\0`, "latin1"), Buffer.from(xmp, "utf8")]));
  const parts: Buffer[] = [PNG_SIGNATURE];
  let offset = 8;
  let sawHeader = false;
  let sawEnd = false;
  while (offset + 12 <= buf.length) {
    const length = buf.readUInt32BE(offset);
    const end = offset + 12 + length;
    if (end > buf.length) return null;
    const type = buf.toString("latin1", offset + 4, offset + 8);
    // libvips writes XMP as a compressed zTXt chunk; others use iTXt or tEXt. Any of them is replaced.
    const isOldXmp = (type === "iTXt" || type === "zTXt" || type === "tEXt") && buf.toString("latin1", offset + 8, offset + 8 + PNG_XMP_KEYWORD.length + 1) === `${PNG_XMP_KEYWORD}\0`;
    if (!isOldXmp) parts.push(buf.subarray(offset, end));
    if (type === "IHDR" && !sawHeader) {
      sawHeader = true;
      parts.push(itxt);
    }
    offset = end;
    if (type === "IEND") {
      sawEnd = true;
      break;
    }
  }
  return sawHeader && sawEnd ? Buffer.concat(parts) : null;
}

function embedInJpeg(buf: Buffer, xmp: string): Buffer | null {
  const payload = Buffer.concat([JPEG_XMP_HEADER, Buffer.from(xmp, "utf8")]);
  if (payload.length > JPEG_SEGMENT_MAX) return null;
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xffe1, 0);
  segment.writeUInt16BE(payload.length + 2, 2);
  const app1 = Buffer.concat([segment, payload]);
  const parts: Buffer[] = [buf.subarray(0, 2)];
  let offset = 2;
  let inserted = false;
  while (offset + 4 <= buf.length) {
    if (buf[offset] !== 0xff) return null;
    const marker = buf[offset + 1];
    // Start of scan: the entropy-coded data follows; everything from here is kept as it is.
    if (marker === 0xda) {
      if (!inserted) parts.push(app1);
      parts.push(buf.subarray(offset));
      return Buffer.concat(parts);
    }
    const length = buf.readUInt16BE(offset + 2);
    const end = offset + 2 + length;
    if (length < 2 || end > buf.length) return null;
    const isApp0OrExif = marker === 0xe0 || (marker === 0xe1 && buf.toString("latin1", offset + 4, offset + 10) === "Exif\0\0");
    const isOldXmp = marker === 0xe1 && buf.subarray(offset + 4, offset + 4 + JPEG_XMP_HEADER.length).equals(JPEG_XMP_HEADER);
    if (!inserted && !isApp0OrExif) {
      parts.push(app1);
      inserted = true;
    }
    if (!isOldXmp) parts.push(buf.subarray(offset, end));
    offset = end;
  }
  return null;
}
