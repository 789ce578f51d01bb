/**
 * The formats a generated image can be delivered in, their limits and default qualities, judged
 * before anything is sent. Pure: no sharp here, so the extension can check input at activation
 * cost zero.
 */
import * as l10n from '@vscode/l10n';
import { formatPixels, type Size } from '../sizes';

export const OUTPUT_FORMATS = ['png', 'webp', 'jpeg', 'avif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export const DEFAULT_OUTPUT_FORMAT: OutputFormat = 'png';

export type OutputMime = 'image/png' | 'image/webp' | 'image/jpeg' | 'image/avif';

export const FORMAT_MIME: Readonly<Record<OutputFormat, OutputMime>> = {
  png: 'image/png',
  webp: 'image/webp',
  jpeg: 'image/jpeg',
  avif: 'image/avif',
};

/** The extension a file of the format is saved under when no name is given. */
export const FORMAT_EXTENSION: Readonly<Record<OutputFormat, string>> = {
  png: 'png',
  webp: 'webp',
  jpeg: 'jpg',
  avif: 'avif',
};

export const FORMAT_LABEL: Readonly<Record<OutputFormat, string>> = {
  png: 'PNG',
  webp: 'WebP',
  jpeg: 'JPEG',
  avif: 'AVIF',
};

/**
 * Default quality per lossy format, chosen by the benchmark (BENCHMARKS.md, "Web-ready assets"):
 * the lowest that keeps SSIM >= 0.95 on the photographic test image (WebP 12%, JPEG 14%, AVIF
 * 10% of the PNG's bytes). PNG is lossless: quality unused.
 */
export const DEFAULT_QUALITY: Readonly<Record<OutputFormat, number | undefined>> = {
  png: undefined,
  webp: 90,
  jpeg: 91,
  avif: 80,
};

/**
 * Encoder effort: the fastest settings. On the test image, WebP effort 1 is twice as fast as
 * libwebp's default 4 for 1.1% more bytes; AVIF effort 0 five times as fast as 4 (BENCHMARKS.md).
 * Large WebPs take effort 0 (`webpEffort`).
 */
export const ENCODER_EFFORT = { webp: 1, avif: 0 } as const;

/** Above this many delivered pixels a WebP is encoded at effort 0. */
export const WEBP_FAST_ABOVE_PIXELS = 2_000_000;

/**
 * WebP effort for a delivered image of `pixels`. The encode is most of a conversion (on the
 * 4-megapixel test photo: 51 ms of CPU to decode the PNG, about 180 ms to encode at effort 1,
 * about 135 ms at effort 0, with the same SSIM and 3-6% more bytes), so large images take effort
 * 0; small ones keep effort 1, where the encode is short and effort 0 costs a quarter more bytes
 * (a 1200x630 card: 82 KB against 64 KB). BENCHMARKS.md, "Conversion time".
 */
export function webpEffort(pixels: number | undefined): 0 | 1 {
  return pixels !== undefined && pixels > WEBP_FAST_ABOVE_PIXELS ? 0 : ENCODER_EFFORT.webp;
}

/** Largest side each encoder can write (libwebp 16383; JPEG's 16-bit header, libjpeg 65500; AVIF via libheif/aom 16384 by default). */
export const MAX_SIDE: Readonly<Record<OutputFormat, number>> = {
  png: 100_000,
  webp: 16_383,
  jpeg: 65_500,
  avif: 16_384,
};
/** Beyond this a conversion would need gigabytes of memory: refused for every format. */
export const MAX_OUTPUT_PIXELS = 268_402_689; // sharp's default limitInputPixels (0x3FFF * 0x3FFF)

const EXTENSION_FORMAT: Readonly<Record<string, OutputFormat>> = {
  png: 'png',
  webp: 'webp',
  jpg: 'jpeg',
  jpeg: 'jpeg',
  jfif: 'jpeg',
  avif: 'avif',
};

/** The format a file name asks for, from its extension (`hero.webp` -> webp, `a.JPG` -> jpeg), or undefined. */
export function formatFromName(name: string): OutputFormat | undefined {
  const ext = /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase();
  return ext === undefined ? undefined : EXTENSION_FORMAT[ext];
}

export const isOutputFormat = (s: string): s is OutputFormat => (OUTPUT_FORMATS as readonly string[]).includes(s);

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** `webp`, `WebP`, `jpg` (as jpeg): one of the four, or one sentence saying which are. */
export function checkFormat(text: string): Checked<OutputFormat> {
  const t = text.trim().toLowerCase();
  const f = t === 'jpg' ? 'jpeg' : t;
  if (isOutputFormat(f)) return { ok: true, value: f };
  return { ok: false, message: l10n.t('"{0}" is not an output format: use png, webp, jpeg or avif.', text) };
}

/** A whole number from 1 to 100; PNG takes none. */
export function checkQuality(text: string, format: OutputFormat): Checked<number> {
  if (!/^\d{1,3}$/.test(text.trim()) || Number(text) < 1 || Number(text) > 100) {
    return { ok: false, message: l10n.t('The quality must be a whole number from 1 to 100, not "{0}".', text) };
  }
  if (format === 'png')
    return {
      ok: false,
      message: l10n.t('PNG is lossless and takes no quality: leave the quality out, or choose webp, jpeg or avif.'),
    };
  return { ok: true, value: Number(text) };
}

/** The quality used: the one asked for, else the format's default (undefined for PNG). */
export const qualityFor = (format: OutputFormat, asked?: number): number | undefined =>
  format === 'png' ? undefined : (asked ?? DEFAULT_QUALITY[format]);

const DIMENSIONS = /^(\d{1,6})x(\d{1,6})$/;

/**
 * An exact delivery size `WxH` (`--resize`, the palette's "Exact size…"): both sides at least 1,
 * within what the format can hold. One sentence when not.
 */
export function checkDeliverySize(text: string, format: OutputFormat): Checked<Size> {
  const m = DIMENSIONS.exec(text.trim());
  if (!m?.[1] || !m[2])
    return {
      ok: false,
      message: l10n.t('"{0}" is not a size: write WIDTHxHEIGHT in pixels, for example 1200x630.', text),
    };
  return checkDeliveryDimensions({ width: Number(m[1]), height: Number(m[2]) }, format);
}

export function checkDeliveryDimensions(size: Size, format: OutputFormat): Checked<Size> {
  const { width, height } = size;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    return {
      ok: false,
      message: l10n.t(
        '{0} has a side below 1 pixel: both the width and the height must be at least 1.',
        `${width}x${height}`,
      ),
    };
  }
  const max = MAX_SIDE[format];
  if (width > max || height > max) {
    return {
      ok: false,
      message:
        format === 'png'
          ? l10n.t(
              '{0} is too large for {1}, which holds at most {2} pixels a side: choose a smaller size.',
              `${width}x${height}`,
              FORMAT_LABEL[format],
              formatPixels(max),
            )
          : l10n.t(
              '{0} is too large for {1}, which holds at most {2} pixels a side: choose a smaller size or another format.',
              `${width}x${height}`,
              FORMAT_LABEL[format],
              formatPixels(max),
            ),
    };
  }
  if (width * height > MAX_OUTPUT_PIXELS) {
    return {
      ok: false,
      message: l10n.t(
        '{0} is {1} pixels, above the {2} an image can have here: choose a smaller size.',
        `${width}x${height}`,
        formatPixels(width * height),
        formatPixels(MAX_OUTPUT_PIXELS),
      ),
    };
  }
  return { ok: true, value: { width, height } };
}
