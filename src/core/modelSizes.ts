/**
 * Each model family's own size control, judged before anything is sent:
 * - Seedream: `WIDTHxHEIGHT` in pixels with its pixel rule (sizes.ts).
 * - Gemini: an aspect ratio, optionally with a resolution: `16:9`, `16:9@4K` (default `1:1@2K`).
 * - Wan: nothing. Its route documents no size field, so a size given for Wan is refused rather
 *   than silently dropped or sent in a made-up field.
 */
import * as l10n from '@vscode/l10n';
import { SIZE_CONTROL_BY_FAMILY, type ModelFamily, type ModelInfo } from './models';
import { checkSize, DEFAULT_SIZE, formatSize, parseSize, SIZE_PRESETS, type Size } from './sizes';

export const GEMINI_ASPECT_RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'] as const;
export type GeminiAspectRatio = (typeof GEMINI_ASPECT_RATIOS)[number];
export const GEMINI_IMAGE_SIZES = ['1K', '2K', '4K'] as const;
export type GeminiImageSize = (typeof GEMINI_IMAGE_SIZES)[number];

export const DEFAULT_GEMINI_ASPECT_RATIO: GeminiAspectRatio = '1:1';
export const DEFAULT_GEMINI_IMAGE_SIZE: GeminiImageSize = '2K';

export interface GeminiSize {
  readonly aspectRatio: GeminiAspectRatio;
  readonly imageSize: GeminiImageSize;
}

export const formatGeminiSize = (s: GeminiSize): string => `${s.aspectRatio}@${s.imageSize}`;
export const DEFAULT_GEMINI_SIZE = formatGeminiSize({
  aspectRatio: DEFAULT_GEMINI_ASPECT_RATIO,
  imageSize: DEFAULT_GEMINI_IMAGE_SIZE,
});

/** Long side in pixels of each resolution, for suggestions only. */
const GEMINI_LONG_SIDE: Readonly<Record<GeminiImageSize, number>> = { '1K': 1024, '2K': 2048, '4K': 4096 };

export type ModelSizeCheck =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly message: string; readonly suggestion?: string; readonly limit?: string };

export type GeminiSizeCheck =
  | { readonly ok: true; readonly size: GeminiSize; readonly text: string }
  | { readonly ok: false; readonly message: string; readonly suggestion?: string };

const RATIO_LIST = GEMINI_ASPECT_RATIOS.join(' ');

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

const ratioValue = (r: string): number => {
  const [a = 1, b = 1] = r.split(':').map(Number);
  return a / b;
};

const reduced = (a: number, b: number): string => {
  const g = gcd(a, b);
  return `${a / g}:${b / g}`;
};

/** The offered ratio equal to a:b (so 32:18 is 16:9, and 7:3 is 21:9), if any. */
function offeredRatio(a: number, b: number): GeminiAspectRatio | undefined {
  const want = reduced(a, b);
  return GEMINI_ASPECT_RATIOS.find((r) => {
    const [x = 0, y = 0] = r.split(':').map(Number);
    return reduced(x, y) === want;
  });
}

const isImageSize = (s: string): s is GeminiImageSize => (GEMINI_IMAGE_SIZES as readonly string[]).includes(s);

/** The offered aspect ratio nearest to width/height (compared on a log scale, so 2:1 is as far from 1:1 as 1:2). */
export function nearestAspectRatio(width: number, height: number): GeminiAspectRatio {
  const target = Math.log(width / height);
  let best: GeminiAspectRatio = DEFAULT_GEMINI_ASPECT_RATIO;
  for (const r of GEMINI_ASPECT_RATIOS) {
    if (Math.abs(Math.log(ratioValue(r)) - target) < Math.abs(Math.log(ratioValue(best)) - target)) best = r;
  }
  return best;
}

/** The Gemini size closest to a pixel size, for people who write 2560x1440 out of habit. */
export function geminiSizeFor(size: Size): GeminiSize {
  const long = Math.log2(Math.max(size.width, size.height));
  let imageSize: GeminiImageSize = '1K';
  for (const s of GEMINI_IMAGE_SIZES) {
    if (Math.abs(Math.log2(GEMINI_LONG_SIDE[s]) - long) < Math.abs(Math.log2(GEMINI_LONG_SIDE[imageSize]) - long))
      imageSize = s;
  }
  return { aspectRatio: nearestAspectRatio(size.width, size.height), imageSize };
}

const GEMINI_PATTERN = /^(\d{1,5}):(\d{1,5})(?:@(.*))?$/;

/** `RATIO` or `RATIO@RES`, e.g. `16:9` (at the default 2K) or `16:9@4K`; an equal ratio (`32:18`) counts as the offered one, `4k` as `4K`. */
export function checkGeminiSize(text: string): GeminiSizeCheck {
  const trimmed = text.trim();
  const m = GEMINI_PATTERN.exec(trimmed);
  if (!m?.[1] || !m[2]) {
    const pixels = parseSize(trimmed);
    if (pixels) {
      const s = formatGeminiSize(geminiSizeFor(pixels));
      return {
        ok: false,
        message: l10n.t(
          'Gemini models take an aspect ratio and a resolution, not pixels: for {0} write {1} (aspect ratios {2}; resolutions 1K, 2K, 4K).',
          formatSize(pixels),
          s,
          RATIO_LIST,
        ),
        suggestion: s,
      };
    }
    return {
      ok: false,
      message: l10n.t(
        '"{0}" is not a Gemini size: write an aspect ratio, optionally with a resolution, for example 16:9 or 16:9@4K (aspect ratios {1}; resolutions 1K, 2K, 4K; default {2}).',
        text,
        RATIO_LIST,
        DEFAULT_GEMINI_SIZE,
      ),
      suggestion: DEFAULT_GEMINI_SIZE,
    };
  }
  const a = Number(m[1]);
  const b = Number(m[2]);
  const res = m[3] === undefined ? DEFAULT_GEMINI_IMAGE_SIZE : m[3].toUpperCase();
  if (a < 1 || b < 1) {
    return {
      ok: false,
      message: l10n.t('"{0}" is not an aspect ratio: use one of {1}.', text, RATIO_LIST),
      suggestion: DEFAULT_GEMINI_SIZE,
    };
  }
  const ratio = offeredRatio(a, b);
  if (!ratio) {
    const near = nearestAspectRatio(a, b);
    const s = `${near}@${isImageSize(res) ? res : DEFAULT_GEMINI_IMAGE_SIZE}`;
    return {
      ok: false,
      message: l10n.t(
        '{0} is not an aspect ratio Gemini offers: use one of {1} (the closest is {2}, e.g. {3}).',
        `${a}:${b}`,
        RATIO_LIST,
        near,
        s,
      ),
      suggestion: s,
    };
  }
  if (!isImageSize(res)) {
    const s = `${ratio}@${DEFAULT_GEMINI_IMAGE_SIZE}`;
    return {
      ok: false,
      message: l10n.t('"{0}" is not a Gemini resolution: use 1K, 2K or 4K, for example {1}@4K.', m[3] ?? '', ratio),
      suggestion: s,
    };
  }
  const size: GeminiSize = { aspectRatio: ratio, imageSize: res };
  return { ok: true, size, text: formatGeminiSize(size) };
}

/** Seedream's rule, plus a pointer for those who write a Gemini-style ratio. */
function checkSeedreamSize(text: string): ModelSizeCheck {
  const ratio = /^\s*(\d{1,5}:\d{1,5})(?:@\w*)?\s*$/.exec(text)?.[1];
  if (ratio) {
    const preset = SIZE_PRESETS.find((p) => p.ratio === ratio);
    const s = preset ? formatSize(preset) : DEFAULT_SIZE;
    return {
      ok: false,
      message: preset
        ? l10n.t(
            'Seedream takes WIDTHxHEIGHT in pixels, not an aspect ratio: for {0} try {1} (at least 3,686,400 pixels in all).',
            ratio,
            s,
          )
        : l10n.t(
            'Seedream takes WIDTHxHEIGHT in pixels, not an aspect ratio: for example {0} (at least 3,686,400 pixels in all).',
            s,
          ),
      suggestion: s,
    };
  }
  const r = checkSize(text);
  return r.ok ? { ok: true, text: r.text } : r;
}

function checkWanSize(model: ModelInfo, text: string | undefined): ModelSizeCheck {
  if (text === undefined || text.trim() === '') return { ok: true, text: '' };
  return {
    ok: false,
    message: l10n.t(
      '{0} ({1}) has no size setting: its route (POST /chat/completions) documents none, so the size "{2}" cannot be honoured. Leave the size out and the provider picks it.',
      model.label,
      model.id,
      text,
    ),
  };
}

/** The size a family uses when none is given; undefined where the family has no size control. */
export function defaultSizeFor(family: ModelFamily): string | undefined {
  switch (SIZE_CONTROL_BY_FAMILY[family]) {
    case 'pixels':
      return DEFAULT_SIZE;
    case 'aspect-ratio-and-resolution':
      return DEFAULT_GEMINI_SIZE;
    case 'none':
      return undefined;
  }
}

/** Judges `text` (or the family default when undefined) by the model's own rules; `text` of the result is canonical. */
export function checkModelSize(model: ModelInfo, text: string | undefined): ModelSizeCheck {
  switch (SIZE_CONTROL_BY_FAMILY[model.family]) {
    case 'pixels':
      return checkSeedreamSize(text ?? DEFAULT_SIZE);
    case 'aspect-ratio-and-resolution': {
      const r = checkGeminiSize(text ?? DEFAULT_GEMINI_SIZE);
      return r.ok ? { ok: true, text: r.text } : r;
    }
    case 'none':
      return checkWanSize(model, text);
  }
}

/** A canonical size as a person reads it: "2048x2048", "16:9 at 2K", or "" (Wan: no size). */
export function describeSize(family: ModelFamily, size: string): string {
  if (SIZE_CONTROL_BY_FAMILY[family] !== 'aspect-ratio-and-resolution') return size;
  const r = checkGeminiSize(size);
  return r.ok ? l10n.t('{0} at {1}', r.size.aspectRatio, r.size.imageSize) : size;
}

/** The same, always in English: for text meant for a language model (agentSummary.ts). */
export function describeSizeInEnglish(family: ModelFamily, size: string): string {
  if (SIZE_CONTROL_BY_FAMILY[family] !== 'aspect-ratio-and-resolution') return size;
  const r = checkGeminiSize(size);
  return r.ok ? `${r.size.aspectRatio} at ${r.size.imageSize}` : size;
}
