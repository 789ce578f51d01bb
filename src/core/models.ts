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

export const DEFAULT_MODEL = 'seedream-4-5-251128';

export const MODELS: readonly ModelInfo[] = [
  { id: 'seedream-4-5-251128', family: 'seedream', label: 'Seedream 4.5', pricePerImageUsd: 0.04, supported: true },
  { id: 'wan2.7-image', family: 'wan', label: 'Wan 2.7', pricePerImageUsd: 0.03, supported: false },
  { id: 'wan2.7-image-pro', family: 'wan', label: 'Wan 2.7 Pro', pricePerImageUsd: 0.075, supported: false },
  { id: 'gemini-3-pro-image-preview', family: 'gemini', label: 'Gemini 3 Pro Image', pricePerImageUsd: undefined, supported: false },
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
      `Unknown model "${id}": use one of ${MODELS.map((m) => m.id).join(', ')}.`,
    );
  }
  if (!model.supported) {
    throw new AisaError(
      'unsupported_model',
      `${model.label} (${model.id}) is served through ${ROUTE_BY_FAMILY[model.family]}, which this version does not support yet: use ${DEFAULT_MODEL}.`,
    );
  }
  return model;
}

export function estimateCostUsd(model: ModelInfo, n: number): number | undefined {
  return model.pricePerImageUsd === undefined ? undefined : Math.round(model.pricePerImageUsd * n * 1000) / 1000;
}

export function formatUsd(amount: number | undefined): string {
  return amount === undefined ? 'price not published' : `$${amount.toFixed(amount < 1 ? 3 : 2)}`;
}
