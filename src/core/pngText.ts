/**
 * PNG text chunks, so an image found later still says how it was made. Chunks go right after
 * IHDR (the PNG spec allows text anywhere between IHDR and IEND); plain ASCII text is written
 * as tEXt, anything else as uncompressed iTXt (UTF-8). Pure: no vscode, no node APIs.
 */
import type { AnnotateInfo } from './generate';

export interface PngText {
  readonly keyword: string;
  readonly text: string;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const IHDR_END = 8 + 4 + 4 + 13 + 4; // signature, length, type, 13 data bytes, CRC

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 as PNG uses it (ISO 3309), over `bytes`. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export const isPng = (b: Uint8Array): boolean => b.length >= 8 && SIGNATURE.every((v, i) => b[i] === v);

function latin1Text(b: Uint8Array): string {
  let s = '';
  for (const c of b) s += String.fromCharCode(c);
  return s;
}

const ascii = (b: Uint8Array, at: number, len: number): string => latin1Text(b.subarray(at, at + len));

/** Keywords are 1-79 Latin-1 printable characters, without leading, trailing or double spaces. */
export function checkKeyword(keyword: string): string | undefined {
  if (keyword.length < 1 || keyword.length > 79)
    return `a PNG text keyword has 1 to 79 characters, "${keyword}" has ${keyword.length}`;
  if (!/^[\x20-\x7e\xa1-\xff]+$/.test(keyword))
    return `the PNG text keyword "${keyword}" has characters outside printable Latin-1`;
  if (/^ | $| {2}/.test(keyword)) return `the PNG text keyword "${keyword}" has leading, trailing or double spaces`;
  return undefined;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** tEXt for plain ASCII (what every reader shows), iTXt (UTF-8, uncompressed, no language) otherwise. */
export function textChunk(entry: PngText): Uint8Array {
  const problem = checkKeyword(entry.keyword);
  if (problem) throw new Error(problem);
  const key = latin1(entry.keyword);
  if (/^[\x20-\x7e\n]*$/.test(entry.text)) {
    const text = latin1(entry.text);
    const data = new Uint8Array(key.length + 1 + text.length);
    data.set(key, 0);
    data.set(text, key.length + 1);
    return chunk('tEXt', data);
  }
  const text = new TextEncoder().encode(entry.text);
  // keyword NUL, compression flag 0, method 0, empty language tag NUL, empty translated keyword NUL
  const data = new Uint8Array(key.length + 5 + text.length);
  data.set(key, 0);
  data.set(text, key.length + 5);
  return chunk('iTXt', data);
}

/** Where IHDR ends, after checking the signature and that IHDR comes first as the spec demands. */
function ihdrEnd(png: Uint8Array): number {
  if (!isPng(png)) throw new Error('not a PNG (bad signature)');
  if (
    png.length < IHDR_END + 12 ||
    ascii(png, 12, 4) !== 'IHDR' ||
    new DataView(png.buffer, png.byteOffset, png.byteLength).getUint32(8) !== 13
  ) {
    throw new Error('not a PNG (IHDR missing or malformed)');
  }
  return IHDR_END;
}

/** A copy of `png` with the text chunks inserted after IHDR; throws on a malformed PNG or keyword. */
export function addPngText(png: Uint8Array, entries: readonly PngText[]): Uint8Array {
  const at = ihdrEnd(png);
  const chunks = entries.map(textChunk);
  const out = new Uint8Array(png.length + chunks.reduce((n, c) => n + c.length, 0));
  out.set(png.subarray(0, at), 0);
  let o = at;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  out.set(png.subarray(at), o);
  return out;
}

/**
 * The tEXt and uncompressed iTXt entries of a PNG, in file order. Chunks with a wrong CRC or
 * running past the end stop the walk: what was read before them is returned.
 */
export function readPngText(png: Uint8Array): PngText[] {
  if (!isPng(png)) return [];
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: PngText[] = [];
  let at = 8;
  while (at + 12 <= png.length) {
    const len = view.getUint32(at);
    const type = ascii(png, at + 4, 4);
    const end = at + 12 + len;
    if (end > png.length || crc32(png.subarray(at + 4, at + 8 + len)) !== view.getUint32(at + 8 + len)) break;
    const data = png.subarray(at + 8, at + 8 + len);
    const nul = data.indexOf(0);
    if (nul > 0 && type === 'tEXt') {
      out.push({ keyword: ascii(data, 0, nul), text: latin1Text(data.subarray(nul + 1)) });
    } else if (nul > 0 && type === 'iTXt' && data[nul + 1] === 0) {
      const lang = data.indexOf(0, nul + 3);
      const translated = lang < 0 ? -1 : data.indexOf(0, lang + 1);
      if (translated >= 0)
        out.push({ keyword: ascii(data, 0, nul), text: new TextDecoder().decode(data.subarray(translated + 1)) });
    }
    if (type === 'IEND') break;
    at = end;
  }
  return out;
}

/** The keyword holding the machine-readable record (JSON) of a generation. */
export const GENERATION_KEYWORD = 'AIsa:Generation';

/** What a generated PNG says about itself: the PNG spec's own keywords plus one JSON record. */
export function generationText(info: AnnotateInfo): PngText[] {
  const { request, result } = info;
  const record = {
    prompt: request.prompt,
    model: request.model,
    size: request.size,
    n: request.n,
    index: info.index,
    created: info.created.toISOString(),
    ...(result.requestId ? { requestId: result.requestId } : {}),
    // The names of the images it was edited or composed from (never their paths or bytes).
    ...(request.references?.length ? { references: request.references.map((r) => r.name) } : {}),
  };
  return [
    { keyword: 'Description', text: request.prompt },
    { keyword: 'Software', text: 'AIsa Images' },
    { keyword: 'Source', text: request.model },
    { keyword: 'Creation Time', text: info.created.toUTCString() },
    { keyword: GENERATION_KEYWORD, text: JSON.stringify(record) },
  ];
}

/**
 * The save path's annotate hook: PNGs get their text chunks, other types pass through, and a
 * PNG that cannot be annotated is saved as it came (it has been paid for).
 */
export function annotateGeneratedImage(bytes: Uint8Array, info: AnnotateInfo): Uint8Array {
  if (info.mime !== 'image/png') return bytes;
  try {
    return addPngText(bytes, generationText(info));
  } catch {
    return bytes;
  }
}
