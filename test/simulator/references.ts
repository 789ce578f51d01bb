// Reference images (image-to-image), checked as a real server would: each must decode, be of an
// allowed type and within the size limit, and there may be only so many. The answer's images are
// derived from the first reference (inverted and resized to the output size), so a test can
// prove the reference really travelled.
import type { Reply } from './http';
import type { RouteContext } from './route-checks';
import type { StoredImage } from './images';
import { loadSharp } from '../../src/core/convert/sharp';

/** What this simulated upstream accepts (more than the client sends: it enforces its own, stricter, limit). */
export const SIM_REFERENCE_LIMITS = { wan: 4, gemini: 14 } as const;
export const SIM_MAX_REFERENCE_BYTES = 10 * 1024 * 1024;
const ALLOWED = ['image/png', 'image/jpeg', 'image/webp'];

export type ReferenceSource =
  | { readonly kind: 'data'; readonly mime: string; readonly base64: string; readonly where: string }
  | { readonly kind: 'url'; readonly url: string; readonly where: string };

/** A decoded reference: its bytes, or undefined for a remote URL the simulator cannot fetch (it has no internet). */
export type Reference = Buffer | undefined;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A `data:image/...;base64,` URL or an http(s) URL, as an `image_url.url`. */
export function referenceFromUrl(url: string, where: string): ReferenceSource | string {
  const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (data) return { kind: 'data', mime: (data[1] ?? '').toLowerCase(), base64: data[2] ?? '', where };
  if (/^https?:\/\//i.test(url)) return { kind: 'url', url, where };
  return `${where} must be an http(s) URL or a base64 data: URL`;
}

/** Each reference decoded and checked, or the 400 a real server answers; `invalid` builds that reply. */
export async function readReferences(
  sources: readonly ReferenceSource[],
  limit: number,
  ctx: RouteContext,
  invalid: (message: string) => Reply,
): Promise<Reference[] | Reply> {
  if (sources.length > limit)
    return invalid(`too many images: at most ${limit} reference images are accepted, got ${sources.length}`);
  const out: Reference[] = [];
  for (const s of sources) {
    if (s.kind === 'url') {
      out.push(ownImage(s.url, ctx));
      continue;
    }
    if (!ALLOWED.includes(s.mime))
      return invalid(`${s.where}: unsupported image type ${s.mime}; use image/png, image/jpeg or image/webp`);
    if (!BASE64.test(s.base64)) return invalid(`${s.where}: the image data is not valid base64`);
    const bytes = Buffer.from(s.base64, 'base64');
    if (bytes.length > SIM_MAX_REFERENCE_BYTES)
      return invalid(`${s.where}: the image is ${bytes.length} bytes; at most ${SIM_MAX_REFERENCE_BYTES} are accepted`);
    try {
      const meta = await loadSharp()(bytes, { failOn: 'error' }).metadata();
      const format = meta.format === 'jpeg' ? 'image/jpeg' : `image/${meta.format ?? ''}`;
      if (format !== s.mime) return invalid(`${s.where}: the data is ${format}, not the declared ${s.mime}`);
      await loadSharp()(bytes, { failOn: 'error' }).raw().toBuffer();
    } catch (e) {
      return invalid(`${s.where}: the image cannot be decoded (${e instanceof Error ? e.message : String(e)})`);
    }
    out.push(bytes);
  }
  return out;
}

/** A link to one of the simulator's own images is read from its store; any other URL is accepted unread. */
function ownImage(url: string, ctx: RouteContext): Reference {
  const m = /\/images\/([^/?]+)\.png/.exec(url);
  const image = m?.[1] ? ctx.images.get(m[1]) : undefined;
  return image ? ctx.images.png(image) : undefined;
}

/** An answer image derived from the reference: its colours inverted, resized to the output size. */
export async function derivedImage(
  ref: Reference,
  width: number,
  height: number,
  ctx: RouteContext,
): Promise<StoredImage> {
  if (!ref) return ctx.images.create(width, height, 'pattern');
  const png = await loadSharp()(ref)
    .removeAlpha()
    .resize(width, height, { fit: 'fill' })
    .negate()
    .png({ compressionLevel: 1 })
    .toBuffer();
  return ctx.images.createFrom(png, width, height);
}
