/** Seedream's pixel rules, and sizes a person can pick without doing arithmetic. */
export const MIN_PIXELS = 3_686_400;
export const MAX_PIXELS = 16_777_216;

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface SizePreset extends Size {
  readonly ratio: string;
  readonly label: string;
}

export type SizeCheck =
  | { readonly ok: true; readonly size: Size; readonly text: string }
  | {
      readonly ok: false;
      /** One self-contained sentence (CLI, input boxes): the size, the broken limit, and the suggestion. */
      readonly message: string;
      readonly suggestion?: string;
      /**
       * Only the broken limit (`Below the minimum of 3,686,400 pixels.`), for a form that already
       * shows the size's pixel count and offers `suggestion` as a button: it would repeat both.
       */
      readonly limit?: string;
    };

const SIZE_PATTERN = /^(\d{1,7})x(\d{1,7})$/;

export const formatSize = (s: Size): string => `${s.width}x${s.height}`;
export const pixelCount = (s: Size): number => s.width * s.height;
export const formatPixels = (n: number): string => n.toLocaleString('en-US');

/** Strict: digits, a lowercase x, digits; nothing else (no spaces, no signs, no units). */
export function parseSize(text: string): Size | undefined {
  const m = SIZE_PATTERN.exec(text);
  if (!m?.[1] || !m[2]) return undefined;
  const width = Number(m[1]);
  const height = Number(m[2]);
  if (width < 1 || height < 1) return undefined;
  return { width, height };
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** The nearest size at the same aspect ratio whose pixel count lands inside [min, max]. */
export function suggestSize(size: Size, min = MIN_PIXELS, max = MAX_PIXELS): Size {
  const g = gcd(size.width, size.height);
  const rw = size.width / g;
  const rh = size.height / g;
  const unit = rw * rh;
  const grow = pixelCount(size) < min;
  const exactK = grow ? Math.ceil(Math.sqrt(min / unit)) : Math.floor(Math.sqrt(max / unit));
  const exact = { width: rw * exactK, height: rh * exactK };
  if (exactK >= 1 && pixelCount(exact) >= min && pixelCount(exact) <= max) return exact;
  // The reduced ratio is too coarse to fit the window exactly: scale and round instead.
  const scale = Math.sqrt((grow ? min : max) / pixelCount(size));
  const round = grow ? Math.ceil : Math.floor;
  return { width: Math.max(1, round(size.width * scale)), height: Math.max(1, round(size.height * scale)) };
}

export function checkSize(text: string, min = MIN_PIXELS, max = MAX_PIXELS): SizeCheck {
  // Strict on purpose: what is sent is exactly what was checked. Input boxes trim before calling.
  const size = parseSize(text);
  if (!size) {
    return {
      ok: false,
      message: `"${text}" is not a size: write WIDTHxHEIGHT in pixels, for example 2048x2048.`,
      suggestion: '2048x2048',
    };
  }
  const px = pixelCount(size);
  if (px < min || px > max) {
    // The suggestion keeps the aspect ratio, so it is the only example given (a fixed one such as
    // 1920x1920 would repeat it for square sizes and mislead for the others).
    const s = formatSize(suggestSize(size, min, max));
    const bound = px < min ? `the minimum is ${formatPixels(min)}` : `the maximum is ${formatPixels(max)}`;
    return {
      ok: false,
      message: `${formatSize(size)} is ${formatPixels(px)} ${px === 1 ? 'pixel' : 'pixels'}; ${bound}. At the same aspect ratio, try ${s}.`,
      suggestion: s,
      limit:
        px < min
          ? `Below the minimum of ${formatPixels(min)} pixels.`
          : `Above the maximum of ${formatPixels(max)} pixels.`,
    };
  }
  return { ok: true, size, text: formatSize(size) };
}

/** One preset per common aspect ratio, each just above the minimum with round numbers. */
export const SIZE_PRESETS: readonly SizePreset[] = [
  { ratio: '1:1', label: 'Square', width: 2048, height: 2048 },
  { ratio: '4:3', label: 'Landscape', width: 2304, height: 1728 },
  { ratio: '3:4', label: 'Portrait', width: 1728, height: 2304 },
  { ratio: '16:9', label: 'Widescreen', width: 2560, height: 1440 },
  { ratio: '9:16', label: 'Vertical', width: 1440, height: 2560 },
  { ratio: '3:2', label: 'Photo', width: 2400, height: 1600 },
  { ratio: '2:3', label: 'Photo portrait', width: 1600, height: 2400 },
  { ratio: '21:9', label: 'Ultrawide', width: 3024, height: 1296 },
];

export const DEFAULT_SIZE = '2048x2048';
