/**
 * A file to a reference that can be sent: PNG, JPEG and WebP under 10 MB go as they are; other
 * formats are converted to PNG, and larger images are downscaled until they fit (never refused
 * for their size). sharp is loaded only when one of those is needed.
 */
import * as l10n from '@vscode/l10n';
import { AisaError } from '../errors';
import { sniffImageType, type ImageMime } from '../imageType';
import { loadSharp } from '../convert/sharp';
import { MAX_REFERENCE_BYTES, referenceName, REFERENCE_MIMES, type ReferenceImage } from './limits';

/** Each attempt shrinks the area by at least this much more than the bytes say, so it ends in a few steps. */
const MARGIN = 0.85;
const MAX_ATTEMPTS = 8;

export async function prepareReference(
  pathOrName: string,
  bytes: Uint8Array,
  maxBytes = MAX_REFERENCE_BYTES,
): Promise<ReferenceImage> {
  const name = referenceName(pathOrName);
  const sniffed = sniffImageType(bytes);
  if (sniffed && REFERENCE_MIMES.includes(sniffed) && bytes.length <= maxBytes) return { name, bytes, mime: sniffed };
  const sharp = loadSharp();
  let width: number;
  let height: number;
  try {
    const meta = await sharp(bytes, { failOn: 'error' }).metadata();
    width = meta.width ?? 0;
    height = meta.height ?? 0;
    if (!width || !height) throw new Error('no dimensions');
  } catch (e) {
    throw new AisaError(
      'input',
      l10n.t(
        'The reference {0} is not an image that can be read (PNG, JPEG, WebP, GIF, AVIF, TIFF or SVG): {1}.',
        name,
        (e instanceof Error ? e.message.split('\n')[0] : String(e)) ?? '',
      ),
      { cause: e },
    );
  }
  // Converted formats become PNG; accepted ones keep their own type when shrunk.
  const mime: ImageMime = sniffed && REFERENCE_MIMES.includes(sniffed) ? sniffed : 'image/png';
  let scale = 1;
  let size = bytes.length;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (size > maxBytes) scale *= Math.sqrt(maxBytes / size) * MARGIN;
    const w = Math.max(1, Math.round(width * scale));
    const h = Math.max(1, Math.round(height * scale));
    let pipeline = sharp(bytes, { failOn: 'error' }).rotate();
    if (scale < 1) pipeline = pipeline.resize(w, h, { fit: 'fill' });
    pipeline =
      mime === 'image/jpeg'
        ? pipeline.jpeg({ quality: 90 })
        : mime === 'image/webp'
          ? pipeline.webp({ quality: 90 })
          : pipeline.png({ compressionLevel: 9 });
    const out = new Uint8Array(await pipeline.toBuffer());
    if (out.length <= maxBytes) return { name, bytes: out, mime };
    size = out.length;
  }
  throw new AisaError(
    'input',
    l10n.t(
      'The reference {0} could not be made smaller than {1} MB: choose a smaller image.',
      name,
      Math.round(maxBytes / 1048576),
    ),
  );
}
