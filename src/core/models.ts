import * as l10n from '@vscode/l10n';
import { AisaError } from './errors';

/** Each family has exactly one route; sending a model to another family's route fails upstream. */
export type ModelFamily = 'seedream' | 'wan' | 'gemini';

export interface ModelInfo {
  readonly id: string;
  readonly family: ModelFamily;
  readonly label: string;
  /** USD per generated image; undefined where the provider does not publish one. */
  readonly pricePerImageUsd: number | undefined;
  /** False while the route is known but not implemented: asking gives a clear error, not a 404. */
  readonly supported: boolean;
}

/**
 * How a family's size is chosen: Seedream takes WIDTHxHEIGHT pixels, Gemini an aspect ratio and
 * a 1K/2K/4K resolution, and Wan's route documents no size field at all (see modelSizes.ts).
 */
export type SizeControl = 'pixels' | 'aspect-ratio-and-resolution' | 'none';

export const SIZE_CONTROL_BY_FAMILY: Readonly<Record<ModelFamily, SizeControl>> = {
  seedream: 'pixels',
  gemini: 'aspect-ratio-and-resolution',
  wan: 'none',
};

/** Images one request can ask for. generateContent has no image count, so Gemini makes one. */
export const MAX_IMAGES_BY_FAMILY: Readonly<Record<ModelFamily, number>> = {
  seedream: 10,
  wan: 10,
  gemini: 1,
};

export const DEFAULT_MODEL = 'seedream-4-5-251128';

export const MODELS: readonly ModelInfo[] = [
  { id: 'seedream-4-5-251128', family: 'seedream', label: 'Seedream 4.5', pricePerImageUsd: 0.04, supported: true },
  { id: 'wan2.7-image', family: 'wan', label: 'Wan 2.7', pricePerImageUsd: 0.03, supported: true },
  { id: 'wan2.7-image-pro', family: 'wan', label: 'Wan 2.7 Pro', pricePerImageUsd: 0.075, supported: true },
  // AIsa does not publish a Gemini image price: estimates say so rather than show $0.
  {
    id: 'gemini-3-pro-image-preview',
    family: 'gemini',
    label: 'Gemini 3 Pro Image',
    pricePerImageUsd: undefined,
    supported: true,
  },
];

export const ROUTE_BY_FAMILY: Readonly<Record<ModelFamily, string>> = {
  seedream: 'POST /images/generations',
  wan: 'POST /chat/completions',
  gemini: 'POST /models/{model}:generateContent',
};

/** Known ids, and unknown ids whose family is clear from the name (new Gemini or Wan versions). */
export function findModel(id: string): ModelInfo | undefined {
  const known = MODELS.find((m) => m.id === id);
  if (known) return known;
  const family: ModelFamily | undefined = /^gemini-.*image/.test(id)
    ? 'gemini'
    : /^wan\d/.test(id)
      ? 'wan'
      : /^seedream-/.test(id)
        ? 'seedream'
        : undefined;
  if (!family) return undefined;
  const sibling = MODELS.find((m) => m.family === family);
  return { id, family, label: id, pricePerImageUsd: undefined, supported: sibling?.supported ?? false };
}

export function requireModel(id: string): ModelInfo {
  const model = findModel(id);
  if (!model) {
    throw new AisaError(
      'input',
      l10n.t('Unknown model "{0}": use one of {1}.', id, MODELS.map((m) => m.id).join(', ')),
    );
  }
  if (!model.supported) {
    throw new AisaError(
      'unsupported_model',
      l10n.t(
        '{0} ({1}) is served through {2}, which this version does not support yet: use {3}.',
        model.label,
        model.id,
        ROUTE_BY_FAMILY[model.family],
        DEFAULT_MODEL,
      ),
    );
  }
  return model;
}

export function estimateCostUsd(model: ModelInfo, n: number): number | undefined {
  return model.pricePerImageUsd === undefined ? undefined : Math.round(model.pricePerImageUsd * n * 1000) / 1000;
}

export function formatUsd(amount: number | undefined): string {
  return amount === undefined ? l10n.t('price not published') : `$${amount.toFixed(amount < 1 ? 3 : 2)}`;
}

/** "$0.030 an image", or that the provider publishes no price (never a made-up $0). */
export function describePrice(model: ModelInfo): string {
  return model.pricePerImageUsd === undefined
    ? l10n.t('price not published')
    : l10n.t('{0} an image', formatUsd(model.pricePerImageUsd));
}
