/**
 * Reference images (editing, variations, composition): what each family takes, judged before
 * anything is sent. Pure: no sharp, no file system (prepare.ts reads and shrinks the files).
 */
import * as l10n from '@vscode/l10n';
import type { ImageMime } from '../imageType';
import type { ModelFamily, ModelInfo } from '../models';

/** A reference as it travels: its bytes in an accepted type, and the name shown for it (no path). */
export interface ReferenceImage {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly mime: ImageMime;
  /** Where it was read from (a file URI), for the history's Again; never sent. */
  readonly source?: string;
}

/** The formats sent as they are; anything else is converted to PNG first (prepare.ts). */
export const REFERENCE_MIMES: readonly ImageMime[] = ['image/png', 'image/jpeg', 'image/webp'];

/** At most this many bytes a reference; larger images are downscaled until they fit, never refused. */
export const MAX_REFERENCE_BYTES = 10 * 1024 * 1024;

/**
 * References a request may carry. AIsa documents image-to-image for Wan 2.7 (`image_url` parts)
 * and Gemini documents `inlineData` parts, but neither page says how many: where the spec is
 * silent the limit is one. Seedream's page documents text only.
 */
export const MAX_REFERENCES_BY_FAMILY: Readonly<Record<ModelFamily, number>> = {
  seedream: 0,
  wan: 1,
  gemini: 1,
};

export const seedreamTextOnly = (): string =>
  l10n.t('Seedream on AIsa takes text only; choose Wan 2.7 or Gemini to edit from images.');

export const takesReferences = (model: ModelInfo): boolean => MAX_REFERENCES_BY_FAMILY[model.family] > 0;

/** Why `count` references cannot go to `model`, or undefined when they can. */
export function checkReferenceCount(model: ModelInfo, count: number): string | undefined {
  if (count === 0) return undefined;
  const max = MAX_REFERENCES_BY_FAMILY[model.family];
  if (max === 0) return seedreamTextOnly();
  if (count > max) {
    return max === 1
      ? l10n.t(
          '{0} ({1}) takes {2} reference image here (AIsa does not document how many its route accepts, so one is the safe limit): give {2}, not {3}.',
          model.label,
          model.id,
          max,
          count,
        )
      : l10n.t(
          '{0} ({1}) takes {2} reference images here (AIsa does not document how many its route accepts, so one is the safe limit): give {2}, not {3}.',
          model.label,
          model.id,
          max,
          count,
        );
  }
  return undefined;
}

/** Why these references cannot be sent as they are (a caller that skipped prepare.ts), or undefined. */
export function checkReferences(model: ModelInfo, refs: readonly ReferenceImage[]): string | undefined {
  const countError = checkReferenceCount(model, refs.length);
  if (countError) return countError;
  for (const r of refs) {
    if (!REFERENCE_MIMES.includes(r.mime))
      return l10n.t('The reference {0} is {1}: only PNG, JPEG and WebP are sent.', r.name, r.mime);
    if (r.bytes.length > MAX_REFERENCE_BYTES)
      return l10n.t(
        'The reference {0} is {1} MB; at most 10 MB is sent.',
        r.name,
        (r.bytes.length / 1048576).toFixed(1),
      );
  }
  return undefined;
}

/** The file name alone, stripped of control characters and capped: it is shown and recorded. */
export function referenceName(pathOrName: string): string {
  const base = pathOrName.split(/[\\/]/).pop() ?? pathOrName;
  // eslint-disable-next-line no-control-regex
  return base.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').slice(0, 120) || 'reference';
}
