import type { AnnotateInfo, TransformedImage } from '../generate';
import { addPngText, isPng } from '../pngText';

/** The PNG text keyword naming the images a file was edited or composed from (JSON list of names). */
export const REFERENCES_KEYWORD = 'AIsa:References';

type Transform = (bytes: Uint8Array, info: AnnotateInfo) => Promise<TransformedImage>;

/**
 * A transform whose PNGs also name their references (annotate's record already does for files
 * saved as they came). Other formats keep the transform's own record.
 */
export function referenceRecorder(transform: Transform): Transform {
  return async (bytes, info) => {
    const out = await transform(bytes, info);
    const names = info.request.references?.map((r) => r.name) ?? [];
    if (!names.length || out.mime !== 'image/png' || !isPng(out.bytes)) return out;
    return { ...out, bytes: addPngText(out.bytes, [{ keyword: REFERENCES_KEYWORD, text: JSON.stringify(names) }]) };
  };
}
