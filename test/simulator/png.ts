// Real, decodable PNGs for the simulator: clients are tested against the bytes they will
// actually write to disk, so a fake "PNG-looking" blob would hide decoding and size bugs.
import { deflateSync } from 'node:zlib';
import { photoPixels } from './photo';

export type ImageMode = 'pattern' | 'noise' | 'photo';

export interface EncodeOptions {
  mode?: ImageMode;
  seed?: number;
  text?: Record<string, string>;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const FILTER_NONE = 0;
const FILTER_UP = 2;

// Slicing-by-8 tables: a plain byte-at-a-time CRC made the 12 MB noise image twice as slow.
const CRC_TABLE = (() => {
  const table = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 8; k++) {
      const prev = table[(k - 1) * 256 + n] ?? 0;
      table[k * 256 + n] = (prev >>> 8) ^ (table[prev & 0xff] ?? 0);
    }
  }
  return table;
})();

function crc32(b: Uint8Array, start: number, end: number): number {
  const t = CRC_TABLE;
  let c = 0xffffffff;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    c ^= (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16) | ((b[i + 3] ?? 0) << 24);
    const hi = (b[i + 4] ?? 0) | ((b[i + 5] ?? 0) << 8) | ((b[i + 6] ?? 0) << 16) | ((b[i + 7] ?? 0) << 24);
    c =
      (t[1792 + (c & 0xff)] ?? 0) ^
      (t[1536 + ((c >>> 8) & 0xff)] ?? 0) ^
      (t[1280 + ((c >>> 16) & 0xff)] ?? 0) ^
      (t[1024 + (c >>> 24)] ?? 0) ^
      (t[768 + (hi & 0xff)] ?? 0) ^
      (t[512 + ((hi >>> 8) & 0xff)] ?? 0) ^
      (t[256 + ((hi >>> 16) & 0xff)] ?? 0) ^
      (t[hi >>> 24] ?? 0);
  }
  for (; i < end; i++) c = (t[(c ^ (b[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Hash the seed so neighbouring seeds (1, 2, 3 ...) still give visibly different tints. */
function mix(seed: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Every channel is t + a(x) + b(y), so with the Up filter each row after the first is one
 * repeated 3-byte delta: deflate then has almost nothing to do, which keeps 4K images fast.
 * The seed picks each channel's offset and slopes, so images from one request look different.
 */
function patternScanlines(width: number, height: number, seed: number): Buffer {
  const t: number[] = [],
    ax: number[] = [],
    by: number[] = [];
  for (let c = 0; c < 3; c++) {
    const h = mix(seed * 3 + c);
    ax[c] = h % 160;
    by[c] = (h >>> 8) % (200 - (ax[c] ?? 0));
    t[c] = (h >>> 16) % 56;
  }
  const [t0 = 0, t1 = 0, t2 = 0] = t,
    [a0 = 0, a1 = 0, a2 = 0] = ax,
    [b0 = 0, b1 = 0, b2 = 0] = by;
  const stride = width * 3 + 1;
  const raw = Buffer.allocUnsafe(stride * height);
  raw[0] = FILTER_NONE;
  for (let x = 0, o = 1; x < width; x++, o += 3) {
    raw[o] = t0 + Math.floor((a0 * x) / width);
    raw[o + 1] = t1 + Math.floor((a1 * x) / width);
    raw[o + 2] = t2 + Math.floor((a2 * x) / width);
  }
  const delta = Buffer.alloc(3);
  const step = (b: number, y: number): number => Math.floor((b * y) / height) - Math.floor((b * (y - 1)) / height);
  for (let y = 1; y < height; y++) {
    const o = y * stride;
    raw[o] = FILTER_UP;
    delta[0] = step(b0, y);
    delta[1] = step(b1, y);
    delta[2] = step(b2, y);
    raw.fill(delta, o + 1, o + stride);
  }
  return raw;
}

/** xorshift32 over whole words: the benchmark needs ~12 MB of noise in a few milliseconds. */
function noiseScanlines(width: number, height: number, seed: number): Buffer {
  const stride = width * 3 + 1;
  const length = stride * height;
  const words = new Uint32Array(Math.ceil(length / 4));
  let s = mix(seed) || 1;
  for (let i = 0; i < words.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    words[i] = s;
  }
  const raw = Buffer.from(words.buffer, 0, length);
  for (let y = 0; y < height; y++) raw[y * stride] = FILTER_NONE;
  return raw;
}

const FILTER_SUB = 1;

/** photo.ts's content, each row Sub-filtered (what PNG encoders pick for photographs). */
function photoScanlines(width: number, height: number, seed: number): Buffer {
  const px = photoPixels(width, height, seed);
  const stride = width * 3 + 1;
  const raw = Buffer.allocUnsafe(stride * height);
  for (let y = 0; y < height; y++) {
    const o = y * stride;
    const p = y * width * 3;
    raw[o] = FILTER_SUB;
    for (let i = 0; i < width * 3; i++)
      raw[o + 1 + i] = ((px[p + i] ?? 0) - (i >= 3 ? (px[p + i - 3] ?? 0) : 0)) & 0xff;
  }
  return raw;
}

function textChunkData(key: string, value: string): Buffer {
  if (key.length < 1 || key.length > 79) throw new RangeError(`tEXt keyword must be 1-79 characters: ${key}`);
  return Buffer.concat([Buffer.from(key, 'latin1'), Buffer.from([0]), Buffer.from(value, 'latin1')]);
}

function writeChunk(out: Buffer, offset: number, type: string, data: Uint8Array): number {
  out.writeUInt32BE(data.length, offset);
  out.write(type, offset + 4, 'ascii');
  out.set(data, offset + 8);
  out.writeUInt32BE(crc32(out, offset + 4, offset + 8 + data.length), offset + 8 + data.length);
  return offset + 12 + data.length;
}

function encodeUncached(
  width: number,
  height: number,
  mode: ImageMode,
  seed: number,
  text: Record<string, string>,
): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`invalid PNG size ${width}x${height}`);
  }
  const raw =
    mode === 'noise'
      ? noiseScanlines(width, height, seed)
      : mode === 'photo'
        ? photoScanlines(width, height, seed)
        : patternScanlines(width, height, seed);
  // Level 0 keeps noise at its full size on purpose: the benchmark measures moving big bodies.
  // A photo is deflated as an API's encoder would (level 6), so its PNG weighs what a real one does.
  const idat = deflateSync(raw, { level: mode === 'noise' ? 0 : mode === 'photo' ? 6 : 1 });
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour RGB
  const texts = Object.entries(text).map(([k, v]) => textChunkData(k, v));
  const total = SIGNATURE.length + (12 + 13) + texts.reduce((n, t) => n + 12 + t.length, 0) + (12 + idat.length) + 12;
  const out = Buffer.allocUnsafe(total);
  SIGNATURE.copy(out, 0);
  let at = writeChunk(out, SIGNATURE.length, 'IHDR', ihdr);
  for (const t of texts) at = writeChunk(out, at, 'tEXt', t);
  at = writeChunk(out, at, 'IDAT', idat);
  writeChunk(out, at, 'IEND', new Uint8Array(0));
  return out;
}

// Noise images are ~12 MB each, so the cache is bounded by bytes rather than entries.
const CACHE_BUDGET_BYTES = 256 * 1024 * 1024;
const cache = new Map<string, Buffer>();
let cachedBytes = 0;

export function encodePng(width: number, height: number, opts: EncodeOptions = {}): Buffer {
  const mode = opts.mode ?? 'pattern';
  const seed = opts.seed ?? 0;
  const text = opts.text ?? {};
  const key = `${width}x${height}:${mode}:${seed}:${JSON.stringify(text)}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const png = encodeUncached(width, height, mode, seed, text);
  cache.set(key, png);
  cachedBytes += png.length;
  for (const [k, v] of cache) {
    if (cachedBytes <= CACHE_BUDGET_BYTES || k === key) break;
    cache.delete(k);
    cachedBytes -= v.length;
  }
  return png;
}

/** A PNG signature followed by an IHDR of the given size: enough for sniffers, not a full image. */
export function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const out = Buffer.alloc(SIGNATURE.length + 25);
  SIGNATURE.copy(out, 0);
  writeChunk(out, SIGNATURE.length, 'IHDR', ihdr);
  return out;
}

export function pngSize(buf: Uint8Array): { width: number; height: number } | undefined {
  if (buf.length < 24) return undefined;
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (!b.subarray(0, 8).equals(SIGNATURE) || b.toString('ascii', 12, 16) !== 'IHDR') return undefined;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}
