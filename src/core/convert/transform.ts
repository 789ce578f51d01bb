/**
 * The web-ready step of the one pipeline: `generateAndSave(request, { ..., transform:
 * webReadyTransform({ format, quality, size, originals }) })`. Each image is converted as soon
 * as its own bytes are in, with its generation record inside, and its original kept.
 */
import type { AnnotateInfo, TransformedImage } from '../generate';
import { addPngText, isPng } from '../pngText';
import type { Size } from '../sizes';
import { convertImage, recordPngText } from './convert';
import type { OutputFormat } from './formats';
import type { ImageRecord } from './xmp';

export interface WebReadyOptions {
  readonly format: OutputFormat;
  /** 1-100 for webp, jpeg, avif; the format's default when left out. */
  readonly quality?: number | undefined;
  /** Exact delivered dimensions (resize + centre-crop); the generated size when left out. */
  readonly size?: Size | undefined;
  /**
   * Keeps the full-size original (OriginalsStore.put): awaited beside the conversion, and its
   * failure never costs the delivered image. The id it resolves to is the saved image's
   * `originalId` (undefined: not kept).
   */
  readonly keepOriginal?: ((bytes: Uint8Array, record: ImageRecord) => Promise<string | undefined>) | undefined;
}

/** What every delivered file records about its generation. */
export function recordOf(
  info: AnnotateInfo,
  delivered?: { format: OutputFormat; size?: Size | undefined },
): ImageRecord {
  const { request, result } = info;
  return {
    prompt: request.prompt,
    model: request.model,
    size: request.size,
    ...(result.requestId ? { requestId: result.requestId } : {}),
    created: info.created.toISOString(),
    ...(request.references?.length ? { references: request.references.map((r) => r.name).join(', ') } : {}),
    ...(delivered
      ? { delivered: `${delivered.size ? `${delivered.size.width}x${delivered.size.height} ` : ''}${delivered.format}` }
      : {}),
  };
}

/**
 * A `transform` for generateAndSave. A PNG kept as PNG at its own size is not re-encoded (only
 * its text chunks are added), so sharp is not even loaded for it.
 */
export function webReadyTransform(
  opts: WebReadyOptions,
): (bytes: Uint8Array, info: AnnotateInfo) => Promise<TransformedImage> {
  return async (bytes, info) => {
    const record = recordOf(info, { format: opts.format, size: opts.size });
    const kept: Promise<string | undefined> = opts.keepOriginal
      ? opts.keepOriginal(bytes, recordOf(info)).catch(() => undefined)
      : Promise.resolve(undefined);
    const converted = await deliver(bytes, info, opts, record).catch(async (e: unknown) => {
      await kept;
      throw e;
    });
    const originalId = await kept;
    return originalId ? { ...converted, originalId } : converted;
  };
}

async function deliver(
  bytes: Uint8Array,
  info: AnnotateInfo,
  opts: WebReadyOptions,
  record: ImageRecord,
): Promise<TransformedImage> {
  if (opts.format === 'png' && !opts.size && info.mime === 'image/png' && isPng(bytes)) {
    const out = addPngText(bytes, recordPngText(record));
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    return { bytes: out, mime: 'image/png', ext: 'png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  const c = await convertImage(bytes, { format: opts.format, quality: opts.quality, size: opts.size, record });
  return { bytes: c.bytes, mime: c.mime, ext: c.ext, width: c.width, height: c.height };
}
