import * as l10n from '@vscode/l10n';
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
      message: l10n.t('"{0}" is not a size: write WIDTHxHEIGHT in pixels, for example 2048x2048.', text),
      suggestion: '2048x2048',
    };
  }
  const px = pixelCount(size);
  if (px < min || px > max) {
    // The suggestion keeps the aspect ratio, so it is the only example given (a fixed one such as
    // 1920x1920 would repeat it for square sizes and mislead for the others).
    const s = formatSize(suggestSize(size, min, max));
    const shown = formatSize(size);
    return {
      ok: false,
      message:
        px > max
          ? l10n.t(
              '{0} is {1} pixels; the maximum is {2}. At the same aspect ratio, try {3}.',
              shown,
              formatPixels(px),
              formatPixels(max),
              s,
            )
          : px === 1
            ? l10n.t(
                '{0} is 1 pixel; the minimum is {1}. At the same aspect ratio, try {2}.',
                shown,
                formatPixels(min),
                s,
              )
            : l10n.t(
                '{0} is {1} pixels; the minimum is {2}. At the same aspect ratio, try {3}.',
                shown,
                formatPixels(px),
                formatPixels(min),
                s,
              ),
      suggestion: s,
      limit:
        px < min
          ? l10n.t('Below the minimum of {0} pixels.', formatPixels(min))
          : l10n.t('Above the maximum of {0} pixels.', formatPixels(max)),
    };
  }
  return { ok: true, size, text: formatSize(size) };
}

/**
 * A person's name for an aspect ratio (Seedream's presets and Gemini's ratios), translated when
 * asked for: at a module's top level the translations are not configured yet.
 */
export function ratioName(ratio: string): string | undefined {
  switch (ratio) {
    case '1:1':
      return l10n.t('Square');
    case '4:3':
      return l10n.t('Landscape');
    case '3:4':
      return l10n.t('Portrait');
    case '16:9':
      return l10n.t('Widescreen');
    case '9:16':
      return l10n.t('Vertical');
    case '3:2':
      return l10n.t('Photo');
    case '2:3':
      return l10n.t('Photo portrait');
    case '21:9':
      return l10n.t('Ultrawide');
    case '4:5':
      return l10n.t('Social portrait');
    case '5:4':
      return l10n.t('Large format');
    default:
      return undefined;
  }
}

const preset = (ratio: string, width: number, height: number): SizePreset => ({
  ratio,
  width,
  height,
  get label() {
    return ratioName(ratio) ?? ratio;
  },
});

/** One preset per common aspect ratio, each just above the minimum with round numbers. */
export const SIZE_PRESETS: readonly SizePreset[] = [
  preset('1:1', 2048, 2048),
  preset('4:3', 2304, 1728),
  preset('3:4', 1728, 2304),
  preset('16:9', 2560, 1440),
  preset('9:16', 1440, 2560),
  preset('3:2', 2400, 1600),
  preset('2:3', 1600, 2400),
  preset('21:9', 3024, 1296),
];

export const DEFAULT_SIZE = '2048x2048';
