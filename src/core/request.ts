import { AisaError } from './errors';
import { DEFAULT_MODEL, requireModel, type ModelInfo } from './models';
import type { GenerationRequest } from './routes/types';
import { checkSize, DEFAULT_SIZE } from './sizes';

export const MAX_PROMPT_LENGTH = 4000;
export const MAX_IMAGES = 10;

export interface RequestInput {
  prompt: string;
  size?: string | undefined;
  n?: number | undefined;
  model?: string | undefined;
}

export interface ValidRequest extends GenerationRequest {
  readonly modelInfo: ModelInfo;
}

export function checkPrompt(prompt: string): string | undefined {
  if (!prompt.trim()) return 'The prompt is empty: describe the image you want.';
  if (prompt.length > MAX_PROMPT_LENGTH) return `The prompt is ${prompt.length} characters; the maximum is ${MAX_PROMPT_LENGTH}.`;
  return undefined;
}

export function checkCount(n: number): string | undefined {
  if (!Number.isInteger(n) || n < 1 || n > MAX_IMAGES) return `The number of images must be a whole number from 1 to ${MAX_IMAGES}.`;
  return undefined;
}

/** Everything that can be judged before spending money, judged before any request is sent. */
export function validateRequest(input: RequestInput): ValidRequest {
  const promptError = checkPrompt(input.prompt);
  if (promptError) throw new AisaError('input', promptError);
  const n = input.n ?? 1;
  const countError = checkCount(n);
  if (countError) throw new AisaError('input', countError);
  const modelInfo = requireModel(input.model ?? DEFAULT_MODEL);
  const size = checkSize(input.size ?? DEFAULT_SIZE);
  if (!size.ok) throw new AisaError('input', size.message);
  return { model: modelInfo.id, modelInfo, prompt: input.prompt.trim(), n, size: size.text };
}
