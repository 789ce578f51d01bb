// Independent readers of what the converter wrote: container walks over the file's bytes, not
// sharp, so a test proves that any XMP-aware tool would find the record where the formats put it.
import { findXmp } from '../../src/core/convert/xmp';

const ascii = (b: Uint8Array, at: number, len: number): string => String.fromCharCode(...b.subarray(at, at + len));

/** WebP: the RIFF 'XMP ' chunk, announced by the VP8X XMP flag (0x04). */
export function webpXmp(b: Uint8Array): string | undefined {
  if (ascii(b, 0, 4) !== 'RIFF' || ascii(b, 8, 4) !== 'WEBP') throw new Error('not a WebP');
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let flags = 0;
  for (let at = 12; at + 8 <= b.length;) {
    const type = ascii(b, at, 4);
    const len = v.getUint32(at + 4, true);
    if (type === 'VP8X') flags = b[at + 8] ?? 0;
    if (type === 'XMP ') {
      if (!(flags & 0x04)) throw new Error('XMP chunk without the VP8X XMP flag');
      return new TextDecoder().decode(b.subarray(at + 8, at + 8 + len));
    }
    at += 8 + len + (len & 1);
  }
  return undefined;
}

/** JPEG: the APP1 segment that starts with the XMP namespace. */
export function jpegXmp(b: Uint8Array): string | undefined {
  const NS = 'http://ns.adobe.com/xap/1.0/\0';
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b[0] !== 0xff || b[1] !== 0xd8) throw new Error('not a JPEG');
  for (let at = 2; at + 4 <= b.length;) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1] ?? 0;
    if (marker === 0xda) return undefined; // start of scan: no metadata after it
    const len = v.getUint16(at + 2);
    if (marker === 0xe1 && ascii(b, at + 4, NS.length) === NS)
      return new TextDecoder().decode(b.subarray(at + 4 + NS.length, at + 2 + len));
    at += 2 + len;
  }
  return undefined;
}

/** AVIF (HEIF): an item of type 'mime' declared as application/rdf+xml, and the packet itself. */
export function avifXmp(b: Uint8Array): string | undefined {
  if (ascii(b, 4, 4) !== 'ftyp') throw new Error('not ISO BMFF');
  const text = ascii(b, 0, Math.min(b.length, 4096));
  if (!/infe[\s\S]{0,16}mime\0[\s\S]{0,4}application\/rdf\+xml/.test(text)) return undefined;
  return findXmp(b);
}

/** AVIF's image spatial extents ('ispe' property): width and height. */
export function avifSize(b: Uint8Array): { width: number; height: number } | undefined {
  const at = ascii(b, 0, Math.min(b.length, 4096)).indexOf('ispe');
  if (at < 0) return undefined;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { width: v.getUint32(at + 8), height: v.getUint32(at + 12) };
}
