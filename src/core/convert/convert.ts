/**
 * One image's bytes to the delivered file: the format, the exact dimensions (resize, then
 * centre-crop: `fit: cover`), and the generation record inside it (PNG text chunks, XMP for
 * WebP, JPEG and AVIF). The CLI, the extension and the benchmark all convert through here.
 */
import * as l10n from '@vscode/l10n';
import { AisaError } from '../errors';
import { inspectImage } from '../imageType';
import { addPngText, GENERATION_KEYWORD, isPng, type PngText } from '../pngText';
import type { Size } from '../sizes';
import {
  DEFAULT_QUALITY,
  ENCODER_EFFORT,
  FORMAT_EXTENSION,
  FORMAT_MIME,
  qualityFor,
  webpEffort,
  type OutputFormat,
  type OutputMime,
} from './formats';
import { loadSharp } from './sharp';
import { xmpPacket, type ImageRecord } from './xmp';

export interface ConvertOptions {
  readonly format: OutputFormat;
  /** 1-100 for the lossy formats; the format's default when left out. */
  readonly quality?: number | undefined;
  /** Exact delivered dimensions; the source's own when left out. */
  readonly size?: Size | undefined;
  /** Written into the file; nothing when left out. */
  readonly record?: ImageRecord | undefined;
}

export interface ConvertedImage {
  readonly bytes: Uint8Array;
  readonly format: OutputFormat;
  readonly mime: OutputMime;
  readonly ext: string;
  readonly width: number;
  readonly height: number;
}

/** The record as PNG text chunks, with the same keywords pngText.generationText writes. */
export function recordPngText(record: ImageRecord): PngText[] {
  return [
    { keyword: 'Description', text: record.prompt },
    { keyword: 'Software', text: 'AIsa Images' },
    { keyword: 'Source', text: record.model },
    { keyword: 'Creation Time', text: new Date(record.created).toUTCString() },
    { keyword: GENERATION_KEYWORD, text: JSON.stringify(record) },
  ];
}

/** The delivered image's pixels: the asked size, else the source's from its header (no decode); unknown for AVIF input. */
function deliveredPixels(bytes: Uint8Array, size: Size | undefined): number | undefined {
  if (size) return size.width * size.height;
  const info = inspectImage(bytes);
  return info?.width && info.height ? info.width * info.height : undefined;
}

/**
 * Converts `bytes` (PNG, JPEG, WebP or AVIF) as asked. Runs on libvips' threads, off the event
 * loop. Throws AisaError('convert') with one sentence when the bytes cannot be decoded or encoded.
 */
export async function convertImage(bytes: Uint8Array, opts: ConvertOptions): Promise<ConvertedImage> {
  const sharp = loadSharp();
  const { format, size, record } = opts;
  const quality = qualityFor(format, opts.quality);
  try {
    let pipeline = sharp(bytes, { failOn: 'error' });
    if (size) pipeline = pipeline.resize(size.width, size.height, { fit: 'cover', position: 'centre' });
    switch (format) {
      case 'png':
        pipeline = pipeline.png({ compressionLevel: 6, adaptiveFiltering: true });
        break;
      case 'webp':
        pipeline = pipeline.webp({
          quality: quality ?? DEFAULT_QUALITY.webp,
          effort: webpEffort(deliveredPixels(bytes, size)),
        });
        break;
      case 'jpeg':
        // JPEG has no alpha: transparent pixels go white (sharp would otherwise make them black).
        pipeline = pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: quality ?? DEFAULT_QUALITY.jpeg });
        break;
      case 'avif':
        pipeline = pipeline.avif({
          quality: quality ?? DEFAULT_QUALITY.avif,
          effort: ENCODER_EFFORT.avif,
          chromaSubsampling: '4:2:0',
        });
        break;
    }
    if (record && format !== 'png') pipeline = pipeline.withXmp(xmpPacket(record));
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    let out: Uint8Array = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (record && format === 'png' && isPng(out)) out = addPngText(out, recordPngText(record));
    return {
      bytes: out,
      format,
      mime: FORMAT_MIME[format],
      ext: FORMAT_EXTENSION[format],
      width: info.width,
      height: info.height,
    };
  } catch (e) {
    if (e instanceof AisaError) throw e;
    const detail = e instanceof Error ? e.message.split('\n')[0]?.slice(0, 200) : String(e).slice(0, 200);
    throw new AisaError(
      'convert',
      size
        ? l10n.t(
            'The image could not be converted to {0} at {1} ({2}).',
            format.toUpperCase(),
            `${size.width}x${size.height}`,
            detail ?? '',
          )
        : l10n.t('The image could not be converted to {0} ({1}).', format.toUpperCase(), detail ?? ''),
      { cause: e },
    );
  }
}

export const THUMBNAIL_MAX_SIDE = 512;

/**
 * A small rendition for galleries and agent results: at most `maxSide` (<= 512) pixels a side,
 * aspect ratio kept, never enlarged, WebP (default) or JPEG, no metadata.
 */
export async function thumbnail(
  bytes: Uint8Array,
  opts: { format?: 'webp' | 'jpeg'; maxSide?: number } = {},
): Promise<ConvertedImage> {
  const sharp = loadSharp();
  const side = Math.max(1, Math.min(THUMBNAIL_MAX_SIDE, Math.floor(opts.maxSide ?? THUMBNAIL_MAX_SIDE)));
  const format = opts.format ?? 'webp';
  try {
    let pipeline = sharp(bytes, { failOn: 'error' }).resize(side, side, { fit: 'inside', withoutEnlargement: true });
    pipeline = format === 'webp' ? pipeline.webp({ quality: 75, effort: 2 }) : pipeline.jpeg({ quality: 78 });
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    return {
      bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      format,
      mime: FORMAT_MIME[format],
      ext: FORMAT_EXTENSION[format],
      width: info.width,
      height: info.height,
    };
  } catch (e) {
    const detail = e instanceof Error ? e.message.split('\n')[0]?.slice(0, 200) : String(e).slice(0, 200);
    throw new AisaError('convert', l10n.t('A thumbnail could not be made ({0}).', detail ?? ''), { cause: e });
  }
}
