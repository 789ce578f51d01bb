import * as l10n from '@vscode/l10n';
import { AisaError } from './errors';
import { checkModelSize } from './modelSizes';
import { DEFAULT_MODEL, MAX_IMAGES_BY_FAMILY, requireModel, type ModelInfo } from './models';
import { checkReferences, type ReferenceImage } from './refImages/limits';
import type { GenerationRequest } from './routes/types';

export const MAX_PROMPT_LENGTH = 4000;
export const MAX_IMAGES = 10;

export interface RequestInput {
  prompt: string;
  /** In the model's own form (modelSizes.ts); undefined takes the family's default. */
  size?: string | undefined;
  n?: number | undefined;
  model?: string | undefined;
  /** Read and prepared (refImages/prepare.ts): PNG, JPEG or WebP, at most 10 MB each. */
  references?: readonly ReferenceImage[] | undefined;
}

export interface ValidRequest extends GenerationRequest {
  readonly modelInfo: ModelInfo;
}

export function checkPrompt(prompt: string): string | undefined {
  if (!prompt.trim()) return l10n.t('The prompt is empty: describe the image you want.');
  if (prompt.length > MAX_PROMPT_LENGTH)
    return l10n.t('The prompt is {0} characters; the maximum is {1}.', prompt.length, MAX_PROMPT_LENGTH);
  return undefined;
}

/** With a model, also that model's own limit (Gemini makes one image per request). */
export function checkCount(n: number, model?: ModelInfo): string | undefined {
  if (!Number.isInteger(n) || n < 1 || n > MAX_IMAGES)
    return l10n.t('The number of images must be a whole number from 1 to {0}.', MAX_IMAGES);
  if (model && n > MAX_IMAGES_BY_FAMILY[model.family]) {
    return l10n.t(
      '{0} ({1}) makes one image per request (its route has no image count): ask for 1 image, and run again for more.',
      model.label,
      model.id,
    );
  }
  return undefined;
}

/** Everything that can be judged before spending money, judged before any request is sent. */
export function validateRequest(input: RequestInput): ValidRequest {
  const promptError = checkPrompt(input.prompt);
  if (promptError) throw new AisaError('input', promptError);
  const n = input.n ?? 1;
  const rangeError = checkCount(n);
  if (rangeError) throw new AisaError('input', rangeError);
  const modelInfo = requireModel(input.model ?? DEFAULT_MODEL);
  const references = input.references ?? [];
  const referenceError = checkReferences(modelInfo, references);
  if (referenceError) throw new AisaError('input', referenceError);
  const countError = checkCount(n, modelInfo);
  if (countError) throw new AisaError('input', countError);
  const size = checkModelSize(modelInfo, input.size);
  if (!size.ok) throw new AisaError('input', size.message);
  return {
    model: modelInfo.id,
    modelInfo,
    prompt: input.prompt.trim(),
    n,
    size: size.text,
    ...(references.length ? { references } : {}),
  };
}
