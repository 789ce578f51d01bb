/** What a downloaded file really is, judged by its bytes rather than by what the server claims. */
export type ImageMime = 'image/png' | 'image/jpeg' | 'image/webp';

export interface ImageInfo {
  readonly mime: ImageMime;
  readonly ext: 'png' | 'jpg' | 'webp';
  readonly width: number | undefined;
  readonly height: number | undefined;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean =>
  b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);

const ascii = (b: Uint8Array, at: number, len: number): string => String.fromCharCode(...b.subarray(at, at + len));

/** Enough leading bytes to recognise every supported type. */
/** How a saved image's type is named to people and agents. */
export const TYPE_LABEL: Readonly<Record<string, string>> = {
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/webp': 'WebP',
  'image/avif': 'AVIF',
};

export const SNIFF_BYTES = 16;

export function sniffImageType(b: Uint8Array): ImageMime | undefined {
  if (startsWith(b, PNG_SIGNATURE)) return 'image/png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'image/webp';
  return undefined;
}

export function inspectImage(b: Uint8Array): ImageInfo | undefined {
  const mime = sniffImageType(b);
  if (!mime) return undefined;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const dims = mime === 'image/png' ? pngDims(b, view) : mime === 'image/jpeg' ? jpegDims(b, view) : webpDims(b, view);
  const ext = mime === 'image/png' ? 'png' : mime === 'image/jpeg' ? 'jpg' : 'webp';
  return { mime, ext, width: dims?.[0], height: dims?.[1] };
}

function pngDims(b: Uint8Array, v: DataView): [number, number] | undefined {
  if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') return undefined;
  return [v.getUint32(16), v.getUint32(20)];
}

function jpegDims(b: Uint8Array, v: DataView): [number, number] | undefined {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1] ?? 0;
    const len = v.getUint16(i + 2);
    // SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return [v.getUint16(i + 7), v.getUint16(i + 5)];
    }
    i += 2 + len;
  }
  return undefined;
}

function webpDims(b: Uint8Array, v: DataView): [number, number] | undefined {
  if (b.length < 30) return undefined;
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8X') {
    const w = 1 + ((b[24] ?? 0) | ((b[25] ?? 0) << 8) | ((b[26] ?? 0) << 16));
    const h = 1 + ((b[27] ?? 0) | ((b[28] ?? 0) << 8) | ((b[29] ?? 0) << 16));
    return [w, h];
  }
  if (chunk === 'VP8 ') return [v.getUint16(26, true) & 0x3fff, v.getUint16(28, true) & 0x3fff];
  if (chunk === 'VP8L') {
    const bits = v.getUint32(21, true);
    return [(bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1];
  }
  return undefined;
}

/**
 * AVIF (ISO BMFF with an `ftyp` box naming avif or avis): never accepted from a download, only
 * recognised when saving what the converter wrote.
 */
export function isAvif(b: Uint8Array): boolean {
  if (b.length < 16 || ascii(b, 4, 4) !== 'ftyp') return false;
  const size = Math.min(new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(0), b.length, 64);
  for (let at = 8; at + 4 <= size; at += at === 8 ? 8 : 4) {
    const brand = ascii(b, at, 4);
    if (brand === 'avif' || brand === 'avis') return true;
  }
  return false;
}

/**
 * Whether `b` holds the whole image rather than its first part: a download cut short without a
 * length to compare (a close-delimited body, HTTP/1.0) is otherwise a valid-looking file. PNG:
 * its chunks, by their lengths, lead to IEND; JPEG: it ends with EOI (FF D9), allowing padding
 * after it; WebP: the file is as long as its RIFF header says.
 */
export function isCompleteImage(b: Uint8Array, mime: ImageMime): boolean {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (mime === 'image/png') {
    for (let at = 8; at + 12 <= b.length;) {
      const length = view.getUint32(at);
      if (ascii(b, at + 4, 4) === 'IEND') return true;
      at += 12 + length;
    }
    return false;
  }
  if (mime === 'image/jpeg') {
    let end = b.length;
    while (end > 2 && (b[end - 1] === 0x00 || b[end - 1] === 0xff) && !(b[end - 2] === 0xff && b[end - 1] === 0xd9))
      end--;
    return end >= 4 && b[end - 2] === 0xff && b[end - 1] === 0xd9;
  }
  return b.length >= 12 && b.length >= view.getUint32(4, true) + 8;
}
