import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { AisaError } from '../errors';
import { lazy } from '../lazy';
import { GEMINI_ASPECT_RATIOS, GEMINI_IMAGE_SIZES } from '../modelSizes';
import { describeZodError } from '../validation';

/**
 * Each route's request body, as the provider documents it: the last check before a paid call.
 * validateRequest has already judged the values and said what is wrong in words; these catch a
 * body that is not of the documented shape (a caller that skipped it, or a bug), so that it is
 * never sent. Types and bounds only: the API's own rules (the pixel minimum) stay its to enforce.
 */
const text = (): z.ZodMiniString => z.string().check(z.minLength(1));
const count = (): z.ZodMiniNumber => z.number().check(z.int(), z.minimum(1));

export const SeedreamRequest = lazy(() =>
  z.strictObject({ model: text(), prompt: text(), n: count(), size: z.string() }),
);

/** A reference travels as a base64 data: URL of an accepted type (Wan), or as its bare base64 (Gemini). */
const DATA_URL = /^data:image\/(?:png|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const imageMime = (): z.ZodMiniEnum<{
  'image/png': 'image/png';
  'image/jpeg': 'image/jpeg';
  'image/webp': 'image/webp';
}> => z.enum(['image/png', 'image/jpeg', 'image/webp']);

const hasOneText = (parts: readonly object[]): boolean => parts.filter((p) => 'text' in p).length === 1;

export const WanRequest = lazy(() =>
  z.strictObject({
    model: text(),
    messages: z
      .array(
        z.strictObject({
          role: z.literal('user'),
          content: z
            .array(
              z.union([
                z.strictObject({ type: z.literal('text'), text: text() }),
                z.strictObject({
                  type: z.literal('image_url'),
                  image_url: z.strictObject({ url: z.string().check(z.regex(DATA_URL)) }),
                }),
              ]),
            )
            .check(z.minLength(1), z.refine(hasOneText, 'one text part')),
        }),
      )
      .check(z.minLength(1)),
    n: count(),
  }),
);

export const GeminiRequest = lazy(() =>
  z.strictObject({
    contents: z
      .array(
        z.strictObject({
          role: z.literal('user'),
          parts: z
            .array(
              z.union([
                z.strictObject({ text: text() }),
                z.strictObject({
                  inlineData: z.strictObject({ mimeType: imageMime(), data: z.string().check(z.regex(BASE64)) }),
                }),
              ]),
            )
            .check(z.minLength(1), z.refine(hasOneText, 'one text part')),
        }),
      )
      .check(z.minLength(1)),
    generationConfig: z.strictObject({
      responseModalities: z.array(z.enum(['TEXT', 'IMAGE'])),
      imageConfig: z.strictObject({ aspectRatio: z.enum(GEMINI_ASPECT_RATIOS), imageSize: z.enum(GEMINI_IMAGE_SIZES) }),
    }),
  }),
);

/** The body itself when it has the documented shape; otherwise refused, with nothing sent. */
export function checkedBody<T>(schema: z.ZodMiniType<T>, body: T, model: string): T {
  const r = schema.safeParse(body);
  if (!r.success)
    throw new AisaError(
      'input',
      l10n.t('Not sending a malformed request for {0} ({1}): nothing was spent.', model, describeZodError(r.error)),
    );
  return body;
}
