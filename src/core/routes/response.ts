import type { GenerationResponse, RemoteImage } from './types';

/** Token counts only: nested details (and anything not a number) are left out. */
export function numericUsage(usage: Readonly<Record<string, unknown>> | undefined): Record<string, number> | undefined {
  if (!usage) return undefined;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(usage)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  return out;
}

/**
 * A route's answer in the one shape the client returns: `created` now when the API leaves it
 * out, and `usage` and the model's text (its parts joined) only when there are any.
 */
export function generationResponse(parts: {
  model: string;
  created: number | undefined;
  images: readonly RemoteImage[];
  usage: Readonly<Record<string, number>> | undefined;
  texts?: readonly string[];
}): GenerationResponse {
  const { usage } = parts;
  const text = parts.texts?.join('\n') ?? '';
  return {
    model: parts.model,
    created: parts.created ?? Math.floor(Date.now() / 1000),
    images: parts.images,
    ...(usage ? { usage } : {}),
    ...(text ? { text } : {}),
  };
}
