import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { AisaError } from '../errors';
import { checkGeminiSize } from '../modelSizes';
import { describeZodError } from '../validation';
import { lazy } from '../lazy';
import { base64 } from '../refImages/encode';
import { checkedBody, GeminiRequest } from './requestSchemas';
import { generationResponse, numericUsage } from './response';
import type { GeminiApiVersion, GenerationRequest, RemoteImage, RouteAdapter } from './types';

export const GEMINI_API_VERSIONS: readonly GeminiApiVersion[] = ['v1beta', 'v1'];
/** The routing table and the generateContent page of the provider's docs say /v1beta; one page says /v1. */
export const DEFAULT_GEMINI_API_VERSION: GeminiApiVersion = 'v1beta';

/** Reads a version from a setting or the environment; undefined (or empty) takes the default. */
export function parseGeminiApiVersion(text: string | undefined): GeminiApiVersion {
  const v = text?.trim().toLowerCase() ?? '';
  if (v === '') return DEFAULT_GEMINI_API_VERSION;
  const found = GEMINI_API_VERSIONS.find((k) => k === v);
  if (!found)
    throw new AisaError(
      'input',
      l10n.t(
        '"{0}" is not a Gemini API version: use {1} or {2} (default {3}).',
        String(text),
        GEMINI_API_VERSIONS[0] ?? '',
        GEMINI_API_VERSIONS[1] ?? '',
        DEFAULT_GEMINI_API_VERSION,
      ),
    );
  return found;
}

const GeminiResponse = lazy(() => {
  const InlineData = z.object({ mimeType: z.optional(z.string()), data: z.string() });
  // Google's REST answers in camelCase; some gateways pass the proto's snake_case through.
  const InlineDataSnake = z.object({ mime_type: z.optional(z.string()), data: z.string() });

  const GeminiPart = z.object({
    text: z.optional(z.string()),
    inlineData: z.optional(InlineData),
    inline_data: z.optional(InlineDataSnake),
    /** Gemini 3 image models may show their working: draft images and notes marked as thoughts. */
    thought: z.optional(z.boolean()),
  });

  return z.object({
    candidates: z.optional(
      z.array(
        z.object({
          content: z.optional(z.object({ parts: z.optional(z.array(GeminiPart)) })),
        }),
      ),
    ),
    usageMetadata: z.optional(z.record(z.string(), z.unknown())),
    modelVersion: z.optional(z.string()),
  });
});

function requestBody(req: GenerationRequest): unknown {
  if (req.n !== 1) {
    throw new AisaError(
      'input',
      l10n.t(
        '{0} makes one image per request (generateContent has no image count): ask for 1 image, and run again for more.',
        req.model,
      ),
    );
  }
  const size = checkGeminiSize(req.size);
  if (!size.ok) throw new AisaError('input', size.message);
  return checkedBody(
    GeminiRequest(),
    {
      // References go before the text part, as the Gemini API takes image input.
      contents: [
        {
          role: 'user' as const,
          parts: [
            ...(req.references ?? []).map((r) => ({ inlineData: { mimeType: r.mime, data: base64(r.bytes) } })),
            { text: req.prompt },
          ],
        },
      ],
      generationConfig: {
        responseModalities: ['TEXT' as const, 'IMAGE' as const],
        imageConfig: { aspectRatio: size.size.aspectRatio, imageSize: size.size.imageSize },
      },
    },
    req.model,
  );
}

/** Gemini image models: `{root}/{version}/models/{model}:generateContent`, images as base64 inlineData. */
export const geminiRoute: RouteAdapter = {
  mount: 'root',
  path: (model, opts) => `/${opts.geminiApiVersion}/models/${encodeURIComponent(model)}:generateContent`,
  body: requestBody,
  parse(json, req) {
    const r = GeminiResponse().safeParse(json);
    if (!r.success) throw new Error(describeZodError(r.error));
    const images: RemoteImage[] = [];
    const texts: string[] = [];
    for (const candidate of r.data.candidates ?? []) {
      for (const part of candidate.content?.parts ?? []) {
        if (part.thought) continue;
        const inline =
          part.inlineData ??
          (part.inline_data ? { mimeType: part.inline_data.mime_type, data: part.inline_data.data } : undefined);
        if (inline)
          images.push({ kind: 'inline', base64: inline.data, ...(inline.mimeType ? { mime: inline.mimeType } : {}) });
        else if (part.text?.trim()) texts.push(part.text.trim());
      }
    }
    return generationResponse({
      model: r.data.modelVersion ?? req.model,
      created: undefined,
      images,
      usage: numericUsage(r.data.usageMetadata),
      texts,
    });
  },
};
